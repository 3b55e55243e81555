import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createGather } from '../../../src/kernels/gather.js';
import { f32, i64, of, runNode } from './runNode.js';

const x = f32([3, 2], [1, 2, 3, 4, 5, 6]);
const axis = (a: number) => ({ attributes: Attributes.of({ axis: a }, ['axis']) });

describe('Gather', () => {
  it('gathers rows (axis 0) with int64 and int32 indices, negative ones too', () => {
    const [y] = runNode(createGather, [x, i64([2, 2], [0, 1, -1, 1])]);
    expect(y.shape).toEqual([2, 2, 2]);
    expect([...y.data]).toEqual([1, 2, 3, 4, 5, 6, 3, 4]);
    expect([...runNode(createGather, [x, of('int32', [1], Int32Array.of(2))])[0].data]).toEqual([5, 6]);
  });

  it('gathers along the last axis and with scalar indices', () => {
    const [y] = runNode(createGather, [x, i64([1, 2], [1, 0])], axis(-1));
    expect(y.shape).toEqual([3, 1, 2]);
    expect([...y.data]).toEqual([2, 1, 4, 3, 6, 5]);
    const [s] = runNode(createGather, [i64([4], [1, 3, 224, 224]), i64([], [0])]);
    expect(s).toMatchObject({ type: 'int64', shape: [] });
    expect([...s.data]).toEqual([1]);
  });

  it('gives an empty result for empty indices', () => {
    expect(runNode(createGather, [x, i64([0], [])])[0].shape).toEqual([0, 2]);
  });

  it('refuses out-of-range indices and float indices', () => {
    expect(() => runNode(createGather, [x, i64([1], [3])])).toThrow(/index 3 is out of range for axis 0 of data shape \[3,2\]/);
    expect(() => runNode(createGather, [x, i64([1], [-4])])).toThrow(/index -4 is out of range/);
    expect(() => runNode(createGather, [x, f32([1], [0])])).toThrow(/input 1 has type float32/);
  });
});
