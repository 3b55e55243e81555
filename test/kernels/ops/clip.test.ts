import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createClip } from '../../../src/kernels/clip.js';
import { FLT_MAX } from '../helpers.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

/** A select of x or a bound: exact. */
const CLIP_MAX_ULPS = 0;

const clipReference = (low: number, high: number) => (x: number) => Math.min(Math.max(x, low), high);

describe('Clip', () => {
  it.each([
    { name: 'both bounds', inputs: [f32([5], [-2, -1, 0, 1, 2]), f32([], [-1]), f32([], [1])], y: [-1, -1, 0, 1, 1] },
    { name: 'scalar [] shape', inputs: [f32([], [5]), f32([], [0]), f32([], [3])], y: [3] },
    { name: 'min only', inputs: [f32([3], [-5, 0, 5]), f32([], [0])], y: [0, 0, 5] },
    { name: 'max only (min left out)', inputs: [f32([3], [-5, 0, 5]), undefined, f32([], [0])], y: [-5, 0, 0] },
    { name: 'no bounds: the float32 range', inputs: [f32([3], [-Infinity, 1, Infinity])], y: [-FLT_MAX, 1, FLT_MAX] },
    { name: 'min > max gives max', inputs: [f32([2], [-5, 5]), f32([], [2]), f32([], [1])], y: [1, 1] },
    { name: 'NaN propagates', inputs: [f32([1], [NaN]), f32([], [0]), f32([], [1])], y: [NaN] },
    { name: 'int64', inputs: [i64([3], [-7, 3, 2 ** 40]), i64([], [0]), i64([], [5])], y: [0, 3, 5] },
    { name: 'int32 with no bounds', inputs: [of('int32', [2], Int32Array.of(-(2 ** 31), 2 ** 31 - 1))], y: [-(2 ** 31), 2 ** 31 - 1] },
  ])('$name', ({ inputs, y }) => {
    const [out] = runNode(createClip, inputs);
    expect(out.shape).toEqual(inputs[0]?.shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('takes min and max attributes before opset 11', () => {
    const attributes = Attributes.of({ min: -0.5, max: 0.5 });
    expect(Array.from(runNode(createClip, [f32([3], [-1, 0.25, 1])], { opset: 6, attributes })[0].data)).toEqual([-0.5, 0.25, 0.5]);
    expect(Array.from(runNode(createClip, [f32([1], [Infinity])], { opset: 6 })[0].data)).toEqual([FLT_MAX]);
    expect(() => runNode(createClip, [f32([1], [1]), f32([], [0])], { opset: 6 })).toThrow(/expects 1 inputs, got 2/);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createClip, clipReference(-FLT_MAX, FLT_MAX), CLIP_MAX_ULPS);
    checkUnaryAgainstReference(createClip, clipReference(Math.fround(-0.7), 2), CLIP_MAX_ULPS, Attributes.of({ min: -0.7, max: 2 }), 6);
  });

  it('works in place into X only', () => {
    expectWritesInPlace(createClip, [f32([2, 2], [-2, 0, 2, 4]), f32([], [0]), f32([], [3])], 0);
    expectInputsUntouched(createClip, [f32([2], [-2, 2]), f32([], [0]), f32([], [1])]);
  });

  it('refuses bounds of another type and bounds of several values', () => {
    expect(() => runNode(createClip, [f32([1], [1]), i64([], [0])])).toThrow(/input 1 has type int64, which is not supported \(float32\)/);
    expect(() => runNode(createClip, [of('bool', [1], Uint8Array.of(1))])).toThrow(/input 0 has type bool/);
    expect(() => runNode(createClip, [f32([1], [1]), f32([2], [0, 1])])).toThrow(/min must hold one value, got shape \[2\]/);
  });
});
