import { describe, expect, it } from 'vitest';
import { ELU_DEFAULT_ALPHA, elu, eluBackward } from '../../src/kernels/elu.js';
import {
  EDGE_VALUES,
  PRECISIONS,
  RANDOM_LENGTHS,
  expectIdentical,
  expectWithinUlps,
  mapReference,
  randomArray,
} from './helpers.js';
import { eluGradRef, eluRef } from './reference.js';

/** Float32 takes the fast expm1: within 1 ulp of the correctly rounded alpha * expm1(x). */
const FLOAT32_MAX_ULPS = 1;
/** Float64 evaluates the reference formula itself (Math.expm1), so it is exact. */
const FLOAT64_MAX_ULPS = 0;
const maxUlps = (name: string): number => (name === 'float32' ? FLOAT32_MAX_ULPS : FLOAT64_MAX_ULPS);

const ALPHAS: readonly number[] = [ELU_DEFAULT_ALPHA, 0.1, 2, 0];

describe('elu', () => {
  it('defaults alpha to the ONNX 1.0', () => {
    expect(ELU_DEFAULT_ALPHA).toBe(1);
  });

  it.each([
    { name: 'default alpha', x: [-1, 0, 1, 3], alpha: 1, y: [-0.6321205588285577, 0, 1, 3] },
    { name: 'explicit alpha', x: [-2, 0.5], alpha: 2, y: [-1.7293294335267746, 0.5] },
    { name: 'scalar shape []', x: [-3], alpha: 0.5, y: [-0.475106465816068] },
    { name: 'saturates at -alpha', x: [-1000, -Infinity], alpha: 2, y: [-2, -2] },
    { name: '+Infinity passes through', x: [Infinity], alpha: 1, y: [Infinity] },
    { name: 'NaN', x: [NaN], alpha: 1, y: [NaN] },
  ])('$name', ({ x, alpha, y }) => {
    for (const { name, Type } of PRECISIONS) {
      const out = new Type(x.length);
      elu(Type.from(x), alpha, out);
      expectWithinUlps(out, Type.from(y), maxUlps(name));
    }
  });

  it('elu(-0) is +0, as alpha * (exp(-0) - 1) is', () => {
    for (const { Type } of PRECISIONS) {
      const out = new Type(1);
      elu(Type.from([-0]), 1, out);
      expectIdentical(out, Type.from([0]));
    }
  });

  describe.each(PRECISIONS)('$name', ({ name, Type, round }) => {
    it.each(ALPHAS)('matches the reference on edge values, alpha %d', (alpha) => {
      const x = Type.from(EDGE_VALUES);
      const out = new Type(x.length);
      elu(x, alpha, out);
      expectWithinUlps(out, mapReference(Type, [x], (v) => eluRef(v, round(alpha))), maxUlps(name));
    });

    it.each(RANDOM_LENGTHS)('matches the reference on %i random values', (length) => {
      const x = randomArray(Type, length, length, -12, 4);
      const out = new Type(length);
      elu(x, 1.5, out);
      expectWithinUlps(out, mapReference(Type, [x], (v) => eluRef(v, round(1.5))), maxUlps(name));
    });

    it('works in place', () => {
      const x = randomArray(Type, 1000, 3);
      const expected = new Type(x.length);
      elu(x, 1, expected);
      elu(x, 1, x);
      expectIdentical(x, expected);
    });

    it('accepts empty arrays', () => {
      expect(() => elu(new Type(0), 1, new Type(0))).not.toThrow();
      expect(() => eluBackward(new Type(0), new Type(0), 1, new Type(0))).not.toThrow();
    });

    it.each(ALPHAS)('gradient matches x <= 0 ? dy * alpha * exp(x) : dy on edge values, alpha %d', (alpha) => {
      const x = Type.from([...EDGE_VALUES, 0, -0]);
      const dy = Type.from(x.map((_, i) => [1.5, -2, Infinity, NaN, -0][i % 5]));
      const dx = new Type(x.length);
      eluBackward(x, dy, alpha, dx);
      const expected = mapReference(Type, [x, dy], (v, g) => eluGradRef(v, g, round(alpha)));
      expectWithinUlps(dx, expected, maxUlps(name));
    });

    it('gradient at x = 0 takes the negative side: elu\'(0) = alpha; NaN x passes dy', () => {
      const dx = new Type(3);
      eluBackward(Type.from([0, -0, NaN]), Type.from([2, 2, 3]), 0.5, dx);
      expectIdentical(dx, Type.from([1, 1, 3]));
    });

    it.each(RANDOM_LENGTHS)('gradient matches on %i random values, in place over dy', (length) => {
      const x = randomArray(Type, length, 31, -12, 4);
      const dy = randomArray(Type, length, 32);
      const expected = mapReference(Type, [x, dy], (v, g) => eluGradRef(v, g, round(0.7)));
      eluBackward(x, dy, 0.7, dy);
      expectWithinUlps(dy, expected, maxUlps(name));
    });
  });

  it('non-finite alpha falls back to the literal formula', () => {
    const out = new Float32Array(3);
    elu(Float32Array.from([2, -1, 0]), Infinity, out);
    expectIdentical(out, Float32Array.from([2, -Infinity, NaN]));
  });

  it('rejects mismatched lengths, naming the op', () => {
    expect(() => elu(new Float32Array(3), 1, new Float32Array(2))).toThrow(/^Elu: output length 2/);
    expect(() => eluBackward(new Float32Array(3), new Float32Array(3), 1, new Float32Array(1))).toThrow(
      /^Elu: gradient lengths/,
    );
  });
});
