/**
 * The one interface every backend implements. The registry loads versions through it; routes
 * never see a backend, only the LoadedModel contract in ./types.ts.
 */
import type { BackendName, LoadedModel, TensorSpec } from './types.js';

export interface BackendLoadSpec {
  modelName: string;
  version: string;
  /** Effective inputs and outputs (config.json over the graph), full shapes. */
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** Intra-op threads for this model version; 0 lets the backend choose. */
  intraOpThreads: number;
}

export interface Backend {
  readonly name: BackendName;
  /**
   * Loads one model version from the bytes of its model.onnx; rejects with an Error whose message
   * is the load failure's reason. The caller reads the file once and hands the same bytes to the
   * graph reader and to every backend, so a backend must not write to them.
   */
  load(model: Uint8Array, spec: BackendLoadSpec): Promise<LoadedModel>;
}
