import { describe } from 'vitest';
import { createLogSoftmax } from '../../../src/kernels/logSoftmax.js';
import { f32 } from './runNode.js';
import { axisAttribute, softmaxFamilyTests } from './softmaxFamily.js';

/** x - max - log(sum) in double, the sum of fastExp terms: within 2 float32 ulps (more where the result nears 0). */
const LOG_SOFTMAX_MAX_ULPS = 2;

/** The literal expectations are printed to 8 digits. */
const LOG_SOFTMAX_LITERAL_MAX_ULPS = 8;

describe('LogSoftmax', () => {
  softmaxFamilyTests({
    create: createLogSoftmax,
    formula: (v, max, sum) => v - max - Math.log(sum),
    literalCases: [
      { name: 'default axis -1', x: f32([1, 3], [1, 2, 3]), attributes: undefined, y: [-2.40760596, -1.40760596, -0.40760596] },
      { name: 'no overflow on large numbers', x: f32([1, 4], [10000, 10001, 10002, 10003]), attributes: undefined, y: [-3.4401896, -2.4401896, -1.4401896, -0.4401896] },
      { name: 'axis 0', x: f32([2, 1], [0, 0]), attributes: axisAttribute(0), y: [-Math.LN2, -Math.LN2] },
      { name: 'a -Infinity entry stays -Infinity', x: f32([2], [-Infinity, 0]), attributes: undefined, y: [-Infinity, 0] },
      { name: 'NaN poisons its row only', x: f32([2, 2], [NaN, 0, 0, 0]), attributes: undefined, y: [NaN, NaN, -Math.LN2, -Math.LN2] },
    ],
    scalarResult: 0,
    maxUlps: LOG_SOFTMAX_MAX_ULPS,
    literalMaxUlps: LOG_SOFTMAX_LITERAL_MAX_ULPS,
  });
});
