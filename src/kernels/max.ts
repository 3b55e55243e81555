/**
 * Max: elementwise maximum of 1 to N inputs, with numpy broadcasting (opset >= 8).
 * https://onnx.ai/onnx/operators/onnx__Max.html
 *
 * NaN in any input gives NaN, as ONNX Runtime does since 1.19 (microsoft/onnxruntime#21492);
 * Math.max also orders -0 below +0.
 */
import { createVariadicKernel, type BinaryLoops } from './binary.js';
import { NUMERIC_TYPES } from './elementwise.js';
import type { OpFactory } from './op.js';

export const MAX_LOOPS: BinaryLoops = {
  both(a, ia, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.max(a[ia + j], b[ib + j]);
  },
  left(a, ia, b, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.max(a[ia + j], b);
  },
  right(a, b, ib, out, o, n) {
    for (let j = 0; j < n; j++) out[o + j] = Math.max(a, b[ib + j]);
  },
};

/** Max-6 required equal shapes; broadcasting them too is a superset. */
export const createMax: OpFactory = (node) => createVariadicKernel(node, NUMERIC_TYPES, MAX_LOOPS);
