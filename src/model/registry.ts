/**
 * The model registry owns every model's lifecycle (Triton's model repository manager, reduced):
 * versions show LOADING, then READY or UNAVAILABLE with the reason; a reload loads the new
 * instances before it retires the old ones; a failed load leaves what was serving in place;
 * an unload lets running requests finish. Each lifecycle event is logged once.
 */
import { existsSync } from 'node:fs';
import type { BaseLogger } from 'pino';
import { InferenceFailed, ModelNotFound, ModelNotReady, ModelVersionNotFound } from '../errors.js';
import type { Backend } from './backend.js';
import { viewAs } from './datatypes.js';
import { Lifecycle } from './lifecycle.js';
import { errorMessage } from './loadVersion.js';
import type { EffectiveConfig } from './modelConfig.js';
import { ModelEntry } from './modelEntry.js';
import { NativeBackend } from './nativeBackend.js';
import { OnnxruntimeBackend } from './onnxruntimeBackend.js';
import { assertSafeModelName, listModelNames } from './repository.js';
import type { ServingInstance } from './servingInstance.js';
import type { InferTimings, ModelStatistics } from './statistics.js';
import { BACKEND_NAMES, type BackendName, type ModelVersionStatus, type Tensor, type TensorSpec } from './types.js';
import { validateInferRequest } from './validateInputs.js';

export type { EffectiveConfig } from './modelConfig.js';
export type { InferTimings, ModelStatistics } from './statistics.js';

export interface RegistryOptions {
  repository: string;
  intraOpThreads: number;
  logger: BaseLogger;
  /** The backends models load into; both built-in ones unless given (tests hand in fakes). */
  backends?: Partial<Record<BackendName, Backend>>;
}

export interface ModelMetadata {
  name: string;
  versions: string[];
  platform: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  parameters: BackendSupport;
}

/**
 * Which backend serves the model by default and whether each backend can run it (a request picks
 * one with `parameters.backend`); `<backend>_backend_reason` says why one cannot.
 */
export interface BackendSupport {
  backend: BackendName;
  onnxruntime_backend: Support;
  native_backend: Support;
  onnxruntime_backend_reason?: string;
  native_backend_reason?: string;
}

type Support = 'supported' | 'unsupported';

export interface InferResult {
  modelName: string;
  modelVersion: string;
  outputs: Tensor[];
  timings: InferTimings;
  /** The version's max_batch_size (> 0: the first dimension is the batch), so callers need no second lookup. */
  maxBatchSize: number;
}

const PLATFORM = 'onnxruntime_onnx';

export class ModelRegistry {
  private readonly models = new Map<string, ModelEntry>();
  private readonly lifecycle: Lifecycle;
  private readonly log: BaseLogger;
  private started = false;
  private closed = false;
  private repositoryProblem: string | undefined;

  constructor(private readonly options: RegistryOptions) {
    this.log = options.logger;
    this.lifecycle = new Lifecycle({
      repository: options.repository,
      intraOpThreads: options.intraOpThreads,
      backends: options.backends ?? { onnxruntime: new OnnxruntimeBackend(), native: new NativeBackend() },
      log: options.logger,
    });
  }

  /** Loads every model in the repository; failures are recorded and logged, never thrown. */
  async loadAll(): Promise<void> {
    const root = this.options.repository;
    if (!existsSync(root)) {
      this.repositoryProblem = `model repository ${root} does not exist`;
      this.log.error({ repository: root }, this.repositoryProblem);
    } else {
      const names = listModelNames(root, this.log);
      await Promise.all(names.map((name) => this.load(name).catch(() => undefined)));
    }
    this.started = true;
  }

  /** Triton's strict readiness: every version meant to serve is READY. */
  isReady(): boolean {
    if (!this.started || this.closed || this.repositoryProblem !== undefined) return false;
    return [...this.models.values()].every((entry) => entry.isSettled());
  }

  index(): ModelVersionStatus[] {
    const rows = [...this.models.values()].flatMap((entry) => entry.statuses());
    const root = this.options.repository;
    const onDisk = existsSync(root) ? listModelNames(root) : [];
    for (const name of onDisk) {
      if (!this.models.has(name)) rows.push({ name, version: '', state: 'UNAVAILABLE', reason: 'not loaded' });
    }
    return rows.sort((a, b) => (a.name === b.name ? Number(a.version) - Number(b.version) : a.name < b.name ? -1 : 1));
  }

  metadata(name: string, version?: string): ModelMetadata {
    const { entry, instance } = this.serving(name, version);
    const { inputs, outputs } = instance.resolved;
    return { name, versions: entry.readyVersions(), platform: PLATFORM, inputs, outputs, parameters: backendSupport(instance) };
  }

  modelReady(name: string, version?: string): boolean {
    const entry = this.entry(name);
    if (version === undefined || version === '') return entry.readyVersions().length > 0;
    const found = entry.versions.get(version);
    if (found === undefined) throw new ModelVersionNotFound(name, version);
    return found.state === 'READY';
  }

  config(name: string, version?: string): EffectiveConfig {
    return this.serving(name, version).instance.resolved.config;
  }

  labels(name: string, output: string): string[] | undefined {
    return this.serving(name, undefined).instance.resolved.config.labels?.[output];
  }

  async infer(
    name: string,
    version: string | undefined,
    inputs: Tensor[],
    outputNames?: string[],
    backend?: BackendName,
  ): Promise<InferResult> {
    const start = process.hrtime.bigint();
    const { entry, version: servingVersion, instance } = this.serving(name, version);
    const stats = entry.stats(servingVersion);
    const { resolved } = instance;
    const model = instance.pick(name, servingVersion, backend);
    instance.acquire();
    try {
      const request = validateInferRequest(
        { modelName: name, maxBatchSize: resolved.config.max_batch_size, inputs: resolved.inputs, outputs: resolved.outputs },
        inputs,
        outputNames,
      );
      const queueEnd = process.hrtime.bigint();
      // Graph order, each array seen as its datatype's storage (a view, not a copy).
      const feeds = resolved.inputs.map((spec) => {
        const tensor = inputs.find((t) => t.name === spec.name) as Tensor;
        return { ...tensor, data: viewAs(tensor.datatype, tensor.data) };
      });
      const inputEnd = process.hrtime.bigint();
      const outputs = await model.run(feeds, request.outputNames);
      const inferEnd = process.hrtime.bigint();
      checkOutputs(outputs, request.outputNames);
      const end = process.hrtime.bigint();
      const timings: InferTimings = {
        queueNs: queueEnd - start,
        computeInputNs: inputEnd - queueEnd,
        computeInferNs: inferEnd - inputEnd,
        computeOutputNs: end - inferEnd,
      };
      stats.recordSuccess(request.batchSize, end - start, timings);
      return { modelName: name, modelVersion: servingVersion, outputs, timings, maxBatchSize: resolved.config.max_batch_size };
    } catch (err) {
      stats.recordFailure(process.hrtime.bigint() - start);
      if (typeof (err as { statusCode?: unknown }).statusCode === 'number') throw err;
      throw new InferenceFailed(name, errorMessage(err));
    } finally {
      instance.release();
    }
  }

  /** (Re)loads a model from disk per its version policy; throws ModelLoadFailed when any part fails. */
  async load(name: string): Promise<void> {
    assertSafeModelName(name);
    let entry = this.models.get(name);
    if (entry === undefined) {
      // Registered at once so that concurrent loads of a new model queue on the same entry.
      entry = new ModelEntry(name);
      this.models.set(name, entry);
    }
    const registered = entry;
    await entry.exclusive(() => this.lifecycle.loadModel(registered, () => this.models.delete(name)));
  }

  /** Marks the model's versions UNLOADING, waits for their running requests, disposes them. */
  async unload(name: string): Promise<void> {
    assertSafeModelName(name);
    const entry = this.entry(name);
    await entry.exclusive(async () => {
      entry.failure = undefined;
      await Promise.all([...entry.versions.values()].map((v) => this.lifecycle.retireVersion(entry, v)));
    });
  }

  statistics(name?: string, version?: string): ModelStatistics[] {
    if (name === undefined) return [...this.models.values()].flatMap((e) => e.statistics());
    const entry = this.entry(name);
    if (version === undefined || version === '') return entry.statistics();
    if (!entry.versions.has(version)) throw new ModelVersionNotFound(name, version);
    return [entry.stats(version).snapshot()];
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.models.keys()].map((name) => this.unload(name)));
  }

  private entry(name: string): ModelEntry {
    const entry = this.models.get(name);
    if (entry === undefined) throw new ModelNotFound(name);
    return entry;
  }

  /** The instance a request goes to: the version asked for, or the highest READY one. */
  private serving(name: string, version: string | undefined): { entry: ModelEntry; version: string; instance: ServingInstance } {
    const entry = this.entry(name);
    if (version !== undefined && version !== '') {
      const found = entry.versions.get(version);
      if (found === undefined) throw new ModelVersionNotFound(name, version);
      if (found.state !== 'READY' || found.instance === undefined) {
        throw new ModelNotReady(name, version, found.reason || found.state.toLowerCase());
      }
      return { entry, version, instance: found.instance };
    }
    const ready = entry.highestReady();
    if (ready?.instance !== undefined) return { entry, version: ready.version, instance: ready.instance };
    const last = entry.sorted().pop();
    throw new ModelNotReady(name, last?.version ?? 'latest', entry.failure ?? (last?.reason || 'no version is ready'));
  }
}

function backendSupport(instance: ServingInstance): BackendSupport {
  const reasons = new Map<BackendName, string>();
  for (const name of BACKEND_NAMES) {
    if (name !== instance.model.backend && !instance.alternates.has(name)) reasons.set(name, instance.unavailable.get(name) ?? 'not loaded');
  }
  const support = (name: BackendName): Support => (reasons.has(name) ? 'unsupported' : 'supported');
  return {
    backend: instance.model.backend,
    onnxruntime_backend: support('onnxruntime'),
    native_backend: support('native'),
    ...(reasons.has('onnxruntime') ? { onnxruntime_backend_reason: reasons.get('onnxruntime') } : {}),
    ...(reasons.has('native') ? { native_backend_reason: reasons.get('native') } : {}),
  };
}

function checkOutputs(outputs: Tensor[], names: string[]): void {
  if (outputs.length !== names.length || outputs.some((o, i) => o.name !== names[i])) {
    throw new Error(`the backend returned outputs [${outputs.map((o) => o.name).join(',')}] for [${names.join(',')}]`);
  }
}
