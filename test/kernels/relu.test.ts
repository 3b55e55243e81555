import { describe, expect, it } from 'vitest';
import { relu, reluBackward } from '../../src/kernels/relu.js';
import {
  EDGE_VALUES,
  PRECISIONS,
  RANDOM_LENGTHS,
  expectIdentical,
  mapReference,
  randomArray,
} from './helpers.js';
import { reluGradRef, reluRef } from './reference.js';

describe('relu', () => {
  it.each([
    { name: 'mixed signs', x: [-2, -0.5, 0, 0.5, 2], y: [0, 0, 0, 0.5, 2] },
    { name: 'scalar shape []', x: [-3], y: [0] },
    { name: 'negative zero becomes +0', x: [-0], y: [0] },
    { name: 'infinities', x: [-Infinity, Infinity], y: [0, Infinity] },
    { name: 'NaN', x: [NaN], y: [NaN] },
  ])('$name', ({ x, y }) => {
    for (const { Type } of PRECISIONS) {
      const out = new Type(x.length);
      relu(Type.from(x), out);
      expectIdentical(out, Type.from(y));
    }
  });

  describe.each(PRECISIONS)('$name', ({ Type }) => {
    it('matches max(0, x) bit for bit on edge values', () => {
      const x = Type.from(EDGE_VALUES);
      const out = new Type(x.length);
      relu(x, out);
      expectIdentical(out, mapReference(Type, [x], reluRef));
    });

    it.each(RANDOM_LENGTHS)('matches the reference on %i random values', (length) => {
      const x = randomArray(Type, length, length);
      const out = new Type(length);
      relu(x, out);
      expectIdentical(out, mapReference(Type, [x], reluRef));
    });

    it('works in place', () => {
      const x = randomArray(Type, 1000, 7);
      const expected = mapReference(Type, [x], reluRef);
      relu(x, x);
      expectIdentical(x, expected);
    });

    it('accepts empty arrays', () => {
      expect(() => relu(new Type(0), new Type(0))).not.toThrow();
    });

    it('gradient matches x <= 0 ? 0 : dy, including relu\'(0) = 0', () => {
      const x = Type.from([...EDGE_VALUES, 0, -0, 0.25]);
      const dy = randomArray(Type, x.length, 3);
      const dx = new Type(x.length);
      reluBackward(x, dy, dx);
      expectIdentical(dx, mapReference(Type, [x, dy], reluGradRef));
      expect(dx[x.length - 3]).toBe(0);
    });

    it('gradient selects rather than multiplies: non-finite dy gives 0 where x <= 0', () => {
      const x = Type.from([-1, -1, -1, 0, 1, 1, NaN]);
      const dy = Type.from([Infinity, NaN, -0, NaN, -0, -Infinity, 5]);
      const dx = new Type(x.length);
      reluBackward(x, dy, dx);
      expectIdentical(dx, Type.from([0, 0, 0, 0, -0, -Infinity, 5]));
    });

    it.each(RANDOM_LENGTHS)('gradient matches on %i random values, in place over dy', (length) => {
      const x = randomArray(Type, length, 11);
      const dy = randomArray(Type, length, 12);
      const expected = mapReference(Type, [x, dy], reluGradRef);
      reluBackward(x, dy, dy);
      expectIdentical(dy, expected);
    });
  });

  it('gradient handles mixed precisions', () => {
    const x = Float32Array.from([-1, 2, 0]);
    const dy = Float64Array.from([3, 4, 5]);
    const dx = new Float32Array(3);
    reluBackward(x, dy, dx);
    expectIdentical(dx, Float32Array.from([0, 4, 0]));
  });

  it('rejects mismatched lengths, naming the op', () => {
    expect(() => relu(new Float32Array(3), new Float32Array(2))).toThrow(/^Relu: output length 2/);
    expect(() => reluBackward(new Float32Array(3), new Float32Array(3), new Float32Array(2))).toThrow(
      /^Relu: gradient lengths/,
    );
  });
});
