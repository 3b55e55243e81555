/**
 * Add: C = A + B, with numpy broadcasting (opset >= 7). https://onnx.ai/onnx/operators/onnx__Add.html
 *
 * float32 sums are rounded once on store (a double sum of two floats rounds correctly). int64
 * is exact up to 2^53; int32 wraps like C's two's complement (the store keeps the low 32 bits).
 */
import { createBinaryKernel, planOrThrow, runBinary, type BinaryLoops } from './binary.js';
import { NUMERIC_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import type { NativeData, NativeTensor } from './tensor.js';

const ADD_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a[ia + j] + b[ib + j];
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a[ia + j] + b;
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a + b[ib + j];
  },
};

/** C = A + B into `out`, which has the broadcast shape of A and B (and may be A or B). */
export function add(a: NativeTensor, b: NativeTensor, out: NativeData): void {
  runBinary(ADD_LOOPS, a.data, b.data, out, planOrThrow({ opType: 'Add', name: 'add' }, [a.shape, b.shape]));
}

export const createAdd: OpFactory = (node) => createBinaryKernel(node, { types: NUMERIC_TYPES, loops: () => ADD_LOOPS });
