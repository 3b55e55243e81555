/**
 * Equal: C = (A == B) as bool, with numpy broadcasting (opset >= 7).
 * https://onnx.ai/onnx/operators/onnx__Equal.html
 *
 * IEEE comparison: NaN equals nothing, -0 equals +0. int64 compares exactly up to 2^53.
 */
import { createBinaryKernel, planOrThrow, runBinary, type BinaryLoops } from './binary.js';
import { ALL_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import type { NativeTensor } from './tensor.js';

const EQUAL_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = +(a[ia + j] === b[ib + j]);
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = +(a[ia + j] === b);
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = +(a === b[ib + j]);
  },
};

/** C = (A == B) into the bool storage `out` of the broadcast shape (may be A or B if bool). */
export function equal(a: NativeTensor, b: NativeTensor, out: Uint8Array): void {
  runBinary(EQUAL_LOOPS, a.data, b.data, out, planOrThrow({ opType: 'Equal', name: 'equal' }, [a.shape, b.shape]));
}

/** float32 is ONNX's from Equal-11; accepted under earlier opsets too. */
export const createEqual: OpFactory = (node) =>
  createBinaryKernel(node, { types: ALL_TYPES, loops: () => EQUAL_LOOPS, outputType: () => 'bool' });
