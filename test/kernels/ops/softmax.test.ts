import { describe } from 'vitest';
import { createSoftmax } from '../../../src/kernels/softmax.js';
import { f32 } from './runNode.js';
import { axisAttribute, softmaxFamilyTests } from './softmaxFamily.js';

/** fastExp per term (1 ulp), the float32 term over a double sum: within 2 float32 ulps. */
const SOFTMAX_MAX_ULPS = 2;

/** The literal expectations are printed to 8 digits. */
const SOFTMAX_LITERAL_MAX_ULPS = 8;

describe('Softmax', () => {
  softmaxFamilyTests({
    create: createSoftmax,
    formula: (v, max, sum) => Math.exp(v - max) / sum,
    literalCases: [
      { name: 'default axis -1', x: f32([1, 3], [1, 2, 3]), attributes: undefined, y: [0.09003057, 0.24472847, 0.66524096] },
      { name: 'no overflow on large numbers', x: f32([1, 4], [10000, 10001, 10002, 10003]), attributes: undefined, y: [0.0320586, 0.08714432, 0.23688284, 0.64391426] },
      { name: 'axis 0', x: f32([2, 1], [0, 0]), attributes: axisAttribute(0), y: [0.5, 0.5] },
      { name: 'a -Infinity entry gets 0', x: f32([2], [-Infinity, 0]), attributes: undefined, y: [0, 1] },
      { name: 'NaN poisons its row only', x: f32([2, 2], [NaN, 0, 0, 0]), attributes: undefined, y: [NaN, NaN, 0.5, 0.5] },
    ],
    scalarResult: 1,
    maxUlps: SOFTMAX_MAX_ULPS,
    literalMaxUlps: SOFTMAX_LITERAL_MAX_ULPS,
  });
});
