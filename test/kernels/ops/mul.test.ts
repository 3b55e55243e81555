import { describe, expect, it } from 'vitest';
import { createMul } from '../../../src/kernels/mul.js';
import { EDGE_VALUES, expectWithinUlps } from '../helpers.js';
import { BROADCAST_SHAPES, EXACT, broadcastReference, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

describe('Mul', () => {
  it.each([
    { name: 'same shape', a: f32([2], [1.5, -2]), b: f32([2], [2, 3]), y: [3, -6] },
    { name: 'scalar [] shape', a: f32([], [3]), b: f32([], [-0.5]), y: [-1.5] },
    { name: 'per channel', a: f32([1, 2, 2], [1, 2, 3, 4]), b: f32([2, 1], [10, -1]), y: [10, 20, -3, -4] },
    { name: '0 * Infinity', a: f32([2], [0, -0]), b: f32([2], [Infinity, 1]), y: [NaN, -0] },
  ])('$name', ({ a, b, y }) => {
    expect(Array.from(runNode(createMul, [a, b])[0].data)).toEqual(y);
  });

  it('multiplies int64, and int32 with C wraparound', () => {
    expect(Array.from(runNode(createMul, [i64([2], [-3, 2 ** 26]), i64([], [2 ** 26])])[0].data)).toEqual([-3 * 2 ** 26, 2 ** 52]);
    // 65537 * 65537 = 2^32 + 2^17 + 1: the low 32 bits are 2^17 + 1.
    const [wrapped] = runNode(createMul, [of('int32', [1], Int32Array.of(65537)), of('int32', [1], Int32Array.of(65537))]);
    expect(Array.from(wrapped.data)).toEqual([131073]);
    const [large] = runNode(createMul, [of('int32', [1], Int32Array.of(0x7fffffff)), of('int32', [1], Int32Array.of(0x7fffffff))]);
    expect(Array.from(large.data)).toEqual([Math.imul(0x7fffffff, 0x7fffffff)]);
  });

  it.each(BROADCAST_SHAPES)('broadcasts %j with %j like numpy', (aShape, bShape) => {
    const a = randomF32(aShape, 5);
    const b = randomF32(bShape, 6);
    const ref = broadcastReference([a, b], (x, y) => x * y);
    const [out] = runNode(createMul, [a, b]);
    expect(out.shape).toEqual(ref.shape);
    expectWithinUlps(out.data as Float32Array, Float32Array.from(ref.values), EXACT);
  });

  it('matches the formula over the edge values, every pair (denormal and overflowing products)', () => {
    const values = Array.from(EDGE_VALUES, Math.fround);
    const a = f32([values.length, 1], values);
    const b = f32([values.length], values);
    const ref = broadcastReference([a, b], (x, y) => x * y).values;
    expectWithinUlps(runNode(createMul, [a, b])[0].data as Float32Array, Float32Array.from(ref), EXACT);
  });

  it('works in place, and squares an input passed twice', () => {
    expectWritesInPlace(createMul, [f32([2, 2], [1, 2, 3, 4]), f32([2], [2, 3])], 0);
    const x = f32([3], [1, -2, 3]);
    const [out] = runNode(createMul, [x, x], { inPlace: true });
    expect(Array.from(out.data)).toEqual([1, 4, 9]);
  });

  it('throws on shapes that do not broadcast and on bool', () => {
    expect(() => runNode(createMul, [f32([2, 3], [0, 0, 0, 0, 0, 0]), f32([2], [0, 0])])).toThrow(/shapes \[2,3\] and \[2\] do not broadcast/);
    expect(() => runNode(createMul, [of('bool', [1], Uint8Array.of(1)), of('bool', [1], Uint8Array.of(0))])).toThrow(/type bool/);
  });
});
