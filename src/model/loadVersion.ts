/**
 * Loads one model version: reads its graph, applies config.json, hands it to the backend.
 * Every failure becomes an Error whose message is the reason the index and the logs show.
 */
import { existsSync } from 'node:fs';
import type { Backend } from './backend.js';
import type { ModelConfigFile } from './modelConfig.js';
import { readGraph } from './onnxGraph.js';
import { modelFile, MODEL_FILENAME, type ModelFolder } from './repository.js';
import { resolveConfig } from './resolveConfig.js';
import { ServingInstance } from './servingInstance.js';
import type { BackendName } from './types.js';

export interface LoadContext {
  folder: ModelFolder;
  configFile: ModelConfigFile;
  backends: Partial<Record<BackendName, Backend>>;
  intraOpThreads: number;
}

export async function loadVersion(context: LoadContext, version: string): Promise<ServingInstance> {
  const { folder, configFile, backends } = context;
  const file = modelFile(folder, version);
  if (!existsSync(file)) throw new Error(`version ${version} has no ${MODEL_FILENAME}`);
  const resolved = resolveConfig(folder.name, configFile, readGraph(file), { intraOpThreads: context.intraOpThreads });
  const backendName = resolved.config.backend;
  const backend = backends[backendName];
  if (backend === undefined) throw new Error(`${backendName} backend is not available yet`);
  const model = await backend.load(file, {
    modelName: folder.name,
    version,
    inputs: resolved.inputs,
    outputs: resolved.outputs,
    intraOpThreads: resolved.intraOpThreads,
  });
  return new ServingInstance(model, resolved);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
