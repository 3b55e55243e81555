import { describe, expect, it } from 'vitest';
import { createExp } from '../../../src/kernels/exp.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** fastExp: within 1 float32 ulp of the correctly rounded exp. */
const EXP_MAX_ULPS = 1;

describe('Exp', () => {
  it.each([
    { name: 'values', x: f32([3], [0, 1, -1]), y: [1, Math.fround(Math.E), Math.fround(1 / Math.E)] },
    { name: 'scalar [] shape', x: f32([], [2]), y: [Math.fround(Math.exp(2))] },
    { name: 'overflow, underflow, NaN', x: f32([5], [89, -104, Infinity, -Infinity, NaN]), y: [Infinity, 0, Infinity, 0, NaN] },
  ])('$name', ({ x, y }) => {
    const [out] = runNode(createExp, [x]);
    expect(out.shape).toEqual(x.shape);
    expect(out.type).toBe(x.type);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createExp, Math.exp, EXP_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createExp, [f32([2, 2], [0.5, 1, 2, 4])]);
    expectInputsUntouched(createExp, [f32([2, 2], [0.5, 1, 2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createExp, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses integer inputs at load', () => {
    expect(() => runNode(createExp, [i64([1], [4])])).toThrow(/input 0 has type int64, which is not supported \(float32\)/);
  });
});
