/**
 * Runs one inference for a route and records it in the Prometheus metrics: success with the
 * model layer's timings, or failure. Failures are counted only against a version that is serving,
 * so requests naming random models cannot grow the label set; a request that named no version
 * counts against the one the registry serves by default (the highest ready).
 */
import type { ServingMetrics } from '../../metrics.js';
import type { Tensor } from '../../model/types.js';
import type { InferResult, ServingRegistry } from './registryApi.js';

export interface InferenceDeps {
  registry: ServingRegistry;
  metrics: ServingMetrics;
}

export interface Observed<T> {
  result: InferResult;
  inputs: Tensor[];
  value: T;
}

/** Rows in the request: the first input's first dimension when the model batches. */
function batchSize({ maxBatchSize }: InferResult, inputs: Tensor[]): number {
  return maxBatchSize > 0 && inputs.length > 0 && inputs[0].shape.length > 0 ? inputs[0].shape[0] : 1;
}

/** The version a failed request counts against, or undefined when it names nothing serving. */
function servingVersion(registry: ServingRegistry, name: string, version: string | undefined): string | undefined {
  try {
    if (!registry.modelReady(name, version)) return undefined;
    if (version !== undefined) return version;
    const versions = registry.metadata(name).versions.map(Number);
    return versions.length === 0 ? undefined : String(Math.max(...versions));
  } catch {
    return undefined; // unknown model or version
  }
}

/** Records a failed request (thrown by decoding, the model or encoding) against the version serving. */
export function recordFailure({ registry, metrics }: InferenceDeps, name: string, version: string | undefined): void {
  const counted = servingVersion(registry, name, version);
  if (counted !== undefined) metrics.recordFailure(name, counted);
}

/** Records a successful request that started at `started` (process.hrtime.bigint()). */
export function recordSuccess({ metrics }: InferenceDeps, started: bigint, result: InferResult, inputs: Tensor[]): void {
  const elapsed = process.hrtime.bigint() - started;
  metrics.recordSuccess(result.modelName, result.modelVersion, batchSize(result, inputs), elapsed, result.timings);
}

export async function observeInference<T>(
  deps: InferenceDeps,
  name: string,
  version: string | undefined,
  work: () => Promise<Observed<T>>,
): Promise<T> {
  const started = process.hrtime.bigint();
  let observed: Observed<T>;
  try {
    observed = await work();
  } catch (error) {
    recordFailure(deps, name, version);
    throw error;
  }
  recordSuccess(deps, started, observed.result, observed.inputs);
  return observed.value;
}
