/**
 * Open Inference Protocol (KServe V2) bodies, after ../shared/specs/open_inference_rest.yaml and
 * MLServer's dataplane.json, plus the parameters of Triton's binary tensor data and
 * classification extensions. Requests allow unknown fields, as the protocol does.
 */
import { Type, type Static } from 'typebox';
import { BACKEND_NAMES, DATATYPES } from '../model/types.js';
import { Shape, TensorData } from './tensor.js';

export const Datatype = Type.Enum([...DATATYPES], {
  description: 'Element type. BYTES is not supported in requests.',
});

const OpenParameters = { additionalProperties: true } as const;

export const RequestParameters = Type.Object(
  {
    binary_data_output: Type.Optional(
      Type.Boolean({ description: 'Binary tensor extension: return every output as binary data by default.' }),
    ),
    backend: Type.Optional(
      Type.Enum([...BACKEND_NAMES], {
        description:
          "Run this request on this backend instead of the model's configured one, where both can run the model " +
          '(model metadata says which can), to check them against each other.',
      }),
    ),
  },
  { ...OpenParameters, description: 'Request parameters (free-form key/value pairs).' },
);

export const InputParameters = Type.Object(
  {
    binary_data_size: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Binary tensor extension: this input is this many raw bytes after the JSON header.',
      }),
    ),
  },
  OpenParameters,
);

export const OutputParameters = Type.Object(
  {
    binary_data: Type.Optional(
      Type.Boolean({ description: 'Binary tensor extension: return this output as raw bytes after the JSON.' }),
    ),
    classification: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Classification extension: return the top N classes as "value:index[:label]" strings.',
      }),
    ),
  },
  OpenParameters,
);

export const RequestInput = Type.Object({
  name: Type.String(),
  shape: Shape,
  datatype: Datatype,
  parameters: Type.Optional(InputParameters),
  data: Type.Optional(TensorData),
});

export const RequestOutput = Type.Object({
  name: Type.String(),
  parameters: Type.Optional(OutputParameters),
});

export const InferenceRequest = Type.Object(
  {
    id: Type.Optional(Type.String({ description: 'Echoed in the response.' })),
    parameters: Type.Optional(RequestParameters),
    inputs: Type.Array(RequestInput, { minItems: 1 }),
    outputs: Type.Optional(
      Type.Array(RequestOutput, { description: 'The outputs to return (default: all of them, as JSON).' }),
    ),
  },
  { title: 'InferenceRequest', additionalProperties: true },
);
export type InferenceRequest = Static<typeof InferenceRequest>;

export const ResponseOutput = Type.Object({
  name: Type.String(),
  shape: Type.Array(Type.Integer({ minimum: 0 })),
  datatype: Type.String({ description: 'An OIP datatype; BYTES for classification results.' }),
  parameters: Type.Optional(Type.Object({ binary_data_size: Type.Optional(Type.Integer()) }, OpenParameters)),
  data: Type.Optional(
    Type.Unsafe<unknown[]>({
      type: 'array',
      description: 'Flat row-major elements; absent when the output is binary (see parameters.binary_data_size).',
    }),
  ),
});

export const InferenceResponse = Type.Object(
  {
    model_name: Type.String(),
    model_version: Type.String(),
    id: Type.Optional(Type.String()),
    parameters: Type.Optional(Type.Object({}, OpenParameters)),
    outputs: Type.Array(ResponseOutput),
  },
  { title: 'InferenceResponse' },
);

export const ServerMetadata = Type.Object(
  {
    name: Type.String(),
    version: Type.String(),
    extensions: Type.Array(Type.String(), { description: "Triton's names for the protocol extensions served." }),
  },
  { title: 'ServerMetadata' },
);

export const ServerLive = Type.Object({ live: Type.Boolean() });
export const ServerReady = Type.Object({ ready: Type.Boolean() });
export const ModelReady = Type.Object({ name: Type.String(), ready: Type.Boolean() });

export const MetadataTensor = Type.Object({
  name: Type.String(),
  datatype: Datatype,
  shape: Type.Array(Type.Integer({ minimum: -1 }), { description: '-1 marks a dimension of any size.' }),
});

export const ModelMetadata = Type.Object(
  {
    name: Type.String(),
    versions: Type.Array(Type.String()),
    platform: Type.String(),
    inputs: Type.Array(MetadataTensor),
    outputs: Type.Array(MetadataTensor),
    parameters: Type.Object(
      {
        backend: Type.Enum([...BACKEND_NAMES], { description: 'The backend requests run on unless they ask for another.' }),
        onnxruntime_backend: Type.Enum(['supported', 'unsupported'], { description: 'Whether ONNX Runtime can run this model.' }),
        native_backend: Type.Enum(['supported', 'unsupported'], {
          description: "Whether the native TypeScript kernels can run this model (every op and type supported).",
        }),
        onnxruntime_backend_reason: Type.Optional(Type.String({ description: 'Why ONNX Runtime cannot run it.' })),
        native_backend_reason: Type.Optional(
          Type.String({ description: 'Why the native backend cannot run it, e.g. every op it lacks, with the opset.' }),
        ),
      },
      { description: 'Backends: which serves the model, and which could (for `parameters.backend` on an infer request).' },
    ),
  },
  { title: 'ModelMetadata' },
);

export const ModelConfig = Type.Object(
  {},
  {
    title: 'ModelConfig',
    additionalProperties: true,
    description: "The effective configuration, in the JSON form of Triton's ModelConfig (model_config.proto).",
  },
);

export const ModelParams = Type.Object({ model_name: Type.String({ minLength: 1 }) });
export const ModelVersionParams = Type.Object({
  model_name: Type.String({ minLength: 1 }),
  model_version: Type.String({ minLength: 1, description: 'A numeric version.' }),
});
export type ModelVersionParams = Partial<Static<typeof ModelVersionParams>> & { model_name: string };
