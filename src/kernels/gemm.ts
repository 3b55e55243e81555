/**
 * Gemm: Y = alpha * A' * B' + beta * C, A' = transA ? A^T : A (M x K), B' = transB ? B^T : B
 * (K x N), C broadcast one way into [M, N]. https://onnx.ai/onnx/operators/onnx__Gemm.html
 *
 * Versions: 6 has a `broadcast` attribute (C must be exactly [M, N] unless it is 1); 7 always
 * broadcasts; 11 makes C optional; 9 and 13 only add types. A constant B is packed once, at
 * load; a constant C with beta folds into one bias array.
 */
import { allocateFloat32 } from './bufferPool.js';
import { expectFloatInputs } from './expectFloat.js';
import { createMatrixProduct, matrixView } from './matrixProduct.js';
import { OpError, type NodeInfo, type OpKernel } from './op.js';
import { shapeText, type NativeTensor } from './tensor.js';

/** ONNX defaults (https://onnx.ai/onnx/operators/onnx__Gemm.html#attributes). */
const DEFAULT_ALPHA = 1.0;
const DEFAULT_BETA = 1.0;

/** How C's element (i, j) is found: c[i * rowStride + j * colStride]. */
interface BiasLayout {
  rowStride: number;
  colStride: number;
}

export function createGemm(node: NodeInfo): OpKernel {
  const withOptionalC = node.opset >= 11;
  expectFloatInputs(node, withOptionalC ? 2 : 3, 3);
  const alpha = node.attributes.float('alpha', DEFAULT_ALPHA);
  const beta = node.attributes.float('beta', DEFAULT_BETA);
  const transA = node.attributes.int('transA', 0) !== 0;
  const transB = node.attributes.int('transB', 0) !== 0;
  // Before opset 7, C must match [M, N] exactly unless `broadcast` is set.
  const broadcast = node.opset >= 7 || node.attributes.int('broadcast', 0) !== 0;
  const product = createMatrixProduct();
  const constantB = node.constants[1];

  const prepareB = (b: NativeTensor, pack: boolean): [number, number] => {
    if (b.shape.length !== 2) throw new OpError(node, `input B must be 2-D, got shape ${shapeText(b.shape)}`);
    const [k, n] = transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
    if (pack) product.setB(matrixView(b.data as Float32Array, 0, b.shape[1], transB), k, n);
    return [k, n];
  };
  // A constant B is packed here, once; any other B on every call.
  if (constantB !== undefined) prepareB(constantB, true);

  return {
    outputTypes: ['float32'],
    run(inputs) {
      const [a, b, c] = inputs as [NativeTensor, NativeTensor, NativeTensor | undefined];
      if (a.shape.length !== 2) throw new OpError(node, `input A must be 2-D, got shape ${shapeText(a.shape)}`);
      const [m, ka] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
      const [k, n] = prepareB(b, constantB === undefined);
      if (ka !== k) {
        throw new OpError(node, `A' is ${m}x${ka} but B' is ${k}x${n}: inner dimensions differ (transA=${+transA}, transB=${+transB})`);
      }
      const y = allocateFloat32(m * n);
      product.multiply(m, matrixView(a.data as Float32Array, 0, a.shape[1], transA), y, 0);
      if (alpha !== 1) for (let i = 0; i < y.length; i++) y[i] *= alpha;
      if (c !== undefined && beta !== 0) addBias(y, m, n, c.data as Float32Array, biasLayout(node, c.shape, m, n, broadcast), beta);
      return [{ type: 'float32', shape: [m, n], data: y }];
    },
  };
}

/** C's strides in [M, N]; throws when C does not broadcast one way into it. */
function biasLayout(node: NodeInfo, shape: readonly number[], m: number, n: number, broadcast: boolean): BiasLayout {
  const fail = (): never => {
    throw new OpError(node, `input C of shape ${shapeText(shape)} does not broadcast to [${m},${n}]`);
  };
  if (!broadcast && !(shape.length === 2 && shape[0] === m && shape[1] === n)) {
    throw new OpError(node, `input C has shape ${shapeText(shape)} but broadcast=0 needs [${m},${n}]`);
  }
  if (shape.length > 2) fail();
  const rows = shape.length === 2 ? shape[0] : 1;
  const cols = shape.length >= 1 ? shape[shape.length - 1] : 1;
  if ((rows !== 1 && rows !== m) || (cols !== 1 && cols !== n)) fail();
  return { rowStride: rows === 1 ? 0 : cols, colStride: cols === 1 ? 0 : 1 };
}

/** y[i, j] += beta * c(i, j), with fast paths for a per-column bias and a full matrix. */
function addBias(y: Float32Array, m: number, n: number, c: Float32Array, layout: BiasLayout, beta: number): void {
  const { rowStride, colStride } = layout;
  if (colStride === 1 && rowStride === 0) {
    for (let i = 0, at = 0; i < m; i++, at += n) {
      for (let j = 0; j < n; j++) y[at + j] += beta * c[j];
    }
    return;
  }
  for (let i = 0, at = 0; i < m; i++, at += n) {
    const row = i * rowStride;
    for (let j = 0; j < n; j++) y[at + j] += beta * c[row + j * colStride];
  }
}
