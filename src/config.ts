/**
 * The service's configuration: one typed object read from the environment, validated once.
 * Nothing else in the code reads process.env.
 */
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const MiB = 1024 * 1024;

export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
  /** Pretty, human-readable logs (pino-pretty, a dev dependency); JSON lines otherwise. */
  LOG_PRETTY: Type.Boolean({ default: false }),
  /** Largest request body accepted, in bytes (413 above it). */
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 64 * MiB }),
  /** Largest tensor accepted, in elements (413 above it). */
  MAX_TENSOR_ELEMENTS: Type.Integer({ minimum: 1, default: 16 * MiB }),
  /** Triton-style model repository: <repo>/<name>/<version>/model.onnx. */
  MODEL_REPOSITORY: Type.String({ minLength: 1, default: './models' }),
  /** onnxruntime intra-op threads per session; 0 lets onnxruntime choose (one per core). */
  ORT_INTRA_OP_THREADS: Type.Integer({ minimum: 0, maximum: 256, default: 0 }),
  /** When set, the repository routes (load, unload, index) need `Authorization: Bearer <token>`. */
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
});

export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Reads the config from an environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = {}): Config {
  const keys = Object.keys(ConfigSchema.properties) as (keyof Config)[];
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  const errors = Value.Errors(ConfigSchema, withDefaults);
  if (errors.length > 0) {
    const lines = new Set(
      errors.map((e) => {
        const name = e.instancePath.replace(/^\//, '');
        return `${name}=${JSON.stringify(raw[name])}: ${e.message}`;
      }),
    );
    throw new ConfigError(`invalid configuration: ${[...lines].join('; ')}`);
  }
  return withDefaults as Config;
}
