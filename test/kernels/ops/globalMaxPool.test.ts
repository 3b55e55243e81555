import { describe, expect, it } from 'vitest';
import { createGlobalMaxPool } from '../../../src/kernels/globalMaxPool.js';
import { f32, runNode } from './runNode.js';

describe('GlobalMaxPool', () => {
  it('takes the max of each plane, keeping spatial axes of size 1', () => {
    const [y] = runNode(createGlobalMaxPool, [f32([1, 2, 2, 2], [1, 2, 3, 4, -1, -7, -1, -5])]);
    expect(y.shape).toEqual([1, 2, 1, 1]);
    expect(Array.from(y.data)).toEqual([4, -1]);
  });

  it('propagates NaN, handles -Infinity and rejects rank 2', () => {
    expect(Array.from(runNode(createGlobalMaxPool, [f32([1, 2, 3], [NaN, 5, 1, -Infinity, -Infinity, -Infinity])])[0].data)).toEqual([NaN, -Infinity]);
    expect(() => runNode(createGlobalMaxPool, [f32([2, 2], [1, 2, 3, 4])])).toThrow(/\[N, C, spatial/);
  });
});
