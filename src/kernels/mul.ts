/**
 * Mul: C = A * B, with numpy broadcasting (opset >= 7). https://onnx.ai/onnx/operators/onnx__Mul.html
 *
 * float32 products are rounded once on store (the double product of two floats is exact).
 * int64 is exact while |C| <= 2^53; int32 wraps like C (Math.imul: a double product would
 * lose the low bits above 2^53 before the store keeps them).
 */
import { createBinaryKernel, planOrThrow, runBinary, type BinaryLoops } from './binary.js';
import { NUMERIC_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import type { NativeData, NativeTensor } from './tensor.js';

const MUL_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a[ia + j] * b[ib + j];
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a[ia + j] * b;
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a * b[ib + j];
  },
};

const INT32_MUL_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.imul(a[ia + j], b[ib + j]);
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.imul(a[ia + j], b);
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.imul(a, b[ib + j]);
  },
};

/** C = A * B into `out`, which has the broadcast shape of A and B (and may be A or B). */
export function mul(a: NativeTensor, b: NativeTensor, out: NativeData): void {
  const loops = a.type === 'int32' ? INT32_MUL_LOOPS : MUL_LOOPS;
  runBinary(loops, a.data, b.data, out, planOrThrow({ opType: 'Mul', name: 'mul' }, [a.shape, b.shape]));
}

export const createMul: OpFactory = (node) =>
  createBinaryKernel(node, { types: NUMERIC_TYPES, loops: (type) => (type === 'int32' ? INT32_MUL_LOOPS : MUL_LOOPS) });
