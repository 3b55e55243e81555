import { describe, expect, it } from 'vitest';
import { createWhere } from '../../../src/kernels/where.js';
import { broadcastReference, expectInputsUntouched, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

const bool = (shape: number[], values: number[]) => of('bool', shape, Uint8Array.from(values));

describe('Where', () => {
  it.each([
    { name: 'same shapes', c: bool([3], [1, 0, 1]), x: f32([3], [1, 2, 3]), y: f32([3], [-1, -2, -3]), shape: [3], z: [1, -2, 3] },
    { name: 'scalar [] condition', c: bool([], [0]), x: f32([2], [1, 2]), y: f32([2], [5, 6]), shape: [2], z: [5, 6] },
    { name: 'scalar X and Y', c: bool([2, 2], [1, 0, 0, 1]), x: f32([], [9]), y: f32([], [-9]), shape: [2, 2], z: [9, -9, -9, 9] },
    { name: 'all three stretch', c: bool([2, 1], [1, 0]), x: f32([1, 3], [1, 2, 3]), y: f32([], [0]), shape: [2, 3], z: [1, 2, 3, 0, 0, 0] },
    { name: 'int64', c: bool([2], [0, 1]), x: i64([2], [1, 2]), y: i64([2], [3, 4]), shape: [2], z: [3, 2] },
    { name: 'NaN passes through', c: bool([2], [1, 0]), x: f32([2], [NaN, 1]), y: f32([2], [0, NaN]), shape: [2], z: [NaN, NaN] },
  ])('$name', ({ c, x, y, shape, z }) => {
    const [out] = runNode(createWhere, [c, x, y]);
    expect(out.type).toBe(x.type);
    expect(out.shape).toEqual(shape);
    expect(Array.from(out.data)).toEqual(z);
  });

  it.each([
    [[2, 3, 4], [3, 1], [4]],
    [[1, 4], [3, 1], [3, 4]],
    [[2, 1, 4], [2, 3, 4], [1]],
    [[0, 2], [2], []],
  ])('broadcasts condition %j, X %j, Y %j like numpy', (cShape, xShape, yShape) => {
    const c = randomF32(cShape, 13, 0, 2);
    const cond = of('bool', cShape, Uint8Array.from(c.data, (v) => +(v >= 1)));
    const x = randomF32(xShape, 14);
    const y = randomF32(yShape, 15);
    const ref = broadcastReference([cond, x, y], (k, a, b) => (k ? a : b));
    const [out] = runNode(createWhere, [cond, x, y]);
    expect(out.shape).toEqual(ref.shape);
    expect(Array.from(out.data)).toEqual(Array.from(Float32Array.from(ref.values)));
  });

  it('works in place into X or Y, never into an input that is not reusable', () => {
    expectWritesInPlace(createWhere, [bool([2], [1, 0]), f32([2, 2], [1, 2, 3, 4]), f32([], [0])], 1);
    expectWritesInPlace(createWhere, [bool([2], [1, 0]), f32([], [0]), f32([2, 2], [1, 2, 3, 4])], 2);
    expectInputsUntouched(createWhere, [bool([2], [1, 0]), f32([2], [1, 2]), f32([2], [3, 4])]);
  });

  it('refuses a condition that is not bool and X, Y of different types', () => {
    expect(() => runNode(createWhere, [f32([1], [1]), f32([1], [1]), f32([1], [1])])).toThrow(/input 0 has type float32, which is not supported \(bool\)/);
    expect(() => runNode(createWhere, [bool([1], [1]), f32([1], [1]), i64([1], [1])])).toThrow(/input 2 has type int64 but input 1 has float32/);
  });

  it('throws on shapes that do not broadcast', () => {
    expect(() => runNode(createWhere, [bool([2], [1, 0]), f32([3], [1, 2, 3]), f32([], [0])])).toThrow(
      "Test 'node': shapes [2] and [3] and [] do not broadcast",
    );
  });
});
