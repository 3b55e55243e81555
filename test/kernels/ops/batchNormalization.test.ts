import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createBatchNormalization } from '../../../src/kernels/batchNormalization.js';
import { randomTensor } from './linearReference.js';
import { f32, runNode } from './runNode.js';

/** float32 X against the float64 formula: a few roundings. */
const TOLERANCE = 1e-5;

function reference(x: ArrayLike<number>, s: ArrayLike<number>, b: ArrayLike<number>, mean: ArrayLike<number>, variance: ArrayLike<number>, inner: number, count: number, epsilon: number): number[] {
  return Array.from(x, (v, i) => {
    const c = Math.floor(i / inner) % count;
    return (s[c] * (v - mean[c])) / Math.sqrt(variance[c] + epsilon) + b[c];
  });
}

function expectNear(actual: ArrayLike<number>, expected: number[]): void {
  expected.forEach((v, i) => expect(Math.abs(actual[i] - v)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(v))));
}

describe('BatchNormalization', () => {
  it('normalizes a literal case per channel', () => {
    const x = f32([1, 2, 2], [1, 3, 10, 20]);
    const [y] = runNode(createBatchNormalization, [x, f32([2], [2, 1]), f32([2], [0, 1]), f32([2], [2, 15]), f32([2], [4, 25])], { attributes: Attributes.of({ epsilon: 0 }) });
    expect(Array.from(y.data)).toEqual([-1, 1, 0, 2]);
  });

  it.each([[[]], [[1, 2, 3, 4]]])('matches the formula on random data (constant inputs %j)', (constantInputs) => {
    const x = randomTensor([3, 4, 5, 2], 1);
    const [s, b, mean] = [randomTensor([4], 2), randomTensor([4], 3), randomTensor([4], 4)];
    const variance = f32([4], [0.5, 1, 2, 0.01]);
    const [y] = runNode(createBatchNormalization, [x, s, b, mean, variance], { constantInputs });
    expect(y.shape).toEqual([3, 4, 5, 2]);
    expectNear(y.data, reference(x.data, s.data, b.data, mean.data, variance.data, 10, 4, 1e-5));
  });

  it('takes per-position statistics with spatial = 0 (opset 7)', () => {
    const x = randomTensor([2, 3, 2], 5);
    const stats = [randomTensor([3, 2], 6), randomTensor([3, 2], 7), randomTensor([3, 2], 8), f32([3, 2], [1, 2, 3, 4, 5, 6])];
    const [y] = runNode(createBatchNormalization, [x, ...stats], { opset: 7, attributes: Attributes.of({ spatial: 0 }, ['spatial']) });
    expectNear(y.data, reference(x.data, stats[0].data, stats[1].data, stats[2].data, stats[3].data, 1, 6, 1e-5));
  });

  it('refuses training mode and its extra outputs, and wrong statistic shapes', () => {
    const inputs = [f32([1, 2], [1, 2]), f32([2], [1, 1]), f32([2], [0, 0]), f32([2], [0, 0]), f32([2], [1, 1])];
    expect(() => runNode(createBatchNormalization, inputs, { attributes: Attributes.of({ training_mode: 1 }, ['training_mode']) })).toThrow(/training mode .* not supported/);
    expect(() => runNode(createBatchNormalization, inputs, { opset: 9, outputCount: 5 })).toThrow(/training mode \(batch statistics, 5 outputs\)/);
    expect(() => runNode(createBatchNormalization, [f32([1, 3], [1, 2, 3]), ...inputs.slice(1)])).toThrow(/input scale shape \[2\] must be \[3\]/);
    expect(() => runNode(createBatchNormalization, [f32([2], [1, 2]), ...inputs.slice(1)])).toThrow(/\[N, C, \.\.\.\]/);
  });
});
