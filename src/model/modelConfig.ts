/**
 * A model's optional `config.json`: Triton's model configuration
 * (docs/user_guide/model_configuration.md) in JSON, reduced to what this service uses.
 * Unknown fields are errors, so a typo fails the load instead of being ignored.
 */
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { BackendName, Datatype } from './types.js';

const DIM = Type.Integer({ minimum: -1, description: 'a dimension; -1 for any size' });

const TensorOverride = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    /** OIP spelling (FP32) or Triton's (TYPE_FP32); must agree with the graph. */
    datatype: Type.Optional(Type.String()),
    data_type: Type.Optional(Type.String()),
    /** Triton's dims: without the batch dimension when max_batch_size > 0. */
    dims: Type.Optional(Type.Array(DIM)),
    /** The full shape, batch dimension included. */
    shape: Type.Optional(Type.Array(DIM)),
  },
  { additionalProperties: false },
);

const VersionPolicySchema = Type.Object(
  {
    latest: Type.Optional(
      Type.Object({ num_versions: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    ),
    all: Type.Optional(Type.Object({}, { additionalProperties: false })),
    specific: Type.Optional(
      Type.Object(
        { versions: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);

export const ModelConfigSchema = Type.Object(
  {
    /** When given, must equal the model's folder name (as Triton requires). */
    name: Type.Optional(Type.String()),
    platform: Type.Optional(Type.Enum(['onnxruntime_onnx'])),
    backend: Type.Optional(Type.Enum(['onnxruntime', 'native'])),
    max_batch_size: Type.Optional(Type.Integer({ minimum: 0 })),
    version_policy: Type.Optional(VersionPolicySchema),
    input: Type.Optional(Type.Array(TensorOverride)),
    output: Type.Optional(Type.Array(TensorOverride)),
    /** Class names: one list for a single-output model, or one list per output name. */
    labels: Type.Optional(
      Type.Union([Type.Array(Type.String()), Type.Record(Type.String(), Type.Array(Type.String()))]),
    ),
    parameters: Type.Optional(
      Type.Object(
        { intra_op_threads: Type.Optional(Type.Integer({ minimum: 0, maximum: 256 })) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type ModelConfigFile = Static<typeof ModelConfigSchema>;
export type TensorOverride = Static<typeof TensorOverride>;
export type VersionPolicy =
  | { latest: { num_versions: number } }
  | { all: Record<string, never> }
  | { specific: { versions: number[] } };

export const DEFAULT_VERSION_POLICY: VersionPolicy = { latest: { num_versions: 1 } };

/** One input or output as GET .../config shows it (Triton's ModelInput/ModelOutput). */
export interface ConfigTensor {
  name: string;
  /** Open Inference Protocol spelling, FP32. */
  datatype: Datatype;
  /** Triton's spelling, TYPE_FP32, for clients that read Triton configs. */
  data_type: string;
  /** Without the batch dimension when max_batch_size > 0, as in Triton. */
  dims: number[];
}

/** What GET /v2/models/{m}[/versions/{v}]/config returns. */
export interface EffectiveConfig {
  name: string;
  platform: 'onnxruntime_onnx';
  backend: BackendName;
  max_batch_size: number;
  version_policy: VersionPolicy;
  input: ConfigTensor[];
  output: ConfigTensor[];
  /** Class names per output name. */
  labels?: Record<string, string[]>;
  parameters?: { intra_op_threads?: number };
}

/** A config.json problem; the message names the field. */
export class ModelConfigError extends Error {}

interface SchemaError {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

// The union and boolean-schema entries only repeat what a more specific error says.
const NOISE = new Set(['anyOf', 'oneOf', 'boolean']);

function describe(error: SchemaError): string {
  const path = error.instancePath === '' ? '/' : error.instancePath;
  const { keyword, params } = error;
  if (keyword === 'additionalProperties') {
    const [extra] = params.additionalProperties as string[];
    return `${path} has unknown property '${extra}'`;
  }
  if (keyword === 'enum') return `${path} must be one of ${(params.allowedValues as string[]).join(', ')}`;
  return `${path} ${error.message}`;
}

/** Parses and validates config.json's text; throws ModelConfigError naming the first bad field. */
export function parseModelConfig(text: string): ModelConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ModelConfigError(`config.json: not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const errors = Value.Errors(ModelConfigSchema, value) as unknown as SchemaError[];
  if (errors.length > 0) {
    const first = errors.find((e) => !NOISE.has(e.keyword)) ?? errors[0];
    throw new ModelConfigError(`config.json: ${describe(first)}`);
  }
  return value as ModelConfigFile;
}
