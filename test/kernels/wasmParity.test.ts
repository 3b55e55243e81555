/**
 * The WebAssembly SIMD kernels give the TypeScript loops' bits, not just values within their
 * tolerance: an array's results must not depend on whether its length picked the wasm path.
 * Inputs mix signs, magnitudes from denormal to FLT_MAX, and the edge values.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { elu } from '../../src/kernels/elu.js';
import { fastExpm1 } from '../../src/kernels/fastExpm1.js';
import { leakyRelu } from '../../src/kernels/leakyRelu.js';
import { prelu } from '../../src/kernels/prelu.js';
import { relu } from '../../src/kernels/relu.js';
import { SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, selu } from '../../src/kernels/selu.js';
import { sigmoid } from '../../src/kernels/sigmoid.js';
import { setWasmKernels, wasmExpm1 } from '../../src/kernels/wasm/loader.js';
import { EDGE_VALUES, expectIdentical, seededRandom } from './helpers.js';

/** Three chunks of 16384 and 9 more, a multiple of 7 (the PRelu channel count). */
const LENGTH = 7 * 7023;

/** Uniform over [-120, 120], scaled down to tiny and denormal sizes in a third of the places. */
function mixedInput(length: number, seed: number): Float32Array {
  const next = seededRandom(seed);
  return Float32Array.from({ length }, (_, i) => {
    if (i % 11 === 0) return EDGE_VALUES[Math.floor(next() * EDGE_VALUES.length)];
    const v = (next() * 2 - 1) * 120;
    return i % 3 === 0 ? v * 2 ** -(next() * 150) : v;
  });
}

/** `kernel` into a fresh output on each path; both must agree bit for bit. */
function expectSamePaths(kernel: (out: Float32Array) => void, length: number): void {
  setWasmKernels('never');
  const typescript = new Float32Array(length);
  kernel(typescript);
  setWasmKernels('always');
  const wasm = new Float32Array(length);
  kernel(wasm);
  expectIdentical(wasm, typescript);
}

afterAll(() => setWasmKernels('auto'));

describe('wasm and TypeScript paths agree bit for bit', () => {
  const x = mixedInput(LENGTH, 91);
  const slope = Float32Array.from(mixedInput(7, 92), (v) => v / 100);

  it.each([
    { name: 'relu', kernel: (out: Float32Array) => relu(x, out) },
    { name: 'leaky_relu alpha 0.01', kernel: (out: Float32Array) => leakyRelu(x, 0.01, out) },
    { name: 'leaky_relu alpha 3 (an integer)', kernel: (out: Float32Array) => leakyRelu(x, 3, out) },
    { name: 'prelu scalar slope', kernel: (out: Float32Array) => prelu(x, [LENGTH], slope.subarray(0, 1), [], out) },
    { name: 'prelu slope per channel', kernel: (out: Float32Array) => prelu(x, [1, 7, LENGTH / 7], slope, [7, 1], out) },
    { name: 'prelu slope on the last axis', kernel: (out: Float32Array) => prelu(x, [LENGTH / 7, 7], slope, [7], out) },
    { name: 'elu alpha 1', kernel: (out: Float32Array) => elu(x, 1, out) },
    { name: 'elu alpha -0.3 (the signs of zeros)', kernel: (out: Float32Array) => elu(x, -0.3, out) },
    { name: 'selu defaults', kernel: (out: Float32Array) => selu(x, SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, out) },
    { name: 'selu alpha 2, gamma -0.5', kernel: (out: Float32Array) => selu(x, 2, -0.5, out) },
    { name: 'sigmoid', kernel: (out: Float32Array) => sigmoid(x, out) },
  ])('$name', ({ kernel }) => {
    expectSamePaths(kernel, LENGTH);
  });

  it('elu and selu at every entry of the 2^(N/16) table, and at both sides of each', () => {
    // x = N ln2 / 16 picks table entry N; the offsets land beside it. N spans the clamp [-110, 110].
    const points = Float32Array.from({ length: 4 * 5081 }, (_, i) => ((i >> 2) - 2540) * (Math.LN2 / 16) + ((i & 3) - 1.5) * 0.01);
    expectSamePaths((out) => elu(points, 1, out), points.length);
    expectSamePaths((out) => selu(points, SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, out), points.length);
    // Sigmoid reads entry N of fastExp(-|x|), so both signs of each point.
    const signed = Float32Array.from({ length: 2 * points.length }, (_, i) => (i & 1 ? -1 : 1) * points[i >> 1]);
    expectSamePaths((out) => sigmoid(signed, out), signed.length);
  });

  it('sigmoid on its edge values, in every lane position and at lengths off the vector width', () => {
    const edge = [
      0, -0, 1e-30, -1e-30, 1e-40, -1e-40, 1.4e-45, -1.4e-45, 1, -1, 88, -88, 88.8, -88.8, 100, -100,
      103.9, -103.9, 104, -104, 110, -110, 111, -111, 1000, -1000, 3.4e38, -3.4e38, Infinity, -Infinity, NaN,
    ];
    const next = seededRandom(93);
    for (const length of [1, 3, 5, 63, 64, 65, 768, 4 * edge.length + 3]) {
      const x = Float32Array.from({ length }, (_, i) => (i % 3 === 2 ? (next() * 2 - 1) * 30 : edge[(i * 7) % edge.length]));
      expectSamePaths((out) => sigmoid(x, out), length);
    }
  });
});

describe('the wasm expm1', () => {
  it('is fastExpm1 bit for bit on doubles, before any rounding to float32', () => {
    const special = [0, -0, NaN, Infinity, -Infinity, 1e-300, -1e-300, 5e-324, -5e-324, 109.9, 110, 111, -110, -111];
    const grid = Array.from({ length: 2 * 5081 * 3 }, (_, i) => ((i / 3) - 5081) * (Math.LN2 / 32) + (i % 3) * 1e-7);
    const x = Float64Array.from([...special, ...grid]);
    const wasm = wasmExpm1(x);
    expect(wasm).toBeDefined();
    expectIdentical(wasm!, x.map(fastExpm1));
  });
});
