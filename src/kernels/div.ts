/**
 * Div: C = A / B, with numpy broadcasting (opset >= 7). https://onnx.ai/onnx/operators/onnx__Div.html
 *
 * float32 quotients are rounded once on store (double division of floats rounds correctly);
 * x / 0 gives ±Infinity or NaN as IEEE says. Integer division truncates toward zero, as in
 * C and ONNX Runtime; an integer division by zero, undefined in C, throws.
 */
import { createBinaryKernel, planOrThrow, runBinary, type BinaryLoops } from './binary.js';
import { NUMERIC_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import type { ElemType, NativeData, NativeTensor } from './tensor.js';

const DIV_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a[ia + j] / b[ib + j];
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a[ia + j] / b;
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = a / b[ib + j];
  },
};

/** int64 and int32 (for int32 the store would truncate anyway). */
const INTEGER_DIV_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.trunc(a[ia + j] / b[ib + j]);
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.trunc(a[ia + j] / b);
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.trunc(a / b[ib + j]);
  },
};

function loopsFor(type: ElemType): BinaryLoops {
  return type === 'float32' ? DIV_LOOPS : INTEGER_DIV_LOOPS;
}

function integerDivisionByZero(_a: NativeTensor, b: NativeTensor, type: ElemType): string | undefined {
  return type !== 'float32' && b.data.includes(0) ? 'integer division by zero' : undefined;
}

/** C = A / B into `out`, which has the broadcast shape of A and B (and may be A or B). */
export function div(a: NativeTensor, b: NativeTensor, out: NativeData): void {
  runBinary(loopsFor(a.type), a.data, b.data, out, planOrThrow({ opType: 'Div', name: 'div' }, [a.shape, b.shape]));
}

export const createDiv: OpFactory = (node) =>
  createBinaryKernel(node, { types: NUMERIC_TYPES, loops: loopsFor, check: integerDivisionByZero });
