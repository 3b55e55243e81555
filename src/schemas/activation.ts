import { Type, type Static } from 'typebox';
import { FloatDatatype, FloatTensor, FloatTensorOut, Shape, TensorData } from './tensor.js';
import { errorResponses } from './error.js';

export const ACTIVATION_NAMES = ['relu', 'leaky_relu', 'prelu', 'elu', 'selu'] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];
export const ONNX_OP_NAMES = ['Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu'] as const;

export const ActivationParameters = Type.Object(
  {
    alpha: Type.Optional(
      Type.Number({ description: 'leaky_relu: negative slope (0.01); elu: 1.0; selu: 1.6732632...' }),
    ),
    gamma: Type.Optional(Type.Number({ description: 'selu only: scale (1.0507010...).' })),
  },
  { additionalProperties: false },
);

const SlopeTensor = Type.Object(
  { shape: Shape, data: TensorData },
  { additionalProperties: false, description: 'A slope tensor broadcast into the input by the ONNX PRelu rule.' },
);

export const Slope = Type.Union(
  [
    Type.Number({ description: 'One slope for every element.' }),
    Type.Array(Type.Number(), {
      minItems: 1,
      description: 'One slope per channel along axis 1 (PyTorch nn.PReLU(num_parameters=C)).',
    }),
    SlopeTensor,
  ],
  { description: 'prelu only (required there): the learned negative slope.' },
);

export const ActivationRequest = Type.Object(
  {
    input: FloatTensor,
    parameters: Type.Optional(ActivationParameters),
    slope: Type.Optional(Slope),
    grad_output: Type.Optional(
      Type.Object(
        { shape: Type.Optional(Shape), data: TensorData },
        {
          additionalProperties: false,
          description: 'Upstream gradient dy, same shape as input (default: ones).',
        },
      ),
    ),
    gradient: Type.Optional(
      Type.Boolean({ default: false, description: 'Also return grad_input (and grad_slope for prelu).' }),
    ),
    stats: Type.Optional(Type.Boolean({ default: false, description: 'Also return dying-ReLU diagnostics.' })),
  },
  { additionalProperties: false },
);
export type ActivationRequest = Static<typeof ActivationRequest>;

/** Query parameters: the parameters of a binary (.npy) request, or flags for either kind. */
export const ActivationQuery = Type.Object(
  {
    alpha: Type.Optional(Type.Number()),
    gamma: Type.Optional(Type.Number()),
    slope: Type.Optional(
      Type.String({
        pattern: '^[^,]+(,[^,]+)*$',
        description: 'prelu with a .npy body: one number, or comma-separated per-channel slopes.',
      }),
    ),
    gradient: Type.Optional(Type.Boolean()),
    stats: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ActivationQuery = Static<typeof ActivationQuery>;

export const ActivationStats = Type.Object({
  negative_input_fraction: Type.Number({ description: 'Fraction of inputs below zero.' }),
  zero_output_fraction: Type.Number({ description: 'Fraction of outputs exactly zero.' }),
  zero_gradient_fraction: Type.Number({
    description: "Fraction of elements where the activation's derivative f'(x) is zero.",
  }),
  units: Type.Integer({ description: 'Units along axis 1 (0 for tensors of rank below 2).' }),
  dead_units: Type.Array(Type.Integer(), {
    description: "Units along axis 1 whose f'(x) is zero for every sample and position in the batch.",
  }),
  dead_unit_fraction: Type.Number(),
});

export const ActivationResponse = Type.Object({
  activation: Type.Enum([...ACTIVATION_NAMES]),
  parameters: Type.Record(Type.String(), Type.Number(), {
    description: 'The parameters used, defaults filled in.',
  }),
  output: FloatTensorOut,
  grad_input: Type.Optional(FloatTensorOut),
  grad_slope: Type.Optional(FloatTensorOut),
  stats: Type.Optional(ActivationStats),
});
export type ActivationResponse = Static<typeof ActivationResponse>;

export const ActivationInfo = Type.Object({
  name: Type.Enum([...ACTIVATION_NAMES]),
  onnx: Type.Enum([...ONNX_OP_NAMES]),
  formula: Type.String(),
  derivative: Type.String(),
  parameters: Type.Array(
    Type.Object({ name: Type.String(), default: Type.Union([Type.Number(), Type.Null()]), description: Type.String() }),
  ),
  reference: Type.String(),
  spec: Type.String({ description: 'The ONNX operator specification.' }),
});

export const ActivationList = Type.Object({ activations: Type.Array(ActivationInfo) });

export const ActivationParams = Type.Object({
  name: Type.String({ description: 'relu, leaky_relu, prelu, elu, selu, or the ONNX spelling (Relu, LeakyRelu, ...).' }),
});

export const activationRouteErrors = errorResponses(400, 404, 406, 413, 415, 500);
export { FloatDatatype };
