import { describe, expect, it } from 'vitest';
import { createAdd } from '../../../src/kernels/add.js';
import { Attributes } from '../../../src/kernels/attributes.js';
import { EDGE_VALUES, expectWithinUlps } from '../helpers.js';
import { BROADCAST_SHAPES, EXACT, broadcastReference, expectInputsUntouched, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

describe('Add', () => {
  it.each([
    { name: 'same shape', a: f32([2], [1, 2]), b: f32([2], [10, 20]), shape: [2], y: [11, 22] },
    { name: 'scalar [] shape', a: f32([], [1.5]), b: f32([], [2]), shape: [], y: [3.5] },
    { name: 'row broadcast', a: f32([2, 2], [1, 2, 3, 4]), b: f32([2], [10, 20]), shape: [2, 2], y: [11, 22, 13, 24] },
    { name: 'both sides stretch', a: f32([2, 1], [1, 2]), b: f32([1, 3], [10, 20, 30]), shape: [2, 3], y: [11, 21, 31, 12, 22, 32] },
    { name: 'float32 rounding', a: f32([1], [1]), b: f32([1], [2 ** -24]), shape: [1], y: [1] },
    { name: 'Infinity - Infinity', a: f32([2], [Infinity, NaN]), b: f32([2], [-Infinity, 1]), shape: [2], y: [NaN, NaN] },
  ])('$name', ({ a, b, shape, y }) => {
    const [out] = runNode(createAdd, [a, b]);
    expect(out.shape).toEqual(shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('adds int64 and int32 shape arithmetic', () => {
    expect(Array.from(runNode(createAdd, [i64([3], [1, -2, 2 ** 40]), i64([], [5])])[0].data)).toEqual([6, 3, 2 ** 40 + 5]);
    const [wrapped] = runNode(createAdd, [of('int32', [1], Int32Array.of(2 ** 31 - 1)), of('int32', [1], Int32Array.of(1))]);
    expect(wrapped.type).toBe('int32');
    expect(Array.from(wrapped.data)).toEqual([-(2 ** 31)]);
  });

  it.each(BROADCAST_SHAPES)('broadcasts %j with %j like numpy', (aShape, bShape) => {
    const a = randomF32(aShape, 1);
    const b = randomF32(bShape, 2);
    const ref = broadcastReference([a, b], (x, y) => x + y);
    const [out] = runNode(createAdd, [a, b]);
    expect(out.shape).toEqual(ref.shape);
    expectWithinUlps(out.data as Float32Array, Float32Array.from(ref.values), EXACT);
  });

  it('matches the formula over the edge values, every pair', () => {
    const values = Array.from(EDGE_VALUES, Math.fround);
    const a = f32([values.length, 1], values);
    const b = f32([values.length], values);
    const [out] = runNode(createAdd, [a, b]);
    const ref = broadcastReference([a, b], (x, y) => x + y).values;
    expectWithinUlps(out.data as Float32Array, Float32Array.from(ref), EXACT);
  });

  it('writes into a reusable input of the output shape, A or B', () => {
    expectWritesInPlace(createAdd, [f32([2, 2], [1, 2, 3, 4]), f32([2], [1, 1])], 0);
    expectWritesInPlace(createAdd, [f32([2], [1, 1]), f32([2, 2], [1, 2, 3, 4])], 1);
    expectInputsUntouched(createAdd, [f32([2, 2], [1, 2, 3, 4]), f32([2, 2], [1, 2, 3, 4])]);
  });

  it('does not reuse an input of another shape', () => {
    const a = f32([2, 1], [1, 2]);
    const [out] = runNode(createAdd, [a, f32([1, 2], [1, 2])], { inPlace: true });
    expect(out.data).not.toBe(a.data);
  });

  it('throws at run time on shapes that do not broadcast', () => {
    expect(() => runNode(createAdd, [f32([2, 3], [0, 0, 0, 0, 0, 0]), f32([4], [0, 0, 0, 0])])).toThrow(
      "Test 'node': shapes [2,3] and [4] do not broadcast",
    );
  });

  it('refuses mixed and unsupported types at load', () => {
    expect(() => runNode(createAdd, [f32([1], [1]), i64([1], [1])])).toThrow(/input 1 has type int64 but input 0 has float32/);
    expect(() => runNode(createAdd, [of('bool', [1], Uint8Array.of(1)), of('bool', [1], Uint8Array.of(1))])).toThrow(/input 0 has type bool/);
    expect(() => runNode(createAdd, [f32([1], [1])])).toThrow(/expects 2 inputs/);
  });

  describe('opset 6 (broadcast attribute)', () => {
    it('needs equal shapes unless broadcast is 1', () => {
      expect(() => runNode(createAdd, [f32([2, 2], [1, 2, 3, 4]), f32([2], [1, 1])], { opset: 6 })).toThrow(/broadcast is 0/);
    });

    it('aligns B with A at axis', () => {
      const attributes = Attributes.of({ broadcast: 1, axis: 0 }, ['broadcast', 'axis']);
      const [out] = runNode(createAdd, [f32([2, 3], [1, 2, 3, 4, 5, 6]), f32([2], [10, 20])], { opset: 6, attributes });
      expect(Array.from(out.data)).toEqual([11, 12, 13, 24, 25, 26]);
    });

    it('aligns B with A at the end by default', () => {
      const attributes = Attributes.of({ broadcast: 1 }, ['broadcast']);
      const [out] = runNode(createAdd, [f32([2, 3], [1, 2, 3, 4, 5, 6]), f32([3], [10, 20, 30])], { opset: 6, attributes });
      expect(Array.from(out.data)).toEqual([11, 22, 33, 14, 25, 36]);
    });
  });
});
