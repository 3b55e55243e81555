/**
 * Min: elementwise minimum of 1 to N inputs, with numpy broadcasting (opset >= 8).
 * https://onnx.ai/onnx/operators/onnx__Min.html
 *
 * NaN in any input gives NaN, as ONNX Runtime does since 1.19 (microsoft/onnxruntime#21492);
 * Math.min also orders -0 below +0.
 */
import { createVariadicKernel, type BinaryLoops } from './binary.js';
import { NUMERIC_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';

export const MIN_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.min(a[ia + j], b[ib + j]);
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.min(a[ia + j], b);
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.min(a, b[ib + j]);
  },
};

/** Min-6 required equal shapes; broadcasting them too is a superset. */
export const createMin: OpFactory = (node) => createVariadicKernel(node, NUMERIC_TYPES, MIN_LOOPS);
