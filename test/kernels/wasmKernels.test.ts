/**
 * The float32 kernels on each path, forced: the TypeScript loops and the WebAssembly SIMD ones
 * (src/kernels/wasm). The per-op test files run whichever path a length picks (wasm from
 * WASM_MIN_ELEMENTS on); here the same references and edge values run on both, at lengths that
 * are not multiples of the vector width (4) or of the chunk (16384).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { elu } from '../../src/kernels/elu.js';
import { leakyRelu } from '../../src/kernels/leakyRelu.js';
import { prelu } from '../../src/kernels/prelu.js';
import { relu } from '../../src/kernels/relu.js';
import { SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, selu } from '../../src/kernels/selu.js';
import { sigmoid } from '../../src/kernels/sigmoid.js';
import { tryWasmLeakyRelu, tryWasmPrelu, tryWasmRelu, tryWasmSigmoid } from '../../src/kernels/wasm/kernels.js';
import { setWasmKernels, WASM_MIN_ELEMENTS, wasmKernelStatus } from '../../src/kernels/wasm/loader.js';
import {
  EDGE_VALUES,
  expectIdentical,
  expectWithinUlps,
  mapReference,
  naiveIndexMap,
  randomArray,
} from './helpers.js';
import { eluRef, leakyReluRef, preluRef, reluRef, seluRef } from './reference.js';

/** Float32 Elu: 1 ulp from the correctly rounded value, as elu.test.ts holds the TS path to. */
const ELU_MAX_ULPS = 1;
/** Selu's grouping differs from the reference's by a rounding, as in selu.test.ts. */
const SELU_MAX_ULPS = 2;
/** Float32 Sigmoid: fastExp of -|x| and one division, as sigmoid.test.ts holds the TS path to. */
const SIGMOID_MAX_ULPS = 1;
const sigmoidRef = (v: number): number => 1 / (1 + Math.exp(-v));

const PATHS = [
  { name: 'TypeScript', mode: 'never' },
  { name: 'wasm', mode: 'always' },
] as const;
/** Around the vector width, the threshold and the chunk size, plus several chunks and a tail. */
const LENGTHS = [1, 3, 5, 63, 64, 65, 1001, 16383, 16384, 16385, 40003];
/** Edge values repeated across two chunks and a tail: every value in every lane position. */
const EDGE_LENGTH = 2 * 16384 + 7;

function edges(): Float32Array {
  return Float32Array.from({ length: EDGE_LENGTH }, (_, i) => EDGE_VALUES[i % EDGE_VALUES.length]);
}

afterAll(() => setWasmKernels('auto'));

it('the wasm module loads in this runtime (Node 20 ships WebAssembly SIMD)', () => {
  expect(wasmKernelStatus()).toEqual({ available: true });
});

describe.each(PATHS)('$name path', ({ mode }) => {
  beforeEach(() => setWasmKernels(mode));

  describe('relu', () => {
    it('matches max(0, x) bit for bit on edge values (relu(-0) = +0, NaN propagates)', () => {
      const x = edges();
      const out = new Float32Array(x.length);
      relu(x, out);
      expectIdentical(out, mapReference(Float32Array, [x], reluRef));
    });

    it.each(LENGTHS)('matches on %i random values, in place', (length) => {
      const x = randomArray(Float32Array, length, length) as Float32Array;
      const expected = mapReference(Float32Array, [x], reluRef);
      relu(x, x);
      expectIdentical(x, expected);
    });
  });

  describe('leakyRelu', () => {
    it.each([0.01, 0.2, 0, 1, 3, -0.5, Infinity, NaN])('matches bit for bit on edge values, alpha %d', (alpha) => {
      const x = edges();
      const out = new Float32Array(x.length);
      leakyRelu(x, alpha, out);
      expectIdentical(out, mapReference(Float32Array, [x], (v) => leakyReluRef(v, Math.fround(alpha))));
    });

    it.each(LENGTHS)('matches on %i random values, in place', (length) => {
      const x = randomArray(Float32Array, length, length + 1) as Float32Array;
      const expected = mapReference(Float32Array, [x], (v) => leakyReluRef(v, Math.fround(0.1)));
      leakyRelu(x, 0.1, x);
      expectIdentical(x, expected);
    });
  });

  describe('prelu', () => {
    // [outer, channels, inner] against a slope of `channels`: every run length the kernels
    // treat apart, and channel counts past the slope buffer (40000, 30000) that wrap per chunk.
    it.each([
      { name: 'scalar', xShape: [3, 7, 1001], slopeShape: [] },
      { name: 'per channel, long runs', xShape: [2, 3, 20001], slopeShape: [3, 1] },
      { name: 'per channel, runs of 5', xShape: [401, 7, 5], slopeShape: [7, 1] },
      { name: 'per channel, runs of 2 and 3', xShape: [2, 5, 3, 2], slopeShape: [5, 3, 1] },
      { name: 'last axis (runs of 1)', xShape: [4001, 3], slopeShape: [3] },
      { name: 'last axis, more slopes than a chunk', xShape: [2, 40000], slopeShape: [40000] },
      { name: 'per channel, more slopes than a chunk', xShape: [2, 30000, 3], slopeShape: [30000, 1] },
      { name: 'same shape', xShape: [17, 1001], slopeShape: [17, 1001] },
      { name: 'same shape, within a chunk', xShape: [3, 101], slopeShape: [3, 101] },
      { name: 'general (a gather, TypeScript on both paths)', xShape: [3, 4, 5], slopeShape: [3, 1, 5] },
    ])('$name: X $xShape, slope $slopeShape, in place', ({ xShape, slopeShape }) => {
      const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
      const x = randomArray(Float32Array, count(xShape), 71) as Float32Array;
      const slope = randomArray(Float32Array, count(slopeShape), 72, -1, 1);
      const index = naiveIndexMap(slopeShape, xShape);
      const expected = Float32Array.from(x, (v, i) => preluRef(v, slope[index[i]]));
      const out = new Float32Array(x.length);
      prelu(x, xShape, slope, slopeShape, out);
      expectIdentical(out, expected);
      prelu(x, xShape, slope, slopeShape, x);
      expectIdentical(x, expected);
    });

    it('edge values for x and slope stay exact, per element and per channel', () => {
      const slope = Float32Array.from(EDGE_VALUES.slice().reverse());
      const rows = Math.floor(EDGE_LENGTH / slope.length);
      const x = edges().slice(0, rows * slope.length);
      for (const xShape of [[rows, slope.length], [1, slope.length, rows]]) {
        const slopeShape = xShape.length === 2 ? [slope.length] : [slope.length, 1];
        const index = naiveIndexMap(slopeShape, xShape);
        const out = new Float32Array(x.length);
        prelu(x, xShape, slope, slopeShape, out);
        expectIdentical(out, Float32Array.from(x, (v, i) => preluRef(v, slope[index[i]])));
      }
    });
  });

  describe('elu and selu', () => {
    it.each([1, 0.1, 2, 0, -1.5])(`elu within ${ELU_MAX_ULPS} ulp on edge values, alpha %d; elu(-0) = +0`, (alpha) => {
      const x = edges();
      const out = new Float32Array(x.length);
      elu(x, alpha, out);
      expectWithinUlps(out, mapReference(Float32Array, [x], (v) => eluRef(v, Math.fround(alpha))), ELU_MAX_ULPS);
      if (alpha > 0) expect(Object.is(out[EDGE_VALUES.findIndex((v) => Object.is(v, -0))], 0)).toBe(true);
    });

    it.each([[SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA], [2, 0.5], [1.5, 3]])(
      `selu within ${SELU_MAX_ULPS} ulp on edge values, alpha %d gamma %d`,
      (alpha, gamma) => {
        const x = edges();
        const out = new Float32Array(x.length);
        selu(x, alpha, gamma, out);
        const expected = mapReference(Float32Array, [x], (v) => seluRef(v, Math.fround(alpha), Math.fround(gamma)));
        expectWithinUlps(out, expected, SELU_MAX_ULPS);
      },
    );

    it.each(LENGTHS)('elu and selu match on %i random values over [-120, 100], in place', (length) => {
      const x = randomArray(Float32Array, length, length + 2, -120, 100) as Float32Array;
      const eluExpected = mapReference(Float32Array, [x], (v) => eluRef(v, 1.5));
      const seluExpected = mapReference(Float32Array, [x], (v) => seluRef(v, SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA));
      const y = Float32Array.from(x);
      elu(y, 1.5, y);
      expectWithinUlps(y, eluExpected, ELU_MAX_ULPS);
      selu(x, SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, x);
      expectWithinUlps(x, seluExpected, SELU_MAX_ULPS);
    });
  });

  describe('sigmoid', () => {
    it(`within ${SIGMOID_MAX_ULPS} ulp on edge values; 0 and -0 give 0.5, -Infinity +0, NaN propagates`, () => {
      const x = edges();
      const out = new Float32Array(x.length);
      sigmoid(x, out);
      expectWithinUlps(out, mapReference(Float32Array, [x], sigmoidRef), SIGMOID_MAX_ULPS);
      const at = (v: number): number => out[EDGE_VALUES.findIndex((e) => Object.is(e, v))];
      expect([at(0), at(-0), at(Infinity), at(-Infinity), at(-1000), at(1000)]).toEqual([0.5, 0.5, 1, 0, 0, 1]);
      expect(Object.is(at(-Infinity), 0)).toBe(true);
      expect(at(NaN)).toBeNaN();
      expect(at(-100)).toBe(Math.fround(Math.exp(-100))); // a denormal result, not 0
    });

    it.each(LENGTHS)('matches on %i random values over [-120, 120], in place', (length) => {
      const x = randomArray(Float32Array, length, length + 3, -120, 120) as Float32Array;
      const expected = mapReference(Float32Array, [x], sigmoidRef);
      sigmoid(x, x);
      expectWithinUlps(x, expected, SIGMOID_MAX_ULPS);
    });
  });
});

describe('which path runs', () => {
  it(`auto takes wasm from ${WASM_MIN_ELEMENTS} float32 elements on; never and always override`, () => {
    const short = new Float32Array(WASM_MIN_ELEMENTS - 1);
    const long = new Float32Array(WASM_MIN_ELEMENTS);
    setWasmKernels('auto');
    expect(tryWasmRelu(short, short)).toBe(false);
    expect(tryWasmRelu(long, long)).toBe(true);
    setWasmKernels('never');
    expect(tryWasmRelu(long, long)).toBe(false);
    setWasmKernels('always');
    expect(tryWasmRelu(short, short)).toBe(true);
    setWasmKernels('auto');
    expect(tryWasmSigmoid(short, short)).toBe(false);
    expect(tryWasmSigmoid(long, long)).toBe(true);
    expect(tryWasmSigmoid(new Float64Array(WASM_MIN_ELEMENTS), new Float64Array(WASM_MIN_ELEMENTS))).toBe(false);
  });

  it('float64 and mixed arrays fall back to the TypeScript loops, with their own rounding', () => {
    setWasmKernels('always');
    const x64 = randomArray(Float64Array, 1001, 81);
    expect(tryWasmLeakyRelu(x64, 0.1, new Float64Array(1001))).toBe(false);
    const out64 = new Float64Array(1001);
    leakyRelu(x64, 0.1, out64); // alpha kept in double precision for a float64 output
    expectIdentical(out64, mapReference(Float64Array, [x64], (v) => leakyReluRef(v, 0.1)));
    const x32 = Float32Array.from(x64);
    expect(tryWasmRelu(x32, new Float64Array(1001))).toBe(false);
    const mixed = new Float64Array(1001);
    leakyRelu(x32, 0.1, mixed);
    expectIdentical(mixed, mapReference(Float64Array, [x32], (v) => leakyReluRef(v, 0.1)));
  });

  it('a float64 slope or a general broadcast keeps PRelu in TypeScript', () => {
    setWasmKernels('always');
    const x = randomArray(Float32Array, 60, 82);
    const out = new Float32Array(60);
    expect(tryWasmPrelu(x, Float64Array.of(0.1), { kind: 'scalar' }, out)).toBe(false);
    expect(tryWasmPrelu(x, new Float32Array(60), { kind: 'general', index: new Int32Array(60) }, out)).toBe(false);
    // A double slope multiplies in double and rounds once into float32, as the reference does.
    prelu(x, [60], Float64Array.of(0.1), [], out);
    expectIdentical(out, mapReference(Float32Array, [x], (v) => preluRef(v, 0.1)));
  });
});
