import { describe, expect, it } from 'vitest';
import { SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, selu, seluBackward } from '../../src/kernels/selu.js';
import {
  EDGE_VALUES,
  PRECISIONS,
  RANDOM_LENGTHS,
  expectIdentical,
  expectWithinUlps,
  mapReference,
  randomArray,
} from './helpers.js';
import { seluGradRef, seluRef } from './reference.js';

/**
 * The kernels use PyTorch's grouping, (alpha * gamma) * expm1(x), the reference
 * gamma * (alpha * expm1(x)): a rounding apart. Float32 also rounds alpha * gamma to float32
 * and uses the fast expm1, hence one more ulp.
 */
const FLOAT32_MAX_ULPS = 2;
const FLOAT64_MAX_ULPS = 2;
const maxUlps = (name: string): number => (name === 'float32' ? FLOAT32_MAX_ULPS : FLOAT64_MAX_ULPS);

const A = SELU_DEFAULT_ALPHA;
const G = SELU_DEFAULT_GAMMA;
const ATTRIBUTES: readonly (readonly [number, number])[] = [[A, G], [1, 1], [2, 0.5], [1.5, 3]];

describe('selu', () => {
  it('defaults to the ONNX constants, which are exact float32 values', () => {
    expect(A).toBe(1.67326319217681884765625);
    expect(G).toBe(1.05070102214813232421875);
    expect(Math.fround(A)).toBe(A);
    expect(Math.fround(G)).toBe(G);
  });

  it.each([
    { name: 'default attributes', x: [-1, 0, 1], alpha: A, gamma: G, y: [-1.1113307412864784, 0, G] },
    { name: 'explicit attributes', x: [-1, 1], alpha: 2, gamma: G, y: [-1.3283394345640283, G] },
    { name: 'scalar shape []', x: [2], alpha: A, gamma: G, y: [2.1014020442962646] },
    { name: 'saturates at -alpha * gamma', x: [-Infinity], alpha: A, gamma: G, y: [-1.7580993463430303] },
    { name: '+Infinity passes through', x: [Infinity], alpha: A, gamma: G, y: [Infinity] },
    { name: 'NaN', x: [NaN], alpha: A, gamma: G, y: [NaN] },
  ])('$name', ({ x, alpha, gamma, y }) => {
    for (const { name, Type } of PRECISIONS) {
      const out = new Type(x.length);
      selu(Type.from(x), alpha, gamma, out);
      expectWithinUlps(out, Type.from(y), maxUlps(name));
    }
  });

  it('float32 rounds the attributes as PyTorch does: gamma32 * x, and (alpha32 * gamma32) rounded', () => {
    const alpha = 0.1;
    const gamma = 0.3; // neither is a float32 value
    const x = Float32Array.from([0.1, 3.3, 1e-40, -Infinity]);
    const out = new Float32Array(x.length);
    selu(x, alpha, gamma, out);
    const gamma32 = Math.fround(gamma);
    const negativeScale32 = Math.fround(Math.fround(alpha) * gamma32);
    expectIdentical(out, Float32Array.from([gamma32 * x[0], gamma32 * x[1], gamma32 * x[2], -negativeScale32]));
  });

  it('selu(-0) is +0', () => {
    for (const { Type } of PRECISIONS) {
      const out = new Type(1);
      selu(Type.from([-0]), A, G, out);
      expectIdentical(out, Type.from([0]));
    }
  });

  describe.each(PRECISIONS)('$name', ({ name, Type, round }) => {
    it.each(ATTRIBUTES)('matches the reference on edge values, alpha %d gamma %d', (alpha, gamma) => {
      const x = Type.from(EDGE_VALUES);
      const out = new Type(x.length);
      selu(x, alpha, gamma, out);
      const expected = mapReference(Type, [x], (v) => seluRef(v, round(alpha), round(gamma)));
      expectWithinUlps(out, expected, maxUlps(name));
    });

    it.each(RANDOM_LENGTHS)('matches the reference on %i random values', (length) => {
      const x = randomArray(Type, length, length, -12, 4);
      const out = new Type(length);
      selu(x, A, G, out);
      expectWithinUlps(out, mapReference(Type, [x], (v) => seluRef(v, A, G)), maxUlps(name));
    });

    it('works in place', () => {
      const x = randomArray(Type, 1000, 9);
      const expected = new Type(x.length);
      selu(x, A, G, expected);
      selu(x, A, G, x);
      expectIdentical(x, expected);
    });

    it('accepts empty arrays', () => {
      expect(() => selu(new Type(0), A, G, new Type(0))).not.toThrow();
      expect(() => seluBackward(new Type(0), new Type(0), A, G, new Type(0))).not.toThrow();
    });

    it.each(ATTRIBUTES)('gradient matches the reference on edge values, alpha %d gamma %d', (alpha, gamma) => {
      const x = Type.from([...EDGE_VALUES, 0, -0]);
      const dy = Type.from(x.map((_, i) => [1.5, -2, Infinity, NaN, -0][i % 5]));
      const dx = new Type(x.length);
      seluBackward(x, dy, alpha, gamma, dx);
      const expected = mapReference(Type, [x, dy], (v, g) => seluGradRef(v, g, round(alpha), round(gamma)));
      expectWithinUlps(dx, expected, maxUlps(name));
    });

    it('gradient at x = 0 takes the negative side: selu\'(0) = gamma * alpha; NaN x gives gamma * dy', () => {
      const dx = new Type(3);
      seluBackward(Type.from([0, -0, NaN]), Type.from([1, 1, 1]), 2, 0.5, dx);
      expectIdentical(dx, Type.from([1, 1, 0.5]));
    });

    it.each(RANDOM_LENGTHS)('gradient matches on %i random values, in place over dy', (length) => {
      const x = randomArray(Type, length, 41, -12, 4);
      const dy = randomArray(Type, length, 42);
      const expected = mapReference(Type, [x, dy], (v, g) => seluGradRef(v, g, A, G));
      seluBackward(x, dy, A, G, dy);
      expectWithinUlps(dy, expected, maxUlps(name));
    });
  });

  it('rejects mismatched lengths, naming the op', () => {
    expect(() => selu(new Float32Array(3), A, G, new Float32Array(2))).toThrow(/^Selu: output length 2/);
    expect(() => seluBackward(new Float32Array(1), new Float32Array(3), A, G, new Float32Array(1))).toThrow(
      /^Selu: gradient lengths/,
    );
  });
});
