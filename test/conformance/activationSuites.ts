/**
 * What the activation conformance tests share: which libonnx-testdata cases they run, ONNX's own
 * tolerances, and how an old PRelu's slope lines up with X.
 */
import { expect } from 'vitest';
import type { FloatArray } from '../../src/kernels/types.js';
import type { OnnxTensor } from '../../src/onnx/tensorProto.js';
import type { OnnxTestCase } from './onnxTestData.js';

/** The ONNX backend-test runner's np.testing.assert_allclose tolerances (onnx/backend/test/runner). */
export const RTOL = 1e-3;
export const ATOL = 1e-7;
/** Opset 7 made PRelu's slope broadcast the numpy way: https://onnx.ai/onnx/operators/text_diff_PRelu_6_7.html */
const PRELU_NUMPY_BROADCAST_OPSET = 7;

// *_expanded folders hold an op's function body as a multi-node graph (test_celu_expanded is
// Constant, Div, Elu, Mul): other op graphs, not cases for one kernel. None exist for these five
// ops in libonnx-testdata 1.12; the lookahead keeps any that appear out.
export const SUITES = [
  { folder: 'node', pattern: /^(?!.*_expanded$)test_(relu|leakyrelu.*|prelu.*|elu.*|selu.*)$/, minCases: 12 },
  { folder: 'pytorch-converted', pattern: /^(?!.*_expanded$)test_(ReLU|LeakyReLU.*|PReLU_.*|ELU|SELU)$/, minCases: 11 },
];

export function floatData(tensor: OnnxTensor, where: string): FloatArray {
  if (tensor.data instanceof Float32Array || tensor.data instanceof Float64Array) return tensor.data;
  throw new Error(`${where}: tensor '${tensor.name}' is ${tensor.dtype}; the kernels take FP32 or FP64`);
}

export function numberAttribute(testCase: OnnxTestCase, name: string, fallback: number): number {
  const value = testCase.attributes[name] ?? fallback;
  if (typeof value !== 'number') throw new Error(`${testCase.name}: attribute ${name} is not a float`);
  return value;
}

/**
 * Before opset 7 a 1-D PRelu slope of C values applies per channel along axis 1 (Caffe2 and
 * PyTorch semantics), so [C] becomes [C, 1, ..., 1] against X of rank r; from opset 7 the slope
 * broadcasts unidirectionally into X by the numpy rule and its shape stands as given.
 */
export function preluSlopeShape(opset: number, xShape: readonly number[], slopeShape: readonly number[]): number[] {
  if (opset >= PRELU_NUMPY_BROADCAST_OPSET || slopeShape.length !== 1 || xShape.length < 2) return [...slopeShape];
  return [slopeShape[0], ...new Array<number>(xShape.length - 2).fill(1)];
}

/** assert_allclose: |actual - expected| <= atol + rtol * |expected|, NaN matching NaN. */
export function expectAllClose(actual: FloatArray, expected: FloatArray, label: string): void {
  expect(actual.length, `${label}: element count`).toBe(expected.length);
  let mismatches = 0;
  let first = '';
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i], expected[i]];
    const close = a === e || (Number.isNaN(a) && Number.isNaN(e)) || Math.abs(a - e) <= ATOL + RTOL * Math.abs(e);
    if (!close && mismatches++ === 0) first = `first at [${i}]: got ${a}, expected ${e}`;
  }
  expect(mismatches, `${label}: ${mismatches} of ${expected.length} elements beyond rtol ${RTOL}, atol ${ATOL}; ${first}`).toBe(0);
}

