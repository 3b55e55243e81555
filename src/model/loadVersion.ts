/**
 * Loads one model version: reads its model.onnx once, takes the graph's inputs and outputs from
 * those bytes, applies config.json, and hands the same bytes to the configured backend, then to
 * the other backend so that requests can pick either. Every failure of the configured backend
 * becomes an Error whose message is the reason the index and the logs show; the other backend's
 * failure only records why it cannot run the model.
 */
import { readFile } from 'node:fs/promises';
import type { Backend, BackendLoadSpec } from './backend.js';
import type { ModelConfigFile } from './modelConfig.js';
import { UnsupportedOpsError } from './native/compile.js';
import { parseGraph } from './onnxGraph.js';
import { modelFile, MODEL_FILENAME, type ModelFolder } from './repository.js';
import { resolveConfig } from './resolveConfig.js';
import { ServingInstance } from './servingInstance.js';
import type { BackendName, LoadedModel } from './types.js';

export interface LoadContext {
  folder: ModelFolder;
  configFile: ModelConfigFile;
  backends: Partial<Record<BackendName, Backend>>;
  intraOpThreads: number;
}

/** The configured backend cannot run the model's ops: a refusal (422), not a broken model. */
export class NotSupportedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotSupportedError';
  }
}

export async function loadVersion(context: LoadContext, version: string): Promise<ServingInstance> {
  const { folder, configFile, backends } = context;
  const bytes = await readModelFile(modelFile(folder, version), version);
  const resolved = resolveConfig(folder.name, configFile, parseGraph(bytes), { intraOpThreads: context.intraOpThreads });
  const spec: BackendLoadSpec = {
    modelName: folder.name,
    version,
    inputs: resolved.inputs,
    outputs: resolved.outputs,
    intraOpThreads: resolved.intraOpThreads,
  };
  const backendName = resolved.config.backend;
  const backend = backends[backendName];
  if (backend === undefined) throw new Error(`${backendName} backend is not available`);
  let model: LoadedModel;
  try {
    model = await backend.load(bytes, spec);
  } catch (err) {
    if (err instanceof UnsupportedOpsError) throw new NotSupportedError(err.message, { cause: err });
    throw err;
  }
  const alternates = new Map<BackendName, LoadedModel>();
  const unavailable = new Map<BackendName, string>();
  for (const [name, other] of Object.entries(backends) as [BackendName, Backend][]) {
    if (name === backendName) continue;
    try {
      alternates.set(name, await other.load(bytes, spec));
    } catch (err) {
      unavailable.set(name, errorMessage(err));
    }
  }
  return new ServingInstance(model, resolved, alternates, unavailable);
}

/** The version's model.onnx; a missing or unreadable file fails the load with a reason naming it. */
async function readModelFile(file: string, version: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`version ${version} has no ${MODEL_FILENAME}`, { cause: err });
    // Some fs errors leave the path out of their message (EISDIR: "illegal operation on a directory, read").
    throw new Error(`cannot read ${MODEL_FILENAME}: ${errorMessage(err)}`, { cause: err });
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
