import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createConcat } from '../../../src/kernels/concat.js';
import { f32, i64, runNode } from './runNode.js';

const axis = (a: number) => ({ attributes: Attributes.of({ axis: a }, ['axis']) });

describe('Concat', () => {
  it('joins along axis 0, 1 and a negative axis', () => {
    const a = f32([2, 2], [1, 2, 3, 4]);
    const b = f32([2, 1], [5, 6]);
    expect([...runNode(createConcat, [a, b], axis(1))[0].data]).toEqual([1, 2, 5, 3, 4, 6]);
    expect([...runNode(createConcat, [a, b], axis(-1))[0].data]).toEqual([1, 2, 5, 3, 4, 6]);
    const [y] = runNode(createConcat, [a, f32([1, 2], [7, 8])], axis(0));
    expect(y.shape).toEqual([3, 2]);
    expect([...y.data]).toEqual([1, 2, 3, 4, 7, 8]);
  });

  it('joins int64 shape vectors, including empty ones', () => {
    const [y] = runNode(createConcat, [i64([1], [-1]), i64([0], []), i64([2], [3, 4])], axis(0));
    expect(y).toMatchObject({ type: 'int64', shape: [3] });
    expect([...y.data]).toEqual([-1, 3, 4]);
  });

  it('refuses mismatched shapes, mixed types, scalars and a missing axis', () => {
    expect(() => runNode(createConcat, [f32([2, 2], [1, 2, 3, 4]), f32([1, 3], [1, 2, 3])], axis(0))).toThrow(
      /input 1 shape \[1,3\] does not match input 0 shape \[2,2\] outside axis 0/,
    );
    expect(() => runNode(createConcat, [f32([1], [1]), i64([1], [1])], axis(0))).toThrow(/input 1 has type int64/);
    expect(() => runNode(createConcat, [f32([], [1])], axis(0))).toThrow(/scalars/);
    expect(() => runNode(createConcat, [f32([1], [1])])).toThrow(/attribute axis is required/);
  });
});
