/**
 * Pow: Z = X ^ Y, with numpy broadcasting (opset >= 7). https://onnx.ai/onnx/operators/onnx__Pow.html
 *
 * Z has X's type; from opset 12 Y may have another numeric type. Math.pow in double, rounded
 * once on store for float32 (within 1 ulp of C's powf). Where JS and C disagree, C wins, as in
 * ONNX Runtime (std::pow): pow(1, y) = 1 and pow(-1, ±Infinity) = 1 even for NaN y, where JS
 * gives NaN. Integer results truncate toward zero (2 ^ -1 = 0, as a cast of C's double).
 */
import { createBinaryKernel, planOrThrow, runBinary, type BinaryLoops } from './binary.js';
import { NUMERIC_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';
import type { ElemType, NativeData, NativeTensor } from './tensor.js';

/** C's pow where Math.pow gives NaN: called only then, so the hot loop keeps one branch. */
function cPowOfNaN(x: number, y: number): number {
  return x === 1 || (x === -1 && Math.abs(y) === Infinity) ? 1 : NaN;
}

const POW_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) {
      const z = Math.pow(a[ia + j], b[ib + j]);
      out[o + j] = z === z ? z : cPowOfNaN(a[ia + j], b[ib + j]);
    }
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) {
      const z = Math.pow(a[ia + j], b);
      out[o + j] = z === z ? z : cPowOfNaN(a[ia + j], b);
    }
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) {
      const z = Math.pow(a, b[ib + j]);
      out[o + j] = z === z ? z : cPowOfNaN(a, b[ib + j]);
    }
  },
};

/** int64 results (stored as doubles) truncate; int32 stores truncate by themselves. */
const INT64_POW_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.trunc(Math.pow(a[ia + j], b[ib + j]));
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.trunc(Math.pow(a[ia + j], b));
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.trunc(Math.pow(a, b[ib + j]));
  },
};

function loopsFor(type: ElemType): BinaryLoops {
  return type === 'int64' ? INT64_POW_LOOPS : POW_LOOPS;
}

/** Z = X ^ Y into `out`, of X's type and the broadcast shape (may be X, or Y if of X's type). */
export function pow(x: NativeTensor, y: NativeTensor, out: NativeData): void {
  runBinary(loopsFor(x.type), x.data, y.data, out, planOrThrow({ opType: 'Pow', name: 'pow' }, [x.shape, y.shape]));
}

/** Before opset 12 X and Y share one type. */
export const createPow: OpFactory = (node) =>
  createBinaryKernel(node, { types: NUMERIC_TYPES, mixedTypes: node.opset >= 12 ? NUMERIC_TYPES : undefined, loops: loopsFor });
