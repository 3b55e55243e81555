import { describe, expect, it } from 'vitest';
import { createNeg } from '../../../src/kernels/neg.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace } from './opCases.js';
import { f32, i64, of, runNode } from './runNode.js';

/** Negation is exact. */
const NEG_MAX_ULPS = 0;

describe('Neg', () => {
  it.each([
    { name: 'float32', x: f32([4], [1, -2, 0, NaN]), y: [-1, 2, -0, NaN] },
    { name: 'scalar [] shape', x: f32([], [3]), y: [-3] },
    { name: 'int64', x: i64([2], [5, -(2 ** 40)]), y: [-5, 2 ** 40] },
    { name: 'int32 wraps at -2^31', x: of('int32', [2], Int32Array.of(7, -(2 ** 31))), y: [-7, -(2 ** 31)] },
  ])('$name', ({ x, y }) => {
    const [out] = runNode(createNeg, [x]);
    expect(out.shape).toEqual(x.shape);
    expect(out.type).toBe(x.type);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createNeg, (x: number) => -x, NEG_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createNeg, [f32([2, 2], [0.5, 1, 2, 4])]);
    expectInputsUntouched(createNeg, [f32([2, 2], [0.5, 1, 2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createNeg, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses bool at load', () => {
    expect(() => runNode(createNeg, [of('bool', [1], Uint8Array.of(1))])).toThrow(/input 0 has type bool, which is not supported \(float32, int64, int32\)/);
  });
});
