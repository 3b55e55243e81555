import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createAveragePool } from '../../../src/kernels/averagePool.js';
import { f32, runNode } from './runNode.js';

const INTS = ['ceil_mode', 'count_include_pad'];
const X3 = f32([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
const close = (actual: ArrayLike<number>, expected: number[]): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 5));
};

describe('AveragePool', () => {
  it('averages literal windows', () => {
    const [y] = runNode(createAveragePool, [X3], { attributes: Attributes.of({ kernel_shape: [2, 2] }) });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    close(y.data, [3, 4, 6, 7]);
  });

  it('leaves padding out of the count by default and counts it with count_include_pad', () => {
    const values = { kernel_shape: [2, 2], pads: [1, 1, 1, 1], strides: [2, 2] };
    close(runNode(createAveragePool, [X3], { attributes: Attributes.of(values, INTS) })[0].data, [1, 2.5, 5.5, 7]);
    close(runNode(createAveragePool, [X3], { attributes: Attributes.of({ ...values, count_include_pad: 1 }, INTS) })[0].data, [0.25, 1.25, 2.75, 7]);
    // Before opset 7 there is no count_include_pad.
    close(runNode(createAveragePool, [X3], { opset: 6, attributes: Attributes.of({ ...values, count_include_pad: 1 }, INTS) })[0].data, [1, 2.5, 5.5, 7]);
  });

  it('never counts taps past the padding under ceil_mode', () => {
    const values = { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1, count_include_pad: 1 };
    const [y] = runNode(createAveragePool, [X3], { attributes: Attributes.of(values, INTS) });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    close(y.data, [3, 4.5, 7.5, 9]);
  });

  it('pads for SAME_UPPER, SAME_LOWER and takes dilations', () => {
    close(runNode(createAveragePool, [X3], { attributes: Attributes.of({ kernel_shape: [2, 2], auto_pad: 'SAME_UPPER' }) })[0].data, [3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9]);
    close(runNode(createAveragePool, [X3], { attributes: Attributes.of({ kernel_shape: [2, 2], auto_pad: 'SAME_LOWER' }) })[0].data, [1, 1.5, 2.5, 2.5, 3, 4, 5.5, 6, 7]);
    close(runNode(createAveragePool, [X3], { attributes: Attributes.of({ kernel_shape: [2, 2], dilations: [2, 2] }) })[0].data, [5]);
  });

  it('averages 1-D inputs and rejects bad attributes', () => {
    close(runNode(createAveragePool, [f32([1, 1, 4], [1, 2, 3, 4])], { attributes: Attributes.of({ kernel_shape: [3], strides: [1] }) })[0].data, [2, 3]);
    expect(() => runNode(createAveragePool, [X3], { attributes: Attributes.of({ kernel_shape: [2, 2], pads: [1, 1, 1, -1] }) })).toThrow(/must not be negative/);
    expect(() => runNode(createAveragePool, [X3], { attributes: Attributes.of({ kernel_shape: [4, 4] }) })).toThrow(/does not fit/);
    expect(() => runNode(createAveragePool, [f32([3], [1, 2, 3])], { attributes: Attributes.of({ kernel_shape: [2] }) })).toThrow(/needs 1 spatial axes/);
  });
});
