import { describe, expect, it } from 'vitest';
import { createSqrt } from '../../../src/kernels/sqrt.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

/** Double sqrt rounded once is the correctly rounded float32 sqrt. */
const SQRT_MAX_ULPS = 0;

describe('Sqrt', () => {
  it.each([
    { name: 'values', x: f32([4], [0, 1, 4, 2.25]), y: [0, 1, 2, 1.5] },
    { name: 'scalar [] shape', x: f32([], [9]), y: [3] },
    { name: 'negative, -0, Infinity, NaN', x: f32([4], [-1, -0, Infinity, NaN]), y: [NaN, -0, Infinity, NaN] },
  ])('$name', ({ x, y }) => {
    const [out] = runNode(createSqrt, [x]);
    expect(out.shape).toEqual(x.shape);
    expect(out.type).toBe(x.type);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createSqrt, Math.sqrt, SQRT_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createSqrt, [f32([2, 2], [0.5, 1, 2, 4])]);
    expectInputsUntouched(createSqrt, [f32([2, 2], [0.5, 1, 2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createSqrt, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses integer inputs at load', () => {
    expect(() => runNode(createSqrt, [i64([1], [4])])).toThrow(/input 0 has type int64, which is not supported \(float32\)/);
    expect(() => runNode(createSqrt, [of('int32', [1], Int32Array.of(4))])).toThrow(/type int32/);
  });
});
