import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, createSelu } from '../../../src/kernels/selu.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace, type UnaryCase } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** gamma * (x > 0 ? x : alpha * expm1(x)) with float32 attributes, as the kernel takes them. */
const seluReference =
  (alpha: number, gamma: number) =>
  (x: number): number =>
    x > 0 ? Math.fround(gamma) * x : Math.fround(alpha) * Math.fround(gamma) * Math.expm1(x);

/** Positive side exact, negative side via fastExpm1: within 1 float32 ulp. */
const SELU_MAX_ULPS = 1;

describe('Selu', () => {
  it.each<UnaryCase>([
    { name: 'defaults', x: f32([2], [0, 1]), y: [0, Math.fround(SELU_DEFAULT_GAMMA)] },
    { name: 'scalar [] shape', x: f32([], [-1000]), y: [-Math.fround(Math.fround(SELU_DEFAULT_ALPHA) * Math.fround(SELU_DEFAULT_GAMMA))] },
    { name: 'explicit alpha and gamma', x: f32([2], [-1, 3]), y: [Math.fround(2 * 3 * Math.expm1(-1)), 9], attributes: Attributes.of({ alpha: 2, gamma: 3 }) },
    { name: 'NaN propagates', x: f32([1], [NaN]), y: [NaN] },
  ])('$name', ({ x, y, attributes }) => {
    const [out] = runNode(createSelu, [x], { attributes: attributes ?? Attributes.of({}) });
    expect(out.shape).toEqual(x.shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createSelu, seluReference(SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA), SELU_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createSelu, [f32([2, 2], [-0.5, 1, -2, 4])]);
    expectInputsUntouched(createSelu, [f32([2, 2], [-0.5, 1, -2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createSelu, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses other types at load', () => {
    expect(() => runNode(createSelu, [i64([1], [1])])).toThrow("Test 'node': input 0 has type int64, which is not supported (float32)");
  });

  it('uses explicit alpha and gamma', () => {
    checkUnaryAgainstReference(createSelu, seluReference(0.5, 1.5), SELU_MAX_ULPS, Attributes.of({ alpha: 0.5, gamma: 1.5 }));
  });
});
