import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createReduceMean } from '../../../src/kernels/reduceMean.js';
import { f32, i64, runNode } from './runNode.js';

const x = f32([3, 2, 2], [5, 1, 20, 2, 30, 1, 40, 2, 55, 1, 60, 2]);

describe('ReduceMean', () => {
  it('averages over attribute axes before opset 18 (spec example)', () => {
    const [y] = runNode(createReduceMean, [x], { opset: 13, attributes: Attributes.of({ axes: [1], keepdims: 0 }, ['axes', 'keepdims']) });
    expect(y.shape).toEqual([3, 2]);
    expect([...y.data]).toEqual([12.5, 1.5, 35, 1.5, 57.5, 1.5]);
  });

  it('averages over input axes from opset 18, over everything by default', () => {
    expect([...runNode(createReduceMean, [x, i64([1], [-1])])[0].data]).toEqual([3, 11, 15.5, 21, 28, 31]);
    const [all] = runNode(createReduceMean, [x]);
    expect(all.shape).toEqual([1, 1, 1]);
    expect(all.data[0]).toBeCloseTo(18.25, 5);
  });

  it('truncates integer means and propagates NaN', () => {
    expect([...runNode(createReduceMean, [i64([3], [1, 2, 2])])[0].data]).toEqual([1]);
    expect(Number.isNaN(runNode(createReduceMean, [f32([2], [1, NaN])])[0].data[0])).toBe(true);
  });
});
