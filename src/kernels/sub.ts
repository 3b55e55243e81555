/**
 * Sub: C = A - B, with numpy broadcasting (opset >= 7). https://onnx.ai/onnx/operators/onnx__Sub.html
 *
 * float32 differences are rounded once on store. int64 is exact up to 2^53; int32 wraps like
 * C's two's complement.
 */
import { createBinaryKernel, planOrThrow, runBinary, type BinaryLoops } from './binary.js';
import { NUMERIC_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import type { NativeData, NativeTensor } from './tensor.js';

const SUB_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a[ia + j] - b[ib + j];
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a[ia + j] - b;
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a - b[ib + j];
  },
};

/** C = A - B into `out`, which has the broadcast shape of A and B (and may be A or B). */
export function sub(a: NativeTensor, b: NativeTensor, out: NativeData): void {
  runBinary(SUB_LOOPS, a.data, b.data, out, planOrThrow({ opType: 'Sub', name: 'sub' }, [a.shape, b.shape]));
}

export const createSub: OpFactory = (node) => createBinaryKernel(node, { types: NUMERIC_TYPES, loops: () => SUB_LOOPS });
