import { describe, expect, it } from 'vitest';
import { createPow } from '../../../src/kernels/pow.js';
import { EDGE_VALUES, expectWithinUlps } from '../helpers.js';
import { BROADCAST_SHAPES, broadcastReference, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

/** Math.pow in double, rounded once: the correctly rounded powf, give or take the double's own error. */
const POW_MAX_ULPS = 1;

/** C's pow (std::pow): as Math.pow except pow(1, y) = 1 and pow(-1, ±Infinity) = 1. */
const cPow = (x: number, y: number): number => (x === 1 || (x === -1 && Math.abs(y) === Infinity) ? 1 : Math.pow(x, y));

describe('Pow', () => {
  it.each([
    { name: 'same shape', x: f32([3], [1, 2, 3]), y: f32([3], [4, 5, 6]), z: [1, 32, 729] },
    { name: 'scalar exponent []', x: f32([3], [1, 2, 3]), y: f32([], [2]), z: [1, 4, 9] },
    { name: 'square root of negative', x: f32([1], [-4]), y: f32([1], [0.5]), z: [NaN] },
    { name: 'C special cases', x: f32([4], [1, -1, NaN, 0]), y: f32([4], [NaN, Infinity, 0, -1]), z: [1, 1, 1, Infinity] },
  ])('$name', ({ x, y, z }) => {
    expect(Array.from(runNode(createPow, [x, y])[0].data)).toEqual(z);
  });

  it('takes an exponent of another type from opset 12; the result has X type', () => {
    const [a] = runNode(createPow, [f32([2], [2, 0.5]), i64([2], [3, -1])]);
    expect(a.type).toBe('float32');
    expect(Array.from(a.data)).toEqual([8, 2]);
    const [b] = runNode(createPow, [i64([3], [2, 2, 3]), f32([3], [0.5, -1, 2])]);
    expect(b.type).toBe('int64');
    expect(Array.from(b.data)).toEqual([1, 0, 9]);
    const [c] = runNode(createPow, [of('int32', [2], Int32Array.of(3, -2)), of('int32', [2], Int32Array.of(3, 3))]);
    expect(Array.from(c.data)).toEqual([27, -8]);
    expect(() => runNode(createPow, [f32([1], [2]), i64([1], [3])], { opset: 11 })).toThrow(/input 1 has type int64 but input 0 has float32/);
  });

  it.each(BROADCAST_SHAPES)('broadcasts %j with %j like numpy', (aShape, bShape) => {
    const x = randomF32(aShape, 9, 0.1, 3);
    const y = randomF32(bShape, 10);
    const ref = broadcastReference([x, y], cPow);
    const [out] = runNode(createPow, [x, y]);
    expect(out.shape).toEqual(ref.shape);
    expectWithinUlps(out.data as Float32Array, Float32Array.from(ref.values), POW_MAX_ULPS);
  });

  it('matches the formula over the edge values, every pair', () => {
    const values = Array.from(EDGE_VALUES, Math.fround);
    const x = f32([values.length, 1], values);
    const y = f32([values.length], values);
    const ref = broadcastReference([x, y], cPow).values;
    expectWithinUlps(runNode(createPow, [x, y])[0].data as Float32Array, Float32Array.from(ref), POW_MAX_ULPS);
  });

  it('works in place, into Y only when Y has X type', () => {
    expectWritesInPlace(createPow, [f32([2, 2], [1, 2, 3, 4]), f32([], [2])], 0);
    expectWritesInPlace(createPow, [f32([], [2]), f32([2, 2], [1, 2, 3, 4])], 1);
    const y = i64([2], [1, 2]);
    const [out] = runNode(createPow, [f32([], [2]), y], { inPlace: true });
    expect(out.data).not.toBe(y.data);
  });

  it('throws on shapes that do not broadcast and on bool', () => {
    expect(() => runNode(createPow, [f32([2], [1, 1]), f32([3], [1, 1, 1])])).toThrow(/do not broadcast/);
    expect(() => runNode(createPow, [of('bool', [1], Uint8Array.of(1)), f32([1], [1])])).toThrow(/input 0 has type bool/);
  });
});
