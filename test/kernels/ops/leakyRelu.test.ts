import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createLeakyRelu } from '../../../src/kernels/leakyRelu.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace, type UnaryCase } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** One float32 multiply: exact once rounded. */
const LEAKY_RELU_MAX_ULPS = 0;

describe('LeakyRelu', () => {
  it.each<UnaryCase>([
    { name: 'default alpha 0.01', x: f32([3], [-1, 0, 2]), y: [Math.fround(-0.01), 0, 2] },
    { name: 'scalar [] shape', x: f32([], [-100]), y: [Math.fround(Math.fround(0.01) * -100)] },
    { name: 'explicit alpha', x: f32([2], [-2, 3]), y: [-0.5, 3], attributes: Attributes.of({ alpha: 0.25 }) },
    { name: 'infinities; NaN propagates', x: f32([3], [-Infinity, Infinity, NaN]), y: [-Infinity, Infinity, NaN] },
  ])('$name', ({ x, y, attributes }) => {
    const [out] = runNode(createLeakyRelu, [x], { attributes: attributes ?? Attributes.of({}) });
    expect(out.shape).toEqual(x.shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createLeakyRelu, (x: number) => (x >= 0 ? x : Math.fround(0.01) * x), LEAKY_RELU_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createLeakyRelu, [f32([2, 2], [-0.5, 1, -2, 4])]);
    expectInputsUntouched(createLeakyRelu, [f32([2, 2], [-0.5, 1, -2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createLeakyRelu, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses other types at load', () => {
    expect(() => runNode(createLeakyRelu, [i64([1], [1])])).toThrow("Test 'node': input 0 has type int64, which is not supported (float32)");
  });

  it('uses an explicit alpha', () => {
    const alpha = Math.fround(0.2);
    checkUnaryAgainstReference(createLeakyRelu, (x) => (x >= 0 ? x : alpha * x), LEAKY_RELU_MAX_ULPS, Attributes.of({ alpha: 0.2 }));
  });
});
