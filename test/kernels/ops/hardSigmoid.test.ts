import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createHardSigmoid } from '../../../src/kernels/hardSigmoid.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace, type UnaryCase } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** alpha * x + beta in double, rounded once (alpha, beta as float32). */
const HARD_SIGMOID_MAX_ULPS = 0;

describe('HardSigmoid', () => {
  it.each<UnaryCase>([
    { name: 'defaults alpha 0.2, beta 0.5', x: f32([3], [0, 1, -1]), y: [0.5, Math.fround(Math.fround(0.2) + 0.5), Math.fround(0.5 - Math.fround(0.2))] },
    { name: 'scalar [] shape', x: f32([], [10]), y: [1] },
    { name: 'explicit alpha and beta', x: f32([3], [1, -1, 2]), y: [0.75, 0.25, 1], attributes: Attributes.of({ alpha: 0.25, beta: 0.5 }) },
    { name: 'saturates; NaN propagates', x: f32([3], [-Infinity, Infinity, NaN]), y: [0, 1, NaN] },
  ])('$name', ({ x, y, attributes }) => {
    const [out] = runNode(createHardSigmoid, [x], { attributes: attributes ?? Attributes.of({}) });
    expect(out.shape).toEqual(x.shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createHardSigmoid, (x: number) => Math.max(0, Math.min(1, Math.fround(0.2) * x + 0.5)), HARD_SIGMOID_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createHardSigmoid, [f32([2, 2], [-0.5, 1, -2, 4])]);
    expectInputsUntouched(createHardSigmoid, [f32([2, 2], [-0.5, 1, -2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createHardSigmoid, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses other types at load', () => {
    expect(() => runNode(createHardSigmoid, [i64([1], [1])])).toThrow("Test 'node': input 0 has type int64, which is not supported (float32)");
  });

  it('uses explicit attributes as float32 values', () => {
    const attributes = Attributes.of({ alpha: 0.1, beta: 0.3 });
    const alpha = Math.fround(0.1);
    const beta = Math.fround(0.3);
    checkUnaryAgainstReference(createHardSigmoid, (x) => Math.max(0, Math.min(1, alpha * x + beta)), HARD_SIGMOID_MAX_ULPS, attributes);
  });
});
