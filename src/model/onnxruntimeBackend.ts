/**
 * onnxruntime-node on the CPU execution provider: one InferenceSession per loaded model version.
 * Input tensors wrap the caller's typed arrays (onnxruntime-node hands their memory to the
 * session as is); outputs come back as the arrays onnxruntime allocated for them.
 */
import * as ort from 'onnxruntime-node';
import type { Backend, BackendLoadSpec } from './backend.js';
import { viewAs } from './datatypes.js';
import { MODEL_FILENAME } from './repository.js';
import type { Datatype, LoadedModel, Tensor, TensorSpec, TypedData } from './types.js';

const ORT_TYPES: Readonly<Record<Datatype, ort.Tensor.Type>> = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP16: 'float16',
  FP32: 'float32',
  FP64: 'float64',
};

const DATATYPES_BY_ORT_TYPE: ReadonlyMap<string, Datatype> = new Map(
  Object.entries(ORT_TYPES).map(([datatype, ortType]) => [ortType, datatype as Datatype]),
);

function toOrtTensor(tensor: Tensor): ort.Tensor {
  // For FP16, onnxruntime-common takes the raw half bits in a Uint16Array when the runtime has no
  // Float16Array (Node 20); BOOL is one byte per element in a Uint8Array.
  return new ort.Tensor(ORT_TYPES[tensor.datatype], viewAs(tensor.datatype, tensor.data), tensor.shape);
}

function fromOrtTensor(name: string, value: ort.OnnxValue | undefined): Tensor {
  const datatype = value === undefined ? undefined : DATATYPES_BY_ORT_TYPE.get(value.type);
  if (value === undefined || datatype === undefined) {
    throw new Error(`output '${name}' ${value === undefined ? 'is missing' : `has type ${value.type}, which is not supported`}`);
  }
  const data = value.data as TypedData;
  // Where Float16Array exists onnxruntime returns one; the contract wants the raw bits.
  const bits = datatype === 'FP16' && !(data instanceof Uint16Array) ? new Uint16Array(data.buffer, data.byteOffset, data.length) : data;
  return { name, datatype, shape: [...value.dims], data: bits };
}

class OnnxruntimeModel implements LoadedModel {
  readonly backend = 'onnxruntime' as const;
  private disposed = false;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly inputs: TensorSpec[],
    readonly outputs: TensorSpec[],
  ) {}

  async run(inputs: Tensor[], outputNames: string[]): Promise<Tensor[]> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const tensor of inputs) feeds[tensor.name] = toOrtTensor(tensor);
    const results = await this.session.run(feeds, outputNames);
    return outputNames.map((name) => fromOrtTensor(name, results[name]));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.release();
  }
}

/** The options every session gets; the benchmarks' in-process sessions use them too. */
export function sessionOptions(intraOpThreads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    // 0 leaves the choice to onnxruntime (one thread per physical core).
    ...(intraOpThreads > 0 ? { intraOpNumThreads: intraOpThreads } : {}),
    // Idle intra-op threads otherwise spin after each run, taking a core from the event loop
    // that serves HTTP (measured: the next request's work ran up to 3x slower on 2 cores).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

export class OnnxruntimeBackend implements Backend {
  readonly name = 'onnxruntime' as const;

  async load(model: Uint8Array, spec: BackendLoadSpec): Promise<LoadedModel> {
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(model, sessionOptions(spec.intraOpThreads));
    } catch (err) {
      // Handed bytes rather than a path, onnxruntime no longer says which file it could not load.
      throw new Error(`onnxruntime cannot load ${MODEL_FILENAME}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const missing = [
      ...spec.inputs.filter((i) => !session.inputNames.includes(i.name)).map((i) => `input '${i.name}'`),
      ...spec.outputs.filter((o) => !session.outputNames.includes(o.name)).map((o) => `output '${o.name}'`),
    ];
    if (missing.length > 0) {
      await session.release();
      throw new Error(`onnxruntime does not see ${missing.join(', ')} in the graph`);
    }
    return new OnnxruntimeModel(session, spec.inputs, spec.outputs);
  }
}
