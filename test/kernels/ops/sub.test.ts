import { describe, expect, it } from 'vitest';
import { createSub } from '../../../src/kernels/sub.js';
import { EDGE_VALUES, expectWithinUlps } from '../helpers.js';
import { BROADCAST_SHAPES, EXACT, broadcastReference, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

describe('Sub', () => {
  it.each([
    { name: 'same shape', a: f32([2], [1, 2]), b: f32([2], [10, 20]), y: [-9, -18] },
    { name: 'scalar [] shape', a: f32([], [1.5]), b: f32([], [2]), y: [-0.5] },
    { name: 'scalar on the left', a: f32([], [1]), b: f32([3], [1, 2, 3]), y: [0, -1, -2] },
    { name: 'Infinity - Infinity', a: f32([1], [Infinity]), b: f32([1], [Infinity]), y: [NaN] },
  ])('$name', ({ a, b, y }) => {
    expect(Array.from(runNode(createSub, [a, b])[0].data)).toEqual(y);
  });

  it('subtracts int64 and int32', () => {
    expect(Array.from(runNode(createSub, [i64([2], [5, -3]), i64([1], [7])])[0].data)).toEqual([-2, -10]);
    expect(Array.from(runNode(createSub, [of('int32', [1], Int32Array.of(-(2 ** 31))), of('int32', [1], Int32Array.of(1))])[0].data)).toEqual([2 ** 31 - 1]);
  });

  it.each(BROADCAST_SHAPES)('broadcasts %j with %j like numpy', (aShape, bShape) => {
    const a = randomF32(aShape, 3);
    const b = randomF32(bShape, 4);
    const ref = broadcastReference([a, b], (x, y) => x - y);
    const [out] = runNode(createSub, [a, b]);
    expect(out.shape).toEqual(ref.shape);
    expectWithinUlps(out.data as Float32Array, Float32Array.from(ref.values), EXACT);
  });

  it('matches the formula over the edge values, every pair', () => {
    const values = Array.from(EDGE_VALUES, Math.fround);
    const a = f32([values.length, 1], values);
    const b = f32([values.length], values);
    const ref = broadcastReference([a, b], (x, y) => x - y).values;
    expectWithinUlps(runNode(createSub, [a, b])[0].data as Float32Array, Float32Array.from(ref), EXACT);
  });

  it('works in place, into B as well (order of operands kept)', () => {
    expectWritesInPlace(createSub, [f32([2], [1, 1]), f32([2, 2], [1, 2, 3, 4])], 1);
    expectWritesInPlace(createSub, [f32([2, 2], [1, 2, 3, 4]), f32([], [1])], 0);
  });

  it('throws on shapes that do not broadcast and on bool', () => {
    expect(() => runNode(createSub, [f32([2], [0, 0]), f32([3], [0, 0, 0])])).toThrow(/shapes \[2\] and \[3\] do not broadcast/);
    expect(() => runNode(createSub, [of('bool', [1], Uint8Array.of(1)), of('bool', [1], Uint8Array.of(0))])).toThrow(/type bool/);
  });
});
