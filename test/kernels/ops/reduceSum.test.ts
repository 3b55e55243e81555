import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createReduceSum } from '../../../src/kernels/reduceSum.js';
import { f32, i64, of, runNode } from './runNode.js';

// [3, 2, 2] from the spec's examples.
const x = f32([3, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
const keep = (k: number, extra: Record<string, number> = {}) => ({ attributes: Attributes.of({ keepdims: k, ...extra }, ['keepdims', 'noop_with_empty_axes']) });

describe('ReduceSum', () => {
  it.each([
    [[1], 1, [3, 1, 2], [4, 6, 12, 14, 20, 22]],
    [[1], 0, [3, 2], [4, 6, 12, 14, 20, 22]],
    [[-2], 1, [3, 1, 2], [4, 6, 12, 14, 20, 22]],
    [[0, 2], 0, [2], [33, 45]],
    [[], 1, [1, 1, 1], [78]],
    [[], 0, [], [78]],
  ])('axes %j keepdims %i give %j', (axes, k, shape, expected) => {
    const [y] = runNode(createReduceSum, [x, i64([axes.length], axes)], keep(k));
    expect(y.shape).toEqual(shape);
    expect([...y.data]).toEqual(expected);
  });

  it('is a no-op for empty axes with noop_with_empty_axes=1', () => {
    expect(runNode(createReduceSum, [x, i64([0], [])], keep(1, { noop_with_empty_axes: 1 }))[0]).toBe(x);
  });

  it('takes axes as an attribute before opset 13', () => {
    const [y] = runNode(createReduceSum, [x], { opset: 11, attributes: Attributes.of({ axes: [0], keepdims: 0 }, ['axes', 'keepdims']) });
    expect([...y.data]).toEqual([15, 18, 21, 24]);
  });

  it('sums int64 and int32, scalars, and empty axes to 0', () => {
    expect([...runNode(createReduceSum, [i64([3], [1, 2, 2 ** 40])])[0].data]).toEqual([3 + 2 ** 40]);
    expect(runNode(createReduceSum, [of('int32', [2], Int32Array.of(1, 2))])[0].type).toBe('int32');
    expect([...runNode(createReduceSum, [f32([], [4])])[0].data]).toEqual([4]);
    expect([...runNode(createReduceSum, [f32([2, 0], []), i64([1], [1])])[0].data]).toEqual([0, 0]);
  });

  it('refuses repeated and out-of-range axes', () => {
    expect(() => runNode(createReduceSum, [x, i64([2], [1, -2])])).toThrow(/repeats an axis/);
    expect(() => runNode(createReduceSum, [x, i64([1], [3])])).toThrow(/axes 3 is out of range for rank 3/);
  });
});
