import { describe, expect, it } from 'vitest';
import { createDiv } from '../../../src/kernels/div.js';
import { EDGE_VALUES, expectWithinUlps } from '../helpers.js';
import { BROADCAST_SHAPES, EXACT, broadcastReference, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

describe('Div', () => {
  it.each([
    { name: 'same shape', a: f32([2], [3, -1]), b: f32([2], [2, 4]), y: [1.5, -0.25] },
    { name: 'scalar [] shape', a: f32([], [1]), b: f32([], [3]), y: [Math.fround(1 / 3)] },
    { name: 'division by zero', a: f32([4], [1, -1, 0, NaN]), b: f32([4], [0, 0, 0, 0]), y: [Infinity, -Infinity, NaN, NaN] },
    { name: 'by -0', a: f32([1], [1]), b: f32([1], [-0]), y: [-Infinity] },
  ])('$name', ({ a, b, y }) => {
    expect(Array.from(runNode(createDiv, [a, b])[0].data)).toEqual(y);
  });

  it('truncates integer quotients toward zero, as C does', () => {
    const [q64] = runNode(createDiv, [i64([4], [7, -7, 7, -7]), i64([4], [2, 2, -2, -2])]);
    expect(Array.from(q64.data)).toEqual([3, -3, -3, 3]);
    const [q32] = runNode(createDiv, [of('int32', [2], Int32Array.of(7, -7)), of('int32', [], Int32Array.of(2))]);
    expect(Array.from(q32.data)).toEqual([3, -3]);
  });

  it('throws on integer division by zero', () => {
    expect(() => runNode(createDiv, [i64([2], [1, 2]), i64([2], [1, 0])])).toThrow("Test 'node': integer division by zero");
  });

  it.each(BROADCAST_SHAPES)('broadcasts %j with %j like numpy', (aShape, bShape) => {
    const a = randomF32(aShape, 7);
    const b = randomF32(bShape, 8, 0.5, 3);
    const ref = broadcastReference([a, b], (x, y) => x / y);
    const [out] = runNode(createDiv, [a, b]);
    expect(out.shape).toEqual(ref.shape);
    expectWithinUlps(out.data as Float32Array, Float32Array.from(ref.values), EXACT);
  });

  it('matches the formula over the edge values, every pair', () => {
    const values = Array.from(EDGE_VALUES, Math.fround);
    const a = f32([values.length, 1], values);
    const b = f32([values.length], values);
    const ref = broadcastReference([a, b], (x, y) => x / y).values;
    expectWithinUlps(runNode(createDiv, [a, b])[0].data as Float32Array, Float32Array.from(ref), EXACT);
  });

  it('works in place', () => {
    expectWritesInPlace(createDiv, [f32([2, 2], [1, 2, 3, 4]), f32([2], [2, 4])], 0);
    expectWritesInPlace(createDiv, [f32([], [1]), f32([2, 2], [1, 2, 3, 4])], 1);
  });

  it('throws on shapes that do not broadcast and on mixed types', () => {
    expect(() => runNode(createDiv, [f32([3], [0, 0, 0]), f32([2, 2], [1, 1, 1, 1])])).toThrow(/shapes \[3\] and \[2,2\] do not broadcast/);
    expect(() => runNode(createDiv, [i64([1], [1]), f32([1], [1])])).toThrow(/input 1 has type float32 but input 0 has int64/);
  });
});
