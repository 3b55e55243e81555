import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createReduceMax } from '../../../src/kernels/reduceMax.js';
import { f32, i64, of, runNode } from './runNode.js';

const x = f32([3, 2, 2], [5, 1, 20, 2, 30, 1, 40, 2, 55, 1, 60, 2]);

describe('ReduceMax', () => {
  it('takes the max over axes (attribute before 18, input from 18)', () => {
    const old = runNode(createReduceMax, [x], { opset: 13, attributes: Attributes.of({ axes: [1], keepdims: 1 }, ['axes', 'keepdims']) })[0];
    expect(old.shape).toEqual([3, 1, 2]);
    expect([...old.data]).toEqual([20, 2, 40, 2, 60, 2]);
    expect([...runNode(createReduceMax, [x, i64([2], [0, 1])])[0].data]).toEqual([60, 2]);
  });

  it('propagates NaN, handles -Infinity, int64 and bool', () => {
    expect(Number.isNaN(runNode(createReduceMax, [f32([3], [1, NaN, 2])])[0].data[0])).toBe(true);
    expect([...runNode(createReduceMax, [f32([2], [-Infinity, -Infinity])])[0].data]).toEqual([-Infinity]);
    expect([...runNode(createReduceMax, [i64([3], [-5, -2, -9])])[0].data]).toEqual([-2]);
    expect([...runNode(createReduceMax, [of('bool', [2, 2], Uint8Array.of(0, 0, 0, 1)), i64([1], [1])])[0].data]).toEqual([0, 1]);
  });

  it('is -Infinity over an empty axis, as the spec says', () => {
    expect([...runNode(createReduceMax, [f32([0], [])])[0].data]).toEqual([-Infinity]);
  });
});
