import { describe, expect, it } from 'vitest';
import { createEqual } from '../../../src/kernels/equal.js';
import { EDGE_VALUES } from '../helpers.js';
import { BROADCAST_SHAPES, broadcastReference, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

const bool = (shape: number[], values: number[]) => of('bool', shape, Uint8Array.from(values));

describe('Equal', () => {
  it.each([
    { name: 'float32', a: f32([3], [1, 2, 3]), b: f32([3], [1, 0, 3]), y: [1, 0, 1] },
    { name: 'int64 scalar []', a: i64([], [4]), b: i64([], [4]), y: [1] },
    { name: 'int64 broadcast', a: i64([2, 2], [1, 2, 3, 4]), b: i64([2], [1, 4]), y: [1, 0, 0, 1] },
    { name: 'int32', a: of('int32', [2], Int32Array.of(-1, 5)), b: of('int32', [2], Int32Array.of(-1, 6)), y: [1, 0] },
    { name: 'bool', a: bool([4], [0, 0, 1, 1]), b: bool([4], [0, 1, 0, 1]), y: [1, 0, 0, 1] },
    { name: 'IEEE: NaN, -0', a: f32([3], [NaN, -0, Infinity]), b: f32([3], [NaN, 0, Infinity]), y: [0, 1, 1] },
  ])('$name', ({ a, b, y }) => {
    const [out] = runNode(createEqual, [a, b]);
    expect(out.type).toBe('bool');
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(out.data)).toEqual(y);
  });

  it.each(BROADCAST_SHAPES)('broadcasts %j with %j like numpy', (aShape, bShape) => {
    // Values on a coarse grid so that equal pairs occur.
    const a = randomF32(aShape, 11, 0, 3);
    const b = randomF32(bShape, 12, 0, 3);
    a.data.forEach((v, i) => (a.data[i] = Math.floor(v)));
    b.data.forEach((v, i) => (b.data[i] = Math.floor(v)));
    const ref = broadcastReference([a, b], (x, y) => +(x === y));
    const [out] = runNode(createEqual, [a, b]);
    expect(out.shape).toEqual(ref.shape);
    expect(Array.from(out.data)).toEqual(ref.values);
  });

  it('compares the edge values pairwise', () => {
    const values = Array.from(EDGE_VALUES, Math.fround);
    const a = f32([values.length, 1], values);
    const b = f32([values.length], values);
    expect(Array.from(runNode(createEqual, [a, b])[0].data)).toEqual(broadcastReference([a, b], (x, y) => +(x === y)).values);
  });

  it('reuses a bool input only', () => {
    expectWritesInPlace(createEqual, [bool([2, 2], [1, 0, 1, 0]), bool([2], [1, 1])], 0);
    const a = f32([2], [1, 2]);
    expect(runNode(createEqual, [a, f32([2], [1, 2])], { inPlace: true })[0].data).not.toBe(a.data);
  });

  it('throws on mixed types and shapes that do not broadcast', () => {
    expect(() => runNode(createEqual, [f32([1], [1]), i64([1], [1])])).toThrow(/input 1 has type int64 but input 0 has float32/);
    expect(() => runNode(createEqual, [i64([2], [1, 1]), i64([3], [1, 1, 1])])).toThrow(/shapes \[2\] and \[3\] do not broadcast/);
  });
});
