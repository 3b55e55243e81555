/**
 * The native backend: ONNX models run on this project's own TypeScript kernels (src/kernels),
 * with no native addon and no per-call N-API cost. A model whose ops the kernels lack fails its
 * load with every missing op named.
 */
import type { Backend, BackendLoadSpec } from './backend.js';
import { compile, type ExecutionPlan } from './native/compile.js';
import { fromNative, toNative } from './native/convert.js';
import { execute } from './native/execute.js';
import { foldBatchNormIntoConv } from './native/foldBatchNorm.js';
import { readNativeModel } from './native/modelProto.js';
import type { LoadedModel, Tensor, TensorSpec } from './types.js';

export class NativeModel implements LoadedModel {
  readonly backend = 'native' as const;

  constructor(
    /** What the backend compiled: graph inputs and outputs, steps (tests and the bench read it). */
    readonly plan: ExecutionPlan,
    readonly inputs: TensorSpec[],
    readonly outputs: TensorSpec[],
  ) {}

  /** Runs on the calling thread; the model layer's contract is async, so it resolves at once. */
  run(inputs: Tensor[], outputNames: string[]): Promise<Tensor[]> {
    try {
      return Promise.resolve(this.runSync(inputs, outputNames));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  runSync(inputs: Tensor[], outputNames: string[]): Tensor[] {
    const { plan } = this;
    const feeds = plan.inputs.map((spec) => {
      const tensor = inputs.find((t) => t.name === spec.name);
      if (tensor === undefined) throw new Error(`input '${spec.name}' is missing`);
      return toNative(tensor, spec);
    });
    const specs = outputNames.map((name) => {
      const index = plan.outputs.findIndex((o) => o.name === name);
      if (index < 0) throw new Error(`the model has no output '${name}'`);
      return index;
    });
    const values = execute(plan, feeds, specs.map((i) => plan.outputSlots[i]));
    return values.map((value, i) => fromNative(value, plan.outputs[specs[i]]));
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

/** Parses and compiles a model for the native backend; throws with the reason it cannot. */
export function compileNative(bytes: Uint8Array): ExecutionPlan {
  return compile(foldBatchNormIntoConv(readNativeModel(bytes)));
}

export class NativeBackend implements Backend {
  readonly name = 'native' as const;

  async load(model: Uint8Array, spec: BackendLoadSpec): Promise<LoadedModel> {
    const plan = compileNative(model);
    const missing = [
      ...spec.inputs.filter((i) => !plan.inputs.some((p) => p.name === i.name)).map((i) => `input '${i.name}'`),
      ...spec.outputs.filter((o) => !plan.outputs.some((p) => p.name === o.name)).map((o) => `output '${o.name}'`),
    ];
    if (missing.length > 0) throw new Error(`the native backend does not see ${missing.join(', ')} in the graph`);
    return new NativeModel(plan, spec.inputs, spec.outputs);
  }
}
