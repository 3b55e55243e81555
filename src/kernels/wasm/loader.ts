/**
 * Loads the WebAssembly SIMD kernels (./assembly/activations.ts, built into the committed
 * ./activations.wasm by `npm run build:wasm`) and streams arrays through them; ./kernels.ts
 * holds the per-op entry points the kernel files call.
 *
 * V8 does not vectorize JavaScript loops; these kernels work on four lanes at a time. The
 * module is compiled synchronously at import, so the runtime needs no AssemblyScript compiler.
 * Each call streams its data through one wasm memory in cache-sized chunks (copy in, compute,
 * copy out), which also makes `out === x` safe. When the module does not load (no WebAssembly
 * SIMD, or a build without the .wasm), every kernel keeps its TypeScript loop.
 */
import { readFileSync } from 'node:fs';
import { fillScaleTable, MAX_STEP, SCALE_TABLE_LENGTH } from '../fastExpm1.js';
import type { FloatArray } from '../types.js';

/**
 * Below this many elements the TypeScript loops win. A wasm call with its two copies costs
 * about 100-150 ns (PRelu ~250 ns, for its slope layout), as much as 20-30 elements of relu,
 * leaky_relu or elu in TypeScript; at 64 those three are 1.3-2x faster in wasm and PRelu breaks
 * about even (Node 20, x64).
 */
export const WASM_MIN_ELEMENTS = 64;
/** Elements per round trip: 64 KiB in and out stay in L2. 4K to 64K measured alike. */
export const CHUNK = 16384;
/** Floats past a buffer's end: the kernels' last vector, a PRelu run's spill. */
export const PAD = 16;
/** A chunk reads at most CHUNK + 1 slopes (one per run), after a pattern offset below `channels`. */
export const SLOPE_CAPACITY = 2 * CHUNK + 2 * PAD;

export const FLOAT_BYTES = 4;
const DOUBLE_BYTES = 8;
const PAGE_BYTES = 65536;

interface ActivationExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  relu(src: number, dst: number, n: number): void;
  leakyRelu(src: number, dst: number, n: number, alpha: number): void;
  preluRuns(src: number, dst: number, n: number, slopes: number, inner: number, offset: number): void;
  preluSlopes(src: number, dst: number, n: number, slopes: number): void;
  scaledElu(src: number, dst: number, n: number, negativeScale: number, positiveScale: number, scale: number): void;
  expm1(src: number, dst: number, n: number, scale: number): void;
  sigmoid(src: number, dst: number, n: number, scale: number): void;
}

/** The part of the WebAssembly global used here (TypeScript's DOM lib, which types it, is off). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

export interface Loaded {
  readonly wasm: ActivationExports;
  /** Byte addresses in wasm memory: chunk input, chunk output, slopes, table entry for N = 0. */
  readonly input: number;
  readonly output: number;
  readonly slopes: number;
  readonly scale: number;
  readonly inputView: Float32Array;
  readonly outputView: Float32Array;
  readonly slopeView: Float32Array;
}

function load(): Loaded {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) throw new Error('no WebAssembly in this runtime');
  const bytes = readFileSync(new URL('./activations.wasm', import.meta.url));
  // Compiling validates: an engine without SIMD throws a CompileError here.
  const wasm = new api.Instance(new api.Module(bytes), {}).exports as ActivationExports;
  const align = (address: number): number => Math.ceil(address / 64) * 64;
  const table = align(wasm.heapBase());
  const input = align(table + SCALE_TABLE_LENGTH * DOUBLE_BYTES);
  const output = align(input + (CHUNK + PAD) * FLOAT_BYTES);
  const slopes = align(output + (CHUNK + PAD) * FLOAT_BYTES);
  const missing = slopes + SLOPE_CAPACITY * FLOAT_BYTES - wasm.memory.buffer.byteLength;
  // Grown once, before any view exists: growing detaches the old buffer.
  if (missing > 0) wasm.memory.grow(Math.ceil(missing / PAGE_BYTES));
  const { buffer } = wasm.memory;
  fillScaleTable(new Float64Array(buffer, table, SCALE_TABLE_LENGTH));
  return {
    wasm,
    input,
    output,
    slopes,
    scale: table + MAX_STEP * DOUBLE_BYTES,
    inputView: new Float32Array(buffer, input, CHUNK),
    outputView: new Float32Array(buffer, output, CHUNK),
    slopeView: new Float32Array(buffer, slopes, SLOPE_CAPACITY),
  };
}

let loaded: Loaded | undefined;
let loadError: string | undefined;
try {
  loaded = load();
} catch (error) {
  loadError = error instanceof Error ? error.message : String(error);
}

/** Whether the wasm kernels loaded, and why not when they did not. */
export function wasmKernelStatus(): { available: boolean; reason?: string } {
  return loaded ? { available: true } : { available: false, reason: loadError };
}

/**
 * 'auto' (the default): wasm for float32 arrays of WASM_MIN_ELEMENTS or more; 'always': at any
 * length; 'never': the TypeScript loops only. For tests and the benchmark, which compare paths.
 */
export type WasmKernelMode = 'auto' | 'always' | 'never';

let minElements = WASM_MIN_ELEMENTS;

export function setWasmKernels(mode: WasmKernelMode): void {
  minElements = mode === 'auto' ? WASM_MIN_ELEMENTS : mode === 'always' ? 1 : Infinity;
}

/** The loaded module when this call should take it. */
export function usable(x: FloatArray, out: FloatArray): Loaded | undefined {
  return x.length >= minElements && x instanceof Float32Array && out instanceof Float32Array ? loaded : undefined;
}

/**
 * Streams x through wasm memory: `compute(length, start)` turns the first `length` floats of the
 * input buffer (elements start.. of x) into the first `length` of the output buffer.
 */
export function mapChunks(
  m: Loaded,
  x: Float32Array,
  out: Float32Array,
  compute: (length: number, start: number) => void,
): void {
  const n = x.length;
  for (let start = 0; start < n; start += CHUNK) {
    const length = Math.min(CHUNK, n - start);
    m.inputView.set(length === n ? x : x.subarray(start, start + length));
    compute(length, start);
    out.set(outputPrefix(m, length), start);
  }
}

/**
 * The output buffer's first `length` floats. A new view costs as much as copying 100 floats,
 * so the last one is kept: repeated requests of one size reuse it.
 */
let lastPrefix: Float32Array | undefined;
function outputPrefix(m: Loaded, length: number): Float32Array {
  if (length === CHUNK) return m.outputView;
  if (lastPrefix?.length !== length) lastPrefix = m.outputView.subarray(0, length);
  return lastPrefix;
}

/**
 * The wasm Elu's expm1 on doubles, before any rounding to float32, for the test that holds it to
 * fastExpm1 bit for bit. Undefined when the module did not load.
 */
export function wasmExpm1(x: Float64Array): Float64Array | undefined {
  const m = loaded;
  if (m === undefined) return undefined;
  const result = new Float64Array(x.length);
  const step = CHUNK / 2; // doubles per buffer
  const input = new Float64Array(m.wasm.memory.buffer, m.input, step);
  const output = new Float64Array(m.wasm.memory.buffer, m.output, step);
  for (let start = 0; start < x.length; start += step) {
    const length = Math.min(step, x.length - start);
    input.set(x.subarray(start, start + length));
    // The kernel works on pairs; an odd length computes one padding lane more.
    m.wasm.expm1(m.input, m.output, length + (length % 2), m.scale);
    result.set(output.subarray(0, length), start);
  }
  return result;
}
