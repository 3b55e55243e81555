/**
 * MatMul: Y[..., i, j] = sum_k A[..., i, k] * B[..., k, j], numpy.matmul semantics: a 1-D A is a
 * row [1, K] and a 1-D B a column [K, 1] (that axis is dropped from Y); batch axes broadcast.
 * https://onnx.ai/onnx/operators/onnx__MatMul.html (versions 1, 9 and 13 differ in types only)
 *
 * A constant B is packed once, at load, one packed matrix per batch entry. When B is one matrix,
 * A's batch axes fold into its rows: one GEMM of (batch * M) rows.
 */
import { broadcastIndexMap, broadcastShapes } from './broadcast.js';
import { allocateFloat32 } from './bufferPool.js';
import { expectFloatInputs } from './expectFloat.js';
import { createMatrixProduct, matrixView, type MatrixProduct } from './matrixProduct.js';
import { OpError, type NodeInfo, type OpKernel } from './op.js';
import { shapeText, sizeOf, type NativeTensor } from './tensor.js';

interface Operand {
  batch: number[];
  rows: number;
  cols: number;
}

/** The matrix view of a MatMul operand: 1-D A is [1, K], 1-D B is [K, 1]. */
function operand(node: NodeInfo, shape: readonly number[], which: 'A' | 'B'): Operand {
  if (shape.length === 0) throw new OpError(node, `input ${which} must have rank >= 1, got a scalar`);
  if (shape.length === 1) return which === 'A' ? { batch: [], rows: 1, cols: shape[0] } : { batch: [], rows: shape[0], cols: 1 };
  return { batch: shape.slice(0, -2), rows: shape[shape.length - 2], cols: shape[shape.length - 1] };
}

export function createMatMul(node: NodeInfo): OpKernel {
  expectFloatInputs(node, 2, 2);
  const constantB = node.constants[1];
  /** Packed products per B batch entry, when B is a constant. */
  let packed: MatrixProduct[] | undefined;
  if (constantB !== undefined) {
    const b = operand(node, constantB.shape, 'B');
    const matrices = sizeOf(b.batch);
    packed = [];
    for (let t = 0; t < matrices; t++) {
      const product = createMatrixProduct();
      product.setB(matrixView(constantB.data as Float32Array, t * b.rows * b.cols, b.cols), b.rows, b.cols);
      packed.push(product);
    }
  }
  const scratch = packed === undefined ? createMatrixProduct() : undefined;

  return {
    outputTypes: ['float32'],
    run(inputs) {
      const [a, b] = inputs as [NativeTensor, NativeTensor];
      const left = operand(node, a.shape, 'A');
      const right = operand(node, b.shape, 'B');
      if (left.cols !== right.rows) {
        throw new OpError(node, `A shape ${shapeText(a.shape)} and B shape ${shapeText(b.shape)}: inner dimensions ${left.cols} and ${right.rows} differ`);
      }
      const batch = broadcastShapes([left.batch, right.batch]);
      if (batch === undefined) {
        throw new OpError(node, `batch axes of A ${shapeText(a.shape)} and B ${shapeText(b.shape)} do not broadcast`);
      }
      const m = left.rows;
      const k = left.cols;
      const n = right.cols;
      const shape = [...batch];
      if (a.shape.length > 1) shape.push(m);
      if (b.shape.length > 1) shape.push(n);
      const y = allocateFloat32(sizeOf(batch) * m * n);
      const out = { type: 'float32' as const, shape, data: y };
      if (y.length === 0) return [out];
      const aData = a.data as Float32Array;
      const bData = b.data as Float32Array;
      const bMatrices = sizeOf(right.batch);
      if (bMatrices === 1 && sizeOf(left.batch) === sizeOf(batch)) {
        // One B: every batch entry of A is more rows of one product.
        const product = packed?.[0] ?? scratch!;
        if (packed === undefined) product.setB(matrixView(bData, 0, n), k, n);
        product.multiply(sizeOf(batch) * m, matrixView(aData, 0, k), y, 0);
        return [out];
      }
      const aIndex = broadcastIndexMap(left.batch, batch);
      const bIndex = broadcastIndexMap(right.batch, batch);
      let current = -1;
      for (let t = 0; t < aIndex.length; t++) {
        let product: MatrixProduct;
        if (packed !== undefined) {
          product = packed[bIndex[t]];
        } else {
          product = scratch!;
          if (bIndex[t] !== current) product.setB(matrixView(bData, bIndex[t] * k * n, n), k, n);
          current = bIndex[t];
        }
        product.multiply(m, matrixView(aData, aIndex[t] * m * k, k), y, t * m * n);
      }
      return [out];
    },
  };
}
