import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createCelu } from '../../../src/kernels/celu.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace, type UnaryCase } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** fastExpm1: within 1 float32 ulp. */
const CELU_MAX_ULPS = 1;

describe('Celu', () => {
  it.each<UnaryCase>([
    { name: 'default alpha 1', x: f32([3], [1, 0, -1]), y: [1, 0, Math.fround(Math.expm1(-1))] },
    { name: 'scalar [] shape', x: f32([], [-2]), y: [Math.fround(Math.expm1(-2))] },
    { name: 'explicit alpha', x: f32([2], [-2, 3]), y: [Math.fround(2 * Math.expm1(-1)), 3], attributes: Attributes.of({ alpha: 2 }) },
    { name: 'saturates at -alpha; NaN propagates', x: f32([3], [-Infinity, Infinity, NaN]), y: [-1, Infinity, NaN] },
  ])('$name', ({ x, y, attributes }) => {
    const [out] = runNode(createCelu, [x], { attributes: attributes ?? Attributes.of({}) });
    expect(out.shape).toEqual(x.shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createCelu, (x: number) => Math.max(0, x) + Math.min(0, Math.expm1(x)), CELU_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createCelu, [f32([2, 2], [-0.5, 1, -2, 4])]);
    expectInputsUntouched(createCelu, [f32([2, 2], [-0.5, 1, -2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createCelu, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses other types at load', () => {
    expect(() => runNode(createCelu, [i64([1], [1])])).toThrow("Test 'node': input 0 has type int64, which is not supported (float32)");
  });

  it('uses an explicit alpha', () => {
    const alpha = Math.fround(0.3);
    checkUnaryAgainstReference(createCelu, (x) => Math.max(0, x) + Math.min(0, alpha * Math.expm1(x / alpha)), CELU_MAX_ULPS, Attributes.of({ alpha: 0.3 }));
  });

  it('refuses alpha 0 at load', () => {
    expect(() => runNode(createCelu, [f32([1], [1])], { attributes: Attributes.of({ alpha: 0 }) })).toThrow(/alpha must not be 0/);
  });
});
