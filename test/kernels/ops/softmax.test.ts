import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createSoftmax } from '../../../src/kernels/softmax.js';
import type { NativeTensor } from '../../../src/kernels/tensor.js';
import { expectWithinUlps } from '../helpers.js';
import { expectInputsUntouched, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

/** fastExp per term (1 ulp), the float32 term over a double sum: within 2 float32 ulps. */
const SOFTMAX_MAX_ULPS = 2;

/** The literal expectations are printed to 8 digits. */
const SOFTMAX_LITERAL_MAX_ULPS = 8;

const axisAttribute = (axis: number) => Attributes.of({ axis }, ['axis']);

/** Softmax over rows of `length` elements, `inner` apart, in float64. */
function reference(x: NativeTensor, outer: number, length: number, inner: number): Float32Array {
  const y = new Float32Array(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      const at = (j: number) => o * length * inner + j * inner + k;
      let max = -Infinity;
      for (let j = 0; j < length; j++) max = Math.max(max, x.data[at(j)]);
      let sum = 0;
      for (let j = 0; j < length; j++) sum += Math.exp(x.data[at(j)] - max);
      for (let j = 0; j < length; j++) y[at(j)] = Math.exp(x.data[at(j)] - max) / sum;
    }
  }
  return y;
}

describe('Softmax', () => {
  it.each([
    { name: 'default axis -1', x: f32([1, 3], [1, 2, 3]), attributes: undefined, y: [0.09003057, 0.24472847, 0.66524096] },
    { name: 'no overflow on large numbers', x: f32([1, 4], [10000, 10001, 10002, 10003]), attributes: undefined, y: [0.0320586, 0.08714432, 0.23688284, 0.64391426] },
    { name: 'axis 0', x: f32([2, 1], [0, 0]), attributes: axisAttribute(0), y: [0.5, 0.5] },
    { name: 'a -Infinity entry gets 0', x: f32([2], [-Infinity, 0]), attributes: undefined, y: [0, 1] },
    { name: 'NaN poisons its row only', x: f32([2, 2], [NaN, 0, 0, 0]), attributes: undefined, y: [NaN, NaN, 0.5, 0.5] },
  ])('$name', ({ x, attributes, y }) => {
    const [out] = runNode(createSoftmax, [x], { attributes });
    expect(out.shape).toEqual(x.shape);
    expectWithinUlps(out.data as Float32Array, Float32Array.from(y), SOFTMAX_LITERAL_MAX_ULPS);
  });

  it.each([
    { axis: 0, outer: 1, length: 3, inner: 20 },
    { axis: 1, outer: 3, length: 4, inner: 5 },
    { axis: 2, outer: 12, length: 5, inner: 1 },
    { axis: -2, outer: 3, length: 4, inner: 5 },
  ])('runs along axis $axis alone from opset 13', ({ axis, outer, length, inner }) => {
    const x = randomF32([3, 4, 5], 31, -10, 10);
    const [out] = runNode(createSoftmax, [x], { attributes: axisAttribute(axis) });
    expectWithinUlps(out.data as Float32Array, reference(x, outer, length, inner), SOFTMAX_MAX_ULPS);
  });

  it.each([
    { axis: undefined, outer: 3, length: 20 },
    { axis: 0, outer: 1, length: 60 },
    { axis: 2, outer: 12, length: 5 },
    { axis: -1, outer: 12, length: 5 },
  ])('coerces to 2-D at axis $axis (default 1) before opset 13', ({ axis, outer, length }) => {
    const x = randomF32([3, 4, 5], 32, -10, 10);
    const attributes = axis === undefined ? undefined : axisAttribute(axis);
    for (const opset of [6, 11]) {
      const [out] = runNode(createSoftmax, [x], { attributes, opset });
      expectWithinUlps(out.data as Float32Array, reference(x, outer, length, 1), SOFTMAX_MAX_ULPS);
    }
  });

  it('handles a long row and a scalar [] under the 2-D coercion', () => {
    const x = randomF32([1, 100000], 33, -50, 50);
    expectWithinUlps(runNode(createSoftmax, [x])[0].data as Float32Array, reference(x, 1, 100000, 1), SOFTMAX_MAX_ULPS);
    expect(Array.from(runNode(createSoftmax, [f32([], [7])], { opset: 11, attributes: axisAttribute(0) })[0].data)).toEqual([1]);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(createSoftmax, [f32([2, 3], [1, 2, 3, 4, 5, 6])]);
    expectInputsUntouched(createSoftmax, [f32([2, 3], [1, 2, 3, 4, 5, 6])]);
  });

  it('throws on an axis out of range and refuses other types', () => {
    expect(() => runNode(createSoftmax, [f32([2, 3], [1, 2, 3, 4, 5, 6])], { attributes: axisAttribute(2) })).toThrow(
      "Test 'node': axis 2 is out of range for shape [2,3]",
    );
    expect(() => runNode(createSoftmax, [i64([2], [1, 2])])).toThrow(/input 0 has type int64, which is not supported \(float32\)/);
  });
});
