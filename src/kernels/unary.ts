/**
 * The op layer shared by one-input elementwise ops (Sqrt, Sigmoid, Elu...): type check at
 * load, output of X's type and shape (in place when allowed), early return when empty.
 */
import { reuseOrAllocate, required } from './elementwise.js';
import { expectInputs, expectType, type NodeInfo, type OpKernel } from './op.js';
import type { ElemType, NativeData } from './tensor.js';

/** out[i] = f(x[i]) over whole arrays of equal length; out may be x. */
export type UnaryCompute<D extends NativeData = NativeData> = (x: D, out: D) => void;

export function createUnaryKernel<D extends NativeData>(
  node: NodeInfo,
  allowed: readonly ElemType[],
  compute: UnaryCompute<D>,
): OpKernel {
  expectInputs(node, 1, 1);
  const type = expectType(node, 0, allowed);
  return {
    outputTypes: [type],
    run(inputs, reusable) {
      const x = required(node, inputs, 0);
      const out = reuseOrAllocate(inputs, reusable, [0], type, x.shape);
      if (out.data.length > 0) compute(x.data as D, out.data as D);
      return [out];
    },
  };
}
