import { describe, expect, it } from 'vitest';
import { createMin } from '../../../src/kernels/min.js';
import { EDGE_VALUES } from '../helpers.js';
import { broadcastReference, expectInputsUntouched, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

describe('Min', () => {
  it.each([
    { name: 'one input (a copy)', inputs: [f32([3], [1, -2, 3])], shape: [3], y: [1, -2, 3] },
    { name: 'two inputs', inputs: [f32([3], [1, 5, 3]), f32([3], [4, 2, 3])], shape: [3], y: [1, 2, 3] },
    { name: 'three inputs (ONNX example)', inputs: [f32([3], [3, 2, 1]), f32([3], [1, 4, 4]), f32([3], [2, 5, 0])], shape: [3], y: [1, 2, 0] },
    { name: 'scalar [] shape', inputs: [f32([], [1]), f32([], [2])], shape: [], y: [1] },
    { name: 'broadcast grows with later inputs', inputs: [f32([], [0]), f32([2], [-1, 1]), f32([2, 1], [-5, 5])], shape: [2, 2], y: [-5, -5, -1, 0] },
    { name: 'NaN propagates either side', inputs: [f32([2], [NaN, 1]), f32([2], [1, NaN])], shape: [2], y: [NaN, NaN] },
    { name: '-0 below +0', inputs: [f32([1], [0]), f32([1], [-0])], shape: [1], y: [-0] },
    { name: 'int64', inputs: [i64([2], [-3, 2 ** 40]), i64([1], [0])], shape: [2], y: [-3, 0] },
    { name: 'int32', inputs: [of('int32', [2], Int32Array.of(-3, 7)), of('int32', [2], Int32Array.of(-4, 8))], shape: [2], y: [-4, 7] },
  ])('$name', ({ inputs, shape, y }) => {
    const [out] = runNode(createMin, inputs);
    expect(out.shape).toEqual(shape);
    expect(Array.from(out.data)).toEqual(y);
    expect(Object.is(out.data[0], y[0])).toBe(true);
  });

  it('matches Math.min over the edge values, every pair, and broadcast random inputs', () => {
    const values = Array.from(EDGE_VALUES, Math.fround);
    const a = f32([values.length, 1], values);
    const b = f32([values.length], values);
    expect(Array.from(runNode(createMin, [a, b])[0].data)).toEqual(broadcastReference([a, b], Math.min).values);
    const inputs = [randomF32([2, 1, 4], 16), randomF32([3, 1], 17), randomF32([4], 18)];
    expect(Array.from(runNode(createMin, inputs)[0].data)).toEqual(broadcastReference(inputs, Math.min).values);
  });

  it('works in place into the first or second input, and leaves inputs alone otherwise', () => {
    expectWritesInPlace(createMin, [f32([2, 2], [1, 2, 3, 4]), f32([2], [2, 2]), f32([], [0])], 0);
    expectWritesInPlace(createMin, [f32([], [0]), f32([2, 2], [1, 2, 3, 4]), f32([2], [2, 2])], 1);
    expectWritesInPlace(createMin, [f32([2], [1, 2])], 0);
    expectInputsUntouched(createMin, [f32([2], [1, 2]), f32([2], [3, 0]), f32([2], [5, 5])]);
    const last = f32([2], [9, 9]);
    expect(runNode(createMin, [f32([], [0]), f32([], [1]), last], { inPlace: true })[0].data).not.toBe(last.data);
  });

  it('refuses no inputs, mixed types and bool; throws on shapes that do not broadcast', () => {
    expect(() => runNode(createMin, [])).toThrow(/at least 1 input/);
    expect(() => runNode(createMin, [f32([1], [1]), i64([1], [1])])).toThrow(/input 1 has type int64 but input 0 has float32/);
    expect(() => runNode(createMin, [of('bool', [1], Uint8Array.of(1))])).toThrow(/input 0 has type bool/);
    expect(() => runNode(createMin, [f32([2], [1, 1]), f32([3], [1, 1, 1])])).toThrow(/shapes \[2\] and \[3\] do not broadcast/);
  });
});
