/**
 * The tests Softmax and LogSoftmax share. Both ops walk rows along an axis (that axis alone from
 * opset 13, the input coerced to 2-D before), so their tests differ only in the row formula, the
 * literal cases, the scalar result and the tolerances, which each op's test file supplies.
 */
import { expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import type { OpFactory } from '../../../src/kernels/op.js';
import type { NativeTensor } from '../../../src/kernels/tensor.js';
import { expectWithinUlps } from '../helpers.js';
import { expectInputsUntouched, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

export const axisAttribute = (axis: number) => Attributes.of({ axis }, ['axis']);

export interface SoftmaxFamilyLiteralCase {
  name: string;
  x: NativeTensor;
  attributes: Attributes | undefined;
  y: number[];
}

export interface SoftmaxFamilyOp {
  create: OpFactory;
  /** One output element in float64 from its input `v` and its row's max and sum of exp(x - max). */
  formula: (v: number, max: number, sum: number) => number;
  literalCases: readonly SoftmaxFamilyLiteralCase[];
  /** The op on a lone element (a scalar [] under the 2-D coercion). */
  scalarResult: number;
  /** Tolerance against the float64 reference. */
  maxUlps: number;
  /** Tolerance against the literal expectations. */
  literalMaxUlps: number;
}

/** `formula` over rows of `length` elements, `inner` apart, in float64. */
function reference(x: NativeTensor, formula: SoftmaxFamilyOp['formula'], outer: number, length: number, inner: number): Float32Array {
  const y = new Float32Array(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      const at = (j: number) => o * length * inner + j * inner + k;
      let max = -Infinity;
      for (let j = 0; j < length; j++) max = Math.max(max, x.data[at(j)]);
      let sum = 0;
      for (let j = 0; j < length; j++) sum += Math.exp(x.data[at(j)] - max);
      for (let j = 0; j < length; j++) y[at(j)] = formula(x.data[at(j)], max, sum);
    }
  }
  return y;
}

/** Declares the shared tests; call it inside the op's `describe`. */
export function softmaxFamilyTests({ create, formula, literalCases, scalarResult, maxUlps, literalMaxUlps }: SoftmaxFamilyOp): void {
  it.each(literalCases)('$name', ({ x, attributes, y }) => {
    const [out] = runNode(create, [x], { attributes });
    expect(out.shape).toEqual(x.shape);
    expectWithinUlps(out.data as Float32Array, Float32Array.from(y), literalMaxUlps);
  });

  it.each([
    { axis: 0, outer: 1, length: 3, inner: 20 },
    { axis: 1, outer: 3, length: 4, inner: 5 },
    { axis: 2, outer: 12, length: 5, inner: 1 },
    { axis: -2, outer: 3, length: 4, inner: 5 },
  ])('runs along axis $axis alone from opset 13', ({ axis, outer, length, inner }) => {
    const x = randomF32([3, 4, 5], 31, -10, 10);
    const [out] = runNode(create, [x], { attributes: axisAttribute(axis) });
    expectWithinUlps(out.data as Float32Array, reference(x, formula, outer, length, inner), maxUlps);
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
      const [out] = runNode(create, [x], { attributes, opset });
      expectWithinUlps(out.data as Float32Array, reference(x, formula, outer, length, 1), maxUlps);
    }
  });

  it('handles a long row and a scalar [] under the 2-D coercion', () => {
    const x = randomF32([1, 100000], 33, -50, 50);
    expectWithinUlps(runNode(create, [x])[0].data as Float32Array, reference(x, formula, 1, 100000, 1), maxUlps);
    expect(Array.from(runNode(create, [f32([], [7])], { opset: 11, attributes: axisAttribute(0) })[0].data)).toEqual([scalarResult]);
  });

  it('works in place only when allowed', () => {
    expectWritesInPlace(create, [f32([2, 3], [1, 2, 3, 4, 5, 6])]);
    expectInputsUntouched(create, [f32([2, 3], [1, 2, 3, 4, 5, 6])]);
  });

  it('throws on an axis out of range and refuses other types', () => {
    expect(() => runNode(create, [f32([2, 3], [1, 2, 3, 4, 5, 6])], { attributes: axisAttribute(2) })).toThrow(
      "Test 'node': axis 2 is out of range for shape [2,3]",
    );
    expect(() => runNode(create, [i64([2], [1, 2])])).toThrow(/input 0 has type int64, which is not supported \(float32\)/);
  });
}
