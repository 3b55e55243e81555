/**
 * Runs the ONNX backend-test cases for Relu, LeakyRelu, PRelu, Elu and Selu (libonnx-testdata)
 * through the kernels in src/kernels.
 */
import { basename } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ELU_DEFAULT_ALPHA, elu } from '../../src/kernels/elu.js';
import { LEAKY_RELU_DEFAULT_ALPHA, leakyRelu } from '../../src/kernels/leakyRelu.js';
import { prelu } from '../../src/kernels/prelu.js';
import { relu } from '../../src/kernels/relu.js';
import { SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, selu } from '../../src/kernels/selu.js';
import type { FloatArray } from '../../src/kernels/types.js';
import type { OnnxTensor } from '../../src/onnx/tensorProto.js';
import { hasTestData, listCases, loadCase, type OnnxTestCase, warnIfMissing } from './onnxTestData.js';

/** The ONNX backend-test runner's np.testing.assert_allclose tolerances (onnx/backend/test/runner). */
const RTOL = 1e-3;
const ATOL = 1e-7;
/** Opset 7 made PRelu's slope broadcast the numpy way: https://onnx.ai/onnx/operators/text_diff_PRelu_6_7.html */
const PRELU_NUMPY_BROADCAST_OPSET = 7;

// *_expanded folders hold an op's function body as a multi-node graph (test_celu_expanded is
// Constant, Div, Elu, Mul): other op graphs, not cases for one kernel. None exist for these five
// ops in libonnx-testdata 1.12; the lookahead keeps any that appear out.
const SUITES = [
  { folder: 'node', pattern: /^(?!.*_expanded$)test_(relu|leakyrelu.*|prelu.*|elu.*|selu.*)$/, minCases: 12 },
  { folder: 'pytorch-converted', pattern: /^(?!.*_expanded$)test_(ReLU|LeakyReLU.*|PReLU_.*|ELU|SELU)$/, minCases: 11 },
];

function floatData(tensor: OnnxTensor, where: string): FloatArray {
  if (tensor.data instanceof Float32Array || tensor.data instanceof Float64Array) return tensor.data;
  throw new Error(`${where}: tensor '${tensor.name}' is ${tensor.dtype}; the kernels take FP32 or FP64`);
}

function numberAttribute(testCase: OnnxTestCase, name: string, fallback: number): number {
  const value = testCase.attributes[name] ?? fallback;
  if (typeof value !== 'number') throw new Error(`${testCase.name}: attribute ${name} is not a float`);
  return value;
}

/**
 * Before opset 7 a 1-D PRelu slope of C values applies per channel along axis 1 (Caffe2 and
 * PyTorch semantics), so [C] becomes [C, 1, ..., 1] against X of rank r; from opset 7 the slope
 * broadcasts unidirectionally into X by the numpy rule and its shape stands as given.
 */
function preluSlopeShape(opset: number, xShape: readonly number[], slopeShape: readonly number[]): number[] {
  if (opset >= PRELU_NUMPY_BROADCAST_OPSET || slopeShape.length !== 1 || xShape.length < 2) return [...slopeShape];
  return [slopeShape[0], ...new Array<number>(xShape.length - 2).fill(1)];
}

function runKernel(testCase: OnnxTestCase, inputs: OnnxTensor[]): FloatArray {
  const x = floatData(inputs[0], testCase.name);
  const out = x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
  switch (testCase.opType) {
    case 'Relu':
      relu(x, out);
      break;
    case 'LeakyRelu':
      leakyRelu(x, numberAttribute(testCase, 'alpha', LEAKY_RELU_DEFAULT_ALPHA), out);
      break;
    case 'Elu':
      elu(x, numberAttribute(testCase, 'alpha', ELU_DEFAULT_ALPHA), out);
      break;
    case 'Selu':
      selu(x, numberAttribute(testCase, 'alpha', SELU_DEFAULT_ALPHA), numberAttribute(testCase, 'gamma', SELU_DEFAULT_GAMMA), out);
      break;
    case 'PRelu': {
      const [xTensor, slope] = inputs;
      const slopeShape = preluSlopeShape(testCase.opsetVersion, xTensor.shape, slope.shape);
      prelu(x, xTensor.shape, floatData(slope, testCase.name), slopeShape, out);
      break;
    }
    default:
      throw new Error(`${testCase.name}: no kernel for op ${testCase.opType}`);
  }
  return out;
}

/** assert_allclose: |actual - expected| <= atol + rtol * |expected|, NaN matching NaN. */
function expectAllClose(actual: FloatArray, expected: FloatArray, label: string): void {
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

warnIfMissing();

for (const { folder, pattern, minCases } of SUITES) {
  describe.skipIf(!hasTestData)(`ONNX backend tests in ${folder}/`, () => {
    const cases = listCases(folder, pattern);
    const tally = { passed: 0, failed: 0 };

    afterAll(() => {
      console.log(`conformance ${folder}: ${tally.passed} passed, ${tally.failed} failed of ${cases.length} cases`);
    });

    it(`finds at least ${minCases} cases`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(minCases);
    });

    it.each(cases.map((dir) => [basename(dir), dir]))('%s', (_name, dir) => {
      try {
        const testCase = loadCase(dir);
        expect(testCase.datasets.length, `${testCase.name}: test_data_set count`).toBeGreaterThan(0);
        testCase.datasets.forEach(({ inputs, outputs }, index) => {
          const label = `${testCase.name} (opset ${testCase.opsetVersion}) test_data_set_${index}`;
          expect(outputs[0].shape, `${label}: output shape`).toEqual(inputs[0].shape);
          expectAllClose(runKernel(testCase, inputs), floatData(outputs[0], label), label);
        });
        tally.passed++;
      } catch (error) {
        tally.failed++;
        throw error;
      }
    });
  });
}

describe('preluSlopeShape', () => {
  it.each([
    [6, [2, 3, 4, 5], [3], [3, 1, 1]],
    [6, [2, 3], [3], [3]],
    [6, [2, 3, 4], [1], [1, 1]],
    [6, [5], [1], [1]],
    [6, [2, 3, 4], [3, 4], [3, 4]],
    [7, [2, 3, 4, 5], [5], [5]],
    [16, [3, 4, 5], [4, 5], [4, 5]],
  ])('opset %i, X %j, slope %j -> %j', (opset, xShape, slopeShape, expected) => {
    expect(preluSlopeShape(opset, xShape, slopeShape)).toEqual(expected);
  });
});
