import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createThresholdedRelu } from '../../../src/kernels/thresholdedRelu.js';
import { checkUnaryAgainstReference, expectInputsUntouched, expectWritesInPlace, type UnaryCase } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** A select: exact. */
const THRESHOLDED_RELU_MAX_ULPS = 0;

describe('ThresholdedRelu', () => {
  it.each<UnaryCase>([
    { name: 'default alpha 1', x: f32([4], [0.5, 1, 1.5, -3]), y: [0, 0, 1.5, 0] },
    { name: 'scalar [] shape', x: f32([], [2]), y: [2] },
    { name: 'explicit alpha', x: f32([3], [-1, 0.1, 0.3]), y: [0, 0, Math.fround(0.3)], attributes: Attributes.of({ alpha: 0.2 }) },
    { name: 'infinities; NaN propagates', x: f32([3], [-Infinity, Infinity, NaN]), y: [0, Infinity, NaN] },
  ])('$name', ({ x, y, attributes }) => {
    const [out] = runNode(createThresholdedRelu, [x], { attributes: attributes ?? Attributes.of({}) });
    expect(out.shape).toEqual(x.shape);
    expect(Array.from(out.data)).toEqual(y);
  });

  it('matches the reference formula over the edge values and random arrays', () => {
    checkUnaryAgainstReference(createThresholdedRelu, (x: number) => (x > 1 || Number.isNaN(x) ? x : 0), THRESHOLDED_RELU_MAX_ULPS);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createThresholdedRelu, [f32([2, 2], [-0.5, 1, -2, 4])]);
    expectInputsUntouched(createThresholdedRelu, [f32([2, 2], [-0.5, 1, -2, 4])]);
  });

  it('returns an empty tensor for an empty input', () => {
    expect(runNode(createThresholdedRelu, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
  });

  it('refuses other types at load', () => {
    expect(() => runNode(createThresholdedRelu, [i64([1], [1])])).toThrow("Test 'node': input 0 has type int64, which is not supported (float32)");
  });

  it('uses an explicit (negative) alpha', () => {
    checkUnaryAgainstReference(createThresholdedRelu, (x) => (x > -1.5 || Number.isNaN(x) ? x : 0), THRESHOLDED_RELU_MAX_ULPS, Attributes.of({ alpha: -1.5 }));
  });
});
