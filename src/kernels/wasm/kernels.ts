/**
 * The per-op entry points of the WebAssembly SIMD kernels, called first by relu.ts,
 * leakyRelu.ts, prelu.ts, elu.ts (Selu included) and sigmoid.ts: each returns false when the caller should
 * run its own TypeScript loop instead, that is for float64 or mixed arrays, arrays shorter than
 * WASM_MIN_ELEMENTS, or when the module did not load (./loader.ts). Both paths give the same
 * bits, so callers cannot tell them apart (test/kernels/wasmParity.test.ts).
 */
import type { UnidirectionalBroadcast } from '../broadcast.js';
import type { FloatArray } from '../types.js';
import { CHUNK, FLOAT_BYTES, mapChunks, PAD, SLOPE_CAPACITY, usable } from './loader.js';
import type { Loaded } from './loader.js';

/** Relu; false when the caller should run its own loop. */
export function tryWasmRelu(x: FloatArray, out: FloatArray): boolean {
  const m = usable(x, out);
  if (m === undefined) return false;
  mapChunks(m, x as Float32Array, out as Float32Array, (length) => m.wasm.relu(m.input, m.output, length));
  return true;
}

/** LeakyRelu, alpha rounded to float32 on its way into wasm; false when the caller should loop. */
export function tryWasmLeakyRelu(x: FloatArray, alpha: number, out: FloatArray): boolean {
  const m = usable(x, out);
  if (m === undefined) return false;
  mapChunks(m, x as Float32Array, out as Float32Array, (length) => m.wasm.leakyRelu(m.input, m.output, length, alpha));
  return true;
}

/**
 * PRelu with a float32 slope under the scalar, same-shape or per-channel plan (the general
 * gather stays in TypeScript), `plan` being the one for these shapes; false when the caller
 * should run its own loop.
 */
export function tryWasmPrelu(x: FloatArray, slope: FloatArray, plan: UnidirectionalBroadcast, out: FloatArray): boolean {
  const m = usable(x, out);
  if (m === undefined || !(slope instanceof Float32Array) || plan.kind === 'general') return false;
  const x32 = x as Float32Array;
  const out32 = out as Float32Array;
  if (plan.kind === 'scalar') {
    const value = slope[0];
    mapChunks(m, x32, out32, (length) => m.wasm.leakyRelu(m.input, m.output, length, value));
  } else if (plan.kind === 'same') {
    preluChannels(m, x32, slope, slope.length, 1, out32);
  } else {
    preluChannels(m, x32, slope, plan.channels, plan.inner, out32);
  }
  return true;
}

/**
 * Element g of x reads slope[floor(g / inner) % channels]. The kernels read the slopes of a
 * chunk's runs in order from the slope buffer: a pattern of the slope repeated, laid out once
 * when it fits, else each chunk's own stretch copied in per chunk.
 */
function preluChannels(
  m: Loaded,
  x: Float32Array,
  slope: Float32Array,
  channels: number,
  inner: number,
  out: Float32Array,
): void {
  const view = m.slopeView;
  const runsPerChunk = Math.ceil((CHUNK - 1) / inner) + 1;
  const repeated = channels + runsPerChunk + PAD <= SLOPE_CAPACITY;
  if (repeated) {
    const wanted = channels + Math.min(runsPerChunk, Math.ceil(x.length / inner) + 1);
    view.set(slope);
    for (let filled = channels; filled < wanted; filled *= 2) {
      view.copyWithin(filled, 0, Math.min(filled, wanted - filled));
    }
  }
  mapChunks(m, x, out, (length, start) => {
    const offset = start % inner;
    const first = Math.floor(start / inner) % channels;
    let slopes = m.slopes + first * FLOAT_BYTES;
    if (!repeated) {
      // Here channels > CHUNK + 1 >= runs, so the chunk wraps past the last channel at most once.
      const runs = Math.ceil((offset + length) / inner);
      const head = slope.subarray(first, Math.min(first + runs, channels));
      view.set(head);
      if (head.length < runs) view.set(slope.subarray(0, runs - head.length), head.length);
      slopes = m.slopes;
    }
    if (inner === 1) m.wasm.preluSlopes(m.input, m.output, length, slopes);
    else m.wasm.preluRuns(m.input, m.output, length, slopes, inner, offset);
  });
}

/**
 * scaledElu's float32 loop (../elu.ts), for finite scales the caller has rounded to float32;
 * false when the caller should run its own loop.
 */
export function tryWasmScaledElu(x: FloatArray, negativeScale: number, positiveScale: number, out: FloatArray): boolean {
  const m = usable(x, out);
  if (m === undefined) return false;
  mapChunks(m, x as Float32Array, out as Float32Array, (length) =>
    m.wasm.scaledElu(m.input, m.output, length, negativeScale, positiveScale, m.scale),
  );
  return true;
}

/** Sigmoid's float32 loop (../sigmoid.ts); false when the caller should run its own loop. */
export function tryWasmSigmoid(x: FloatArray, out: FloatArray): boolean {
  const m = usable(x, out);
  if (m === undefined) return false;
  mapChunks(m, x as Float32Array, out as Float32Array, (length) => m.wasm.sigmoid(m.input, m.output, length, m.scale));
  return true;
}
