import { describe, expect, it } from 'vitest';
import { prelu, preluBackward } from '../../src/kernels/prelu.js';
import type { FloatArray } from '../../src/kernels/types.js';
import {
  EDGE_VALUES,
  PRECISIONS,
  RANDOM_LENGTHS,
  expectClose,
  expectIdentical,
  naiveIndexMap,
  randomArray,
} from './helpers.js';
import type { FloatArrayConstructor } from './helpers.js';
import { preluGradRef, preluRef, preluSlopeGradRef } from './reference.js';

/** dslope sums run in float64 in another order than the reference: a rounding or two apart. */
const DSLOPE_RELATIVE_TOLERANCE = { float32: 2 ** -22, float64: 1e-13 } as const;

const N = 2;
const C = 3;
const H = 4;
const W = 3; // equal to C, so a [C] slope is valid here (it lines up with the last axis)
const X_SHAPE = [N, C, H, W];

/** Slope shapes against [N, C, H, W]; the fast path each takes is noted for readers. */
const SLOPE_SHAPES: readonly { readonly name: string; readonly shape: readonly number[] }[] = [
  { name: 'scalar []', shape: [] },
  { name: 'one element [1]', shape: [1] },
  { name: '[C], the last axis by numpy rules', shape: [C] },
  { name: 'per-channel [C,1,1]', shape: [C, 1, 1] },
  { name: 'per-channel [1,C,1,1]', shape: [1, C, 1, 1] },
  { name: 'same shape [N,C,H,W]', shape: X_SHAPE },
  { name: 'general [C,1,W]', shape: [C, 1, W] },
];

interface Expected {
  y: FloatArray;
  dx: FloatArray;
  dslope: Float64Array;
}

/** Reference through the naive broadcast walk, in float64, stored into `Type`. */
function reference(
  Type: FloatArrayConstructor,
  x: FloatArray,
  xShape: readonly number[],
  slope: FloatArray,
  slopeShape: readonly number[],
  dy: FloatArray,
): Expected {
  const index = naiveIndexMap(slopeShape, xShape);
  const y = new Type(x.length);
  const dx = new Type(x.length);
  const dslope = new Float64Array(slope.length);
  for (let i = 0; i < x.length; i++) {
    const s = slope[index[i]];
    y[i] = preluRef(x[i], s);
    dx[i] = preluGradRef(x[i], dy[i], s);
    dslope[index[i]] += preluSlopeGradRef(x[i], dy[i]);
  }
  return { y, dx, dslope };
}

function expectSlopeGradient(actual: FloatArray, sums: Float64Array, precision: 'float32' | 'float64'): void {
  const expected = precision === 'float32' ? Float32Array.from(sums) : sums;
  const tolerance = DSLOPE_RELATIVE_TOLERANCE[precision];
  expect(actual.length).toBe(expected.length);
  for (let c = 0; c < expected.length; c++) {
    const close = Number.isFinite(expected[c])
      ? Math.abs(actual[c] - expected[c]) <= tolerance * Math.abs(expected[c])
      : Object.is(actual[c], expected[c]);
    // Only failures go through expect: calling it per element is slow on 100000 slopes.
    if (!close) expectClose(actual[c], expected[c], tolerance, 0);
  }
}

describe('prelu', () => {
  it.each([
    { name: 'scalar slope', x: [-2, -1, 0, 1], xShape: [2, 2], slope: [0.25], slopeShape: [], y: [-0.5, -0.25, 0, 1] },
    { name: 'scalar shape [] for X and slope', x: [-4], xShape: [], slope: [0.5], slopeShape: [], y: [-2] },
    { name: 'per channel', x: [-1, -1, -2, -2], xShape: [1, 2, 2], slope: [0.5, 0.25], slopeShape: [2, 1], y: [-0.5, -0.5, -0.5, -0.5] },
    { name: 'last axis', x: [-1, -1, -4, -4], xShape: [2, 2], slope: [0.5, 0.25], slopeShape: [2], y: [-0.5, -0.25, -2, -1] },
    { name: 'negative zero stays -0', x: [-0, -0], xShape: [2], slope: [3, 4], slopeShape: [2], y: [-0, -0] },
    { name: 'NaN', x: [NaN, NaN], xShape: [2], slope: [3, 4], slopeShape: [2], y: [NaN, NaN] },
  ])('$name', ({ x, xShape, slope, slopeShape, y }) => {
    for (const { Type } of PRECISIONS) {
      const out = new Type(x.length);
      prelu(Type.from(x), xShape, Type.from(slope), slopeShape, out);
      expectIdentical(out, Type.from(y));
    }
  });

  describe.each(PRECISIONS)('$name', ({ name, Type }) => {
    describe.each(SLOPE_SHAPES)('slope $name against X [N,C,H,W]', ({ shape }) => {
      const count = shape.reduce((a, b) => a * b, 1);

      it('forward and both gradients match the reference', () => {
        const x = randomArray(Type, N * C * H * W, 51);
        x.set(Type.from([0, -0, NaN, Infinity, -Infinity, 1e-40, -1e-40]));
        const slope = randomArray(Type, count, 52, 0, 1);
        const dy = randomArray(Type, x.length, 53);
        const expected = reference(Type, x, X_SHAPE, slope, shape, dy);
        const out = new Type(x.length);
        prelu(x, X_SHAPE, slope, shape, out);
        expectIdentical(out, expected.y);
        const dx = new Type(x.length);
        const dslope = new Type(count).fill(123);
        preluBackward(x, X_SHAPE, slope, shape, dy, dx, dslope);
        expectIdentical(dx, expected.dx);
        expectSlopeGradient(dslope, expected.dslope, name);
      });

      it('works in place (out === x, dx === dy)', () => {
        const x = randomArray(Type, N * C * H * W, 54);
        const slope = randomArray(Type, count, 55, 0, 1);
        const dy = randomArray(Type, x.length, 56);
        const expected = reference(Type, x, X_SHAPE, slope, shape, dy);
        const dslope = new Type(count);
        preluBackward(x, X_SHAPE, slope, shape, dy, dy, dslope);
        expectIdentical(dy, expected.dx);
        prelu(x, X_SHAPE, slope, shape, x);
        expectIdentical(x, expected.y);
      });
    });

    it.each(RANDOM_LENGTHS)('matches the reference on %i random values, per-element and scalar slopes', (length) => {
      const x = randomArray(Type, length, 61);
      const dy = randomArray(Type, length, 62);
      for (const [slope, shape] of [[randomArray(Type, length, 63), [length]], [Type.from([0.3]), []]] as const) {
        const expected = reference(Type, x, [length], slope, shape, dy);
        const out = new Type(length);
        prelu(x, [length], slope, shape, out);
        expectIdentical(out, expected.y);
        const dx = new Type(length);
        const dslope = new Type(slope.length);
        preluBackward(x, [length], slope, shape, dy, dx, dslope);
        expectIdentical(dx, expected.dx);
        expectSlopeGradient(dslope, expected.dslope, name);
      }
    });

    it.each([
      { path: 'per-element', xShape: [EDGE_VALUES.length] },
      { path: 'last-axis tile', xShape: [2, EDGE_VALUES.length] },
    ])('edge values for x and slope stay exact on the $path path', ({ xShape }) => {
      // x pairs every edge value with every-other edge slope: forward and reversed order.
      const x = Type.from([...EDGE_VALUES, ...EDGE_VALUES.slice().reverse()].slice(0, xShape.reduce((a, b) => a * b)));
      const slope = Type.from(EDGE_VALUES.slice().reverse());
      const slopeShape = [EDGE_VALUES.length];
      const dy = Type.from(Array.from(x, (_, i) => [1.5, -2, Infinity, NaN, 0][i % 5]));
      const expected = reference(Type, x, xShape, slope, slopeShape, dy);
      const out = new Type(x.length);
      prelu(x, xShape, slope, slopeShape, out);
      expectIdentical(out, expected.y);
      const dx = new Type(x.length);
      const dslope = new Type(slope.length);
      preluBackward(x, xShape, slope, slopeShape, dy, dx, dslope);
      expectIdentical(dx, expected.dx);
      expectSlopeGradient(dslope, expected.dslope, name);
    });

    it('gradient at x = 0 takes the negative side: dx = slope * dy, nothing added to dslope', () => {
      const dx = new Type(2);
      const dslope = new Type(1);
      preluBackward(Type.from([0, -0]), [2], Type.from([0.25]), [1], Type.from([4, 8]), dx, dslope);
      expectIdentical(dx, Type.from([1, 2]));
      expectIdentical(dslope, Type.from([0]));
    });

    it('accepts empty X; dslope comes back zero', () => {
      const dslope = new Type(C).fill(7);
      expect(() => prelu(new Type(0), [0, C], randomArray(Type, C, 1), [C], new Type(0))).not.toThrow();
      preluBackward(new Type(0), [0, C], randomArray(Type, C, 1), [C], new Type(0), new Type(0), dslope);
      expectIdentical(dslope, new Type(C));
    });
  });

  it('rejects a slope that does not broadcast, naming both shapes', () => {
    const run = (slopeShape: number[], xShape: number[]): void => {
      const count = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
      prelu(new Float32Array(count(xShape)), xShape, new Float32Array(count(slopeShape)), slopeShape, new Float32Array(count(xShape)));
    };
    expect(() => run([3, 2], [1, 3, 4])).toThrow('PRelu: slope shape [3,2] does not broadcast to X shape [1,3,4]');
    expect(() => run([3], [2, 3, 4, 5])).toThrow('PRelu: slope shape [3] does not broadcast to X shape [2,3,4,5]');
    expect(() => run([1], [])).toThrow('PRelu: slope shape [1] does not broadcast to X shape []');
  });

  it('rejects arrays whose lengths disagree with their shapes', () => {
    const x = new Float64Array(6);
    expect(() => prelu(x, [2, 2], new Float64Array(1), [], new Float64Array(6))).toThrow(
      'PRelu: X has 6 elements but shape [2,2] holds 4',
    );
    expect(() => prelu(x, [2, 3], new Float64Array(2), [3], new Float64Array(6))).toThrow(
      'PRelu: slope has 2 elements but shape [3] holds 3',
    );
    expect(() => prelu(x, [2, 3], new Float64Array(3), [3], new Float64Array(5))).toThrow(/^PRelu: output length 5/);
    expect(() =>
      preluBackward(x, [2, 3], new Float64Array(3), [3], new Float64Array(6), new Float64Array(6), new Float64Array(2)),
    ).toThrow(/^PRelu: dslope length 2/);
  });
});
