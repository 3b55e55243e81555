import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createSigmoid } from '../../../src/kernels/sigmoid.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace, type UnaryCase } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** fastExp of -|x| and one division: within 1 float32 ulp. */
const SIGMOID_MAX_ULPS = 1;

describe('Sigmoid', () => {
  it.each<UnaryCase>([
    { name: 'zero', x: f32([2], [0, -0]), y: [0.5, 0.5] },
    { name: 'scalar [] shape', x: f32([], [2]), y: [Math.fround(1 / (1 + Math.exp(-2)))] },
    { name: 'saturates without overflow', x: f32([4], [1000, -1000, Infinity, -Infinity]), y: [1, 0, 1, 0] },
    { name: 'tiny results of large negative x stay', x: f32([1], [-100]), y: [Math.fround(Math.exp(-100))] },
    { name: 'NaN', x: f32([1], [NaN]), y: [NaN] },
  ])('$name', ({ x, y, attributes }) => {
    const [out] = runNode(createSigmoid, [x], { attributes: attributes ?? Attributes.of({}) });
    expect(out.shape).toEqual(x.shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createSigmoid, (x: number) => 1 / (1 + Math.exp(-x)), SIGMOID_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createSigmoid, [f32([2, 2], [-0.5, 1, -2, 4])]);
    expectInputsUntouched(createSigmoid, [f32([2, 2], [-0.5, 1, -2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createSigmoid, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses other types at load', () => {
    expect(() => runNode(createSigmoid, [i64([1], [1])])).toThrow("Test 'node': input 0 has type int64, which is not supported (float32)");
  });

});
