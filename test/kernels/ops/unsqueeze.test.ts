import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createUnsqueeze } from '../../../src/kernels/unsqueeze.js';
import { f32, i64, runNode } from './runNode.js';

const x = f32([3, 2], [1, 2, 3, 4, 5, 6]);

describe('Unsqueeze', () => {
  it.each([
    [[0], [1, 3, 2]],
    [[2], [3, 2, 1]],
    [[-1], [3, 2, 1]],
    [[3, 0], [1, 3, 2, 1]],
    [[1, 4, -3], [3, 1, 1, 2, 1]],
  ])('axes %j give %j, sharing the data', (axes, shape) => {
    const [y] = runNode(createUnsqueeze, [x, i64([axes.length], axes)]);
    expect(y.shape).toEqual(shape);
    expect(y.data).toBe(x.data);
  });

  it('takes axes as an attribute before opset 13, and unsqueezes scalars', () => {
    const [y] = runNode(createUnsqueeze, [i64([], [4])], { opset: 11, attributes: Attributes.of({ axes: [0] }, ['axes']) });
    expect(y).toMatchObject({ type: 'int64', shape: [1] });
  });

  it('refuses repeated and out-of-range axes, and a missing attribute', () => {
    expect(() => runNode(createUnsqueeze, [x, i64([2], [0, 0])])).toThrow(/repeats an axis/);
    expect(() => runNode(createUnsqueeze, [x, i64([1], [3])])).toThrow(/out of range for rank 3/);
    expect(() => runNode(createUnsqueeze, [x], { opset: 11 })).toThrow(/attribute axes is required/);
  });
});
