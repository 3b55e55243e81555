import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createRelu } from '../../../src/kernels/relu.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace, type UnaryCase } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** Exact. */
const RELU_MAX_ULPS = 0;

describe('Relu', () => {
  it.each<UnaryCase>([
    { name: 'values', x: f32([4], [-1, 0, 2, -0]), y: [0, 0, 2, 0] },
    { name: 'scalar [] shape', x: f32([], [-2]), y: [0] },
    { name: 'infinities; NaN propagates', x: f32([3], [-Infinity, Infinity, NaN]), y: [0, Infinity, NaN] },
  ])('$name', ({ x, y, attributes }) => {
    const [out] = runNode(createRelu, [x], { attributes: attributes ?? Attributes.of({}) });
    expect(out.shape).toEqual(x.shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createRelu, (x: number) => Math.max(0, x), RELU_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createRelu, [f32([2, 2], [-0.5, 1, -2, 4])]);
    expectInputsUntouched(createRelu, [f32([2, 2], [-0.5, 1, -2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createRelu, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses other types at load', () => {
    expect(() => runNode(createRelu, [i64([1], [1])])).toThrow("Test 'node': input 0 has type int64, which is not supported (float32)");
  });

});
