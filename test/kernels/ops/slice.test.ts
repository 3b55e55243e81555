import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createSlice } from '../../../src/kernels/slice.js';
import { f32, i64, runNode } from './runNode.js';

/** INT64_MAX (9223372036854775807) as it arrives in float64 int64 storage. */
const INT64_MAX = 2 ** 63;
const INT64_MIN = -(2 ** 63);
const x = f32([3, 4], [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
const v = (values: number[]) => i64([values.length], values);

describe('Slice', () => {
  it.each([
    ['a row range', [1], [3], [0], undefined, [2, 4], [10, 11, 12, 13, 20, 21, 22, 23]],
    ['both axes by default', [0, 1], [2, 3], undefined, undefined, [2, 2], [1, 2, 11, 12]],
    ['a negative axis and start', [-2], [INT64_MAX], [-1], undefined, [3, 2], [2, 3, 12, 13, 22, 23]],
    ['a step of 2', [0], [INT64_MAX], [1], [2], [3, 2], [0, 2, 10, 12, 20, 22]],
    ['a negative step to the start', [-1], [INT64_MIN], [0], [-1], [3, 4], [20, 21, 22, 23, 10, 11, 12, 13, 0, 1, 2, 3]],
    ['a negative step of -2 on both', [INT64_MAX, 3], [-INT64_MAX, 0], [0, 1], [-2, -2], [2, 2], [23, 21, 3, 1]],
    ['an out-of-range start (empty)', [5], [10], [1], undefined, [3, 0], []],
    ['an end before the start (empty)', [2], [1], [0], undefined, [0, 4], []],
  ])('takes %s', (_, starts, ends, axes, steps, shape, expected) => {
    const inputs = [x, v(starts), v(ends), axes && v(axes), steps && v(steps)];
    const [y] = runNode(createSlice, inputs, { constantInputs: [1, 2, 3, 4] });
    expect(y.shape).toEqual(shape);
    expect([...y.data]).toEqual(expected);
  });

  it('takes starts/ends/axes as attributes before opset 10', () => {
    const attributes = Attributes.of({ starts: [1], ends: [1000], axes: [1] }, ['starts', 'ends', 'axes']);
    const [y] = runNode(createSlice, [x], { opset: 9, attributes });
    expect([...y.data]).toEqual([1, 2, 3, 11, 12, 13, 21, 22, 23]);
  });

  it('slices int64 shape vectors given at run time', () => {
    const [y] = runNode(createSlice, [i64([4], [1, 3, 224, 224]), v([-2]), v([INT64_MAX])]);
    expect(y).toMatchObject({ type: 'int64', shape: [2] });
    expect([...y.data]).toEqual([224, 224]);
  });

  it('refuses a zero step and mismatched lengths', () => {
    expect(() => runNode(createSlice, [x, v([0]), v([1]), v([0]), v([0])])).toThrow(/step for axis 0 is 0/);
    expect(() => runNode(createSlice, [x, v([0, 0]), v([1])])).toThrow(/starts has 2 values, ends 1/);
    expect(() => runNode(createSlice, [x, v([0]), v([1]), v([0, 1])])).toThrow(/axes has 2 values, starts 1/);
  });
});
