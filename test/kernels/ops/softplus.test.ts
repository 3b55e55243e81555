import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createSoftplus } from '../../../src/kernels/softplus.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace, type UnaryCase } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** fastExp then Math.log1p: within 1 float32 ulp. */
const SOFTPLUS_MAX_ULPS = 1;

describe('Softplus', () => {
  it.each<UnaryCase>([
    { name: 'zero', x: f32([1], [0]), y: [Math.fround(Math.LN2)] },
    { name: 'scalar [] shape', x: f32([], [1]), y: [Math.fround(Math.log1p(Math.E))] },
    { name: 'no overflow for large x', x: f32([3], [1000, -1000, 100]), y: [1000, 0, 100] },
    { name: 'infinities and NaN', x: f32([3], [Infinity, -Infinity, NaN]), y: [Infinity, 0, NaN] },
  ])('$name', ({ x, y, attributes }) => {
    const [out] = runNode(createSoftplus, [x], { attributes: attributes ?? Attributes.of({}) });
    expect(out.shape).toEqual(x.shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createSoftplus, (x: number) => Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0), SOFTPLUS_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createSoftplus, [f32([2, 2], [-0.5, 1, -2, 4])]);
    expectInputsUntouched(createSoftplus, [f32([2, 2], [-0.5, 1, -2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createSoftplus, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses other types at load', () => {
    expect(() => runNode(createSoftplus, [i64([1], [1])])).toThrow("Test 'node': input 0 has type int64, which is not supported (float32)");
  });

});
