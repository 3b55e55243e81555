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
import { expectAllClose, floatData, numberAttribute, preluSlopeShape, SUITES } from './activationSuites.js';
import { hasTestData, listCases, loadCase, type OnnxTestCase, warnIfMissing } from './onnxTestData.js';

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
