import { describe, expect, it } from 'vitest';
import { createLog } from '../../../src/kernels/log.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** Math.log in double rounded once. */
const LOG_MAX_ULPS = 0;

describe('Log', () => {
  it.each([
    { name: 'values', x: f32([3], [1, Math.E, 0.5]), y: [0, Math.fround(Math.log(Math.fround(Math.E))), Math.fround(Math.log(0.5))] },
    { name: 'scalar [] shape', x: f32([], [1]), y: [0] },
    { name: 'zero, negative, Infinity, NaN', x: f32([5], [0, -0, -1, Infinity, NaN]), y: [-Infinity, -Infinity, NaN, Infinity, NaN] },
  ])('$name', ({ x, y }) => {
    const [out] = runNode(createLog, [x]);
    expect(out.shape).toEqual(x.shape);
    expect(out.type).toBe(x.type);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createLog, Math.log, LOG_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createLog, [f32([2, 2], [0.5, 1, 2, 4])]);
    expectInputsUntouched(createLog, [f32([2, 2], [0.5, 1, 2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createLog, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses integer inputs at load', () => {
    expect(() => runNode(createLog, [i64([1], [4])])).toThrow(/input 0 has type int64, which is not supported \(float32\)/);
  });
});
