import { describe, expect, it } from 'vitest';
import { broadcastShapes, planMultidirectionalBroadcast } from '../../../src/kernels/broadcast.js';

describe('multidirectional broadcast plan', () => {
  it.each([
    { shapes: [[2, 3], [2, 3]], shape: [2, 3] },
    { shapes: [[2, 3], []], shape: [2, 3] },
    { shapes: [[4, 1], [1, 3], [3]], shape: [4, 3] },
    { shapes: [[0, 3], [1]], shape: [0, 3] },
    { shapes: [[2, 3], [4]], shape: undefined },
    { shapes: [[2], [0]], shape: undefined },
  ])('broadcasts $shapes to $shape', ({ shapes, shape }) => {
    expect(broadcastShapes(shapes)).toEqual(shape);
  });

  it('walks equal shapes as one run', () => {
    expect(planMultidirectionalBroadcast([[2, 3, 4], [2, 3, 4]])).toMatchObject({ outerSizes: [], runLength: 24, runSteps: [1, 1] });
  });

  it('walks a scalar as one run with step 0', () => {
    expect(planMultidirectionalBroadcast([[2, 3], [1]])).toMatchObject({ outerSizes: [], runLength: 6, runSteps: [1, 0] });
  });

  it('walks a per-channel operand in runs of H*W', () => {
    const plan = planMultidirectionalBroadcast([[2, 3, 4, 5], [3, 1, 1]]);
    expect(plan).toMatchObject({ outerSizes: [2, 3], outerStrides: [[60, 20], [0, 1]], runLength: 20, runSteps: [1, 0] });
  });

  it('drops size-1 axes and merges axes with the same pattern', () => {
    const plan = planMultidirectionalBroadcast([[1, 2, 3, 1, 4], [2, 3, 1, 1]]);
    expect(plan).toMatchObject({ shape: [1, 2, 3, 1, 4], outerSizes: [6], outerStrides: [[4], [1]], runLength: 4, runSteps: [1, 0] });
  });

  it('plans into a larger given output shape, and refuses one an input does not fit', () => {
    expect(planMultidirectionalBroadcast([[3], [1]], [2, 3])).toMatchObject({ outerSizes: [2], outerStrides: [[0], [0]], runLength: 3, runSteps: [1, 0] });
    expect(planMultidirectionalBroadcast([[3], [4]], [2, 3])).toBeUndefined();
  });
});
