import { describe, expect, it } from 'vitest';
import { createGlobalAveragePool } from '../../../src/kernels/globalAveragePool.js';
import { f32, runNode } from './runNode.js';

describe('GlobalAveragePool', () => {
  it('averages each plane, keeping spatial axes of size 1', () => {
    const [y] = runNode(createGlobalAveragePool, [f32([1, 2, 2, 2], [1, 2, 3, 4, -1, -1, -1, 5])]);
    expect(y.shape).toEqual([1, 2, 1, 1]);
    expect(Array.from(y.data)).toEqual([2.5, 0.5]);
  });

  it('takes 1-D and 3-D inputs, propagates NaN and rejects rank 2', () => {
    expect(runNode(createGlobalAveragePool, [f32([2, 1, 3], [1, 2, 3, 4, 5, NaN])])[0]).toMatchObject({ shape: [2, 1, 1], data: Float32Array.from([2, NaN]) });
    expect(runNode(createGlobalAveragePool, [f32([1, 1, 2, 1, 2], [1, 1, 1, 5])])[0].shape).toEqual([1, 1, 1, 1, 1]);
    expect(() => runNode(createGlobalAveragePool, [f32([2, 2], [1, 2, 3, 4])])).toThrow(/\[N, C, spatial/);
  });
});
