import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createTanh } from '../../../src/kernels/tanh.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace, type UnaryCase } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** fastExpm1 and one division: within 1 float32 ulp of Math.tanh rounded. */
const TANH_MAX_ULPS = 1;

describe('Tanh', () => {
  it.each<UnaryCase>([
    { name: 'signed zeros', x: f32([2], [0, -0]), y: [0, -0] },
    { name: 'scalar [] shape', x: f32([], [0.5]), y: [Math.fround(Math.tanh(0.5))] },
    { name: 'saturates', x: f32([4], [1000, -1000, Infinity, -Infinity]), y: [1, -1, 1, -1] },
    { name: 'NaN', x: f32([1], [NaN]), y: [NaN] },
  ])('$name', ({ x, y, attributes }) => {
    const [out] = runNode(createTanh, [x], { attributes: attributes ?? Attributes.of({}) });
    expect(out.shape).toEqual(x.shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createTanh, Math.tanh, TANH_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createTanh, [f32([2, 2], [-0.5, 1, -2, 4])]);
    expectInputsUntouched(createTanh, [f32([2, 2], [-0.5, 1, -2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createTanh, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses other types at load', () => {
    expect(() => runNode(createTanh, [i64([1], [1])])).toThrow("Test 'node': input 0 has type int64, which is not supported (float32)");
  });

  it('keeps the sign of -0', () => {
    expect(Object.is(runNode(createTanh, [f32([1], [-0])])[0].data[0], -0)).toBe(true);
  });
});
