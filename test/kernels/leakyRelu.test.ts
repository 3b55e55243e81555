import { describe, expect, it } from 'vitest';
import { LEAKY_RELU_DEFAULT_ALPHA, leakyRelu, leakyReluBackward } from '../../src/kernels/leakyRelu.js';
import {
  EDGE_VALUES,
  PRECISIONS,
  RANDOM_LENGTHS,
  expectIdentical,
  mapReference,
  randomArray,
} from './helpers.js';
import { leakyReluGradRef, leakyReluRef } from './reference.js';

/** Attribute values the edge and random sweeps run with, including integers (V8 treats them apart). */
const ALPHAS: readonly number[] = [LEAKY_RELU_DEFAULT_ALPHA, 0.2, 0, 1, 3, -0.5];

describe('leakyRelu', () => {
  it('defaults alpha to the ONNX 0.01', () => {
    expect(LEAKY_RELU_DEFAULT_ALPHA).toBe(0.01);
  });

  it('default alpha, float64', () => {
    const out = new Float64Array(5);
    leakyRelu(Float64Array.from([-2, -0.5, 0, 0.5, 2]), LEAKY_RELU_DEFAULT_ALPHA, out);
    expectIdentical(out, Float64Array.from([-0.02, -0.005, 0, 0.5, 2]));
  });

  // Alphas here are exact in float32, so one literal answer serves both precisions.
  it.each([
    { name: 'explicit alpha', x: [-2, -0.5, 0, 3], alpha: 0.5, y: [-1, -0.25, 0, 3] },
    { name: 'scalar shape []', x: [-4], alpha: 0.25, y: [-1] },
    { name: 'negative zero stays -0 (x >= 0 branch)', x: [-0], alpha: 0.25, y: [-0] },
    { name: 'infinities', x: [-Infinity, Infinity], alpha: 0.25, y: [-Infinity, Infinity] },
    { name: 'alpha 0 times -Infinity is NaN, as alpha * x is', x: [-Infinity, -1], alpha: 0, y: [NaN, -0] },
    { name: 'infinite alpha keeps the positive side', x: [2, -2], alpha: Infinity, y: [2, -Infinity] },
    { name: 'NaN', x: [NaN], alpha: 0.25, y: [NaN] },
  ])('$name', ({ x, alpha, y }) => {
    for (const { Type } of PRECISIONS) {
      const out = new Type(x.length);
      leakyRelu(Type.from(x), alpha, out);
      expectIdentical(out, Type.from(y));
    }
  });

  it('float32 rounds alpha first, matching float32 multiplication bit for bit', () => {
    const x = Float32Array.from([-3, -7.5]);
    const out = new Float32Array(2);
    leakyRelu(x, 0.1, out);
    // 0.1 as float32 is 0.100000001490116...; the exact product rounds once.
    expectIdentical(out, Float32Array.from([Math.fround(-3) * Math.fround(0.1), -7.5 * Math.fround(0.1)]));
  });

  describe.each(PRECISIONS)('$name', ({ Type, round }) => {
    it.each(ALPHAS)('matches the reference bit for bit on edge values, alpha %d', (alpha) => {
      const x = Type.from(EDGE_VALUES);
      const out = new Type(x.length);
      leakyRelu(x, alpha, out);
      expectIdentical(out, mapReference(Type, [x], (v) => leakyReluRef(v, round(alpha))));
    });

    it.each(RANDOM_LENGTHS)('matches the reference on %i random values', (length) => {
      const x = randomArray(Type, length, length);
      const out = new Type(length);
      leakyRelu(x, 0.2, out);
      expectIdentical(out, mapReference(Type, [x], (v) => leakyReluRef(v, round(0.2))));
    });

    it('works in place', () => {
      const x = randomArray(Type, 1000, 5);
      const expected = mapReference(Type, [x], (v) => leakyReluRef(v, round(0.01)));
      leakyRelu(x, 0.01, x);
      expectIdentical(x, expected);
    });

    it('accepts empty arrays', () => {
      expect(() => leakyRelu(new Type(0), 0.01, new Type(0))).not.toThrow();
      expect(() => leakyReluBackward(new Type(0), new Type(0), 0.01, new Type(0))).not.toThrow();
    });

    it.each(ALPHAS)('gradient matches x > 0 ? dy : alpha * dy on edge values, alpha %d', (alpha) => {
      const x = Type.from([...EDGE_VALUES, 0, -0]);
      const dy = Type.from(x.map((_, i) => [1.5, -2, Infinity, NaN, -0][i % 5]));
      const dx = new Type(x.length);
      leakyReluBackward(x, dy, alpha, dx);
      expectIdentical(dx, mapReference(Type, [x, dy], (v, g) => leakyReluGradRef(v, g, round(alpha))));
    });

    it('gradient at x = 0 takes the negative side: leaky\'(0) = alpha', () => {
      const dx = new Type(2);
      leakyReluBackward(Type.from([0, -0]), Type.from([2, 2]), 0.25, dx);
      expectIdentical(dx, Type.from([0.5, 0.5]));
    });

    it.each(RANDOM_LENGTHS)('gradient matches on %i random values, in place over dy', (length) => {
      const x = randomArray(Type, length, 21);
      const dy = randomArray(Type, length, 22);
      const expected = mapReference(Type, [x, dy], (v, g) => leakyReluGradRef(v, g, round(0.3)));
      leakyReluBackward(x, dy, 0.3, dy);
      expectIdentical(dy, expected);
    });
  });

  it('rejects mismatched lengths, naming the op', () => {
    expect(() => leakyRelu(new Float64Array(3), 0.01, new Float64Array(4))).toThrow(/^LeakyRelu: output length 4/);
    expect(() =>
      leakyReluBackward(new Float64Array(3), new Float64Array(2), 0.01, new Float64Array(3)),
    ).toThrow(/^LeakyRelu: gradient lengths/);
  });
});
