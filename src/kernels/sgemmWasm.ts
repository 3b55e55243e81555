/**
 * The WebAssembly SIMD path of the float32 GEMM (./wasm/assembly/gemm.ts, built into
 * ./wasm/gemm.wasm): same product as ./sgemm.ts, four lanes at a time.
 *
 * Each WasmGemm owns one instance of the module, so one memory: B packed once (at load when it
 * is a constant) stays there, and the per-call A and C areas after it grow as needed. A node's
 * memory goes when its kernel is collected, so nothing needs freeing by hand. The module is
 * compiled once, synchronously, at import; when that fails (no WebAssembly SIMD, no .wasm file)
 * wasmSgemmAvailable() is false and callers keep the TypeScript path.
 */
import { readFileSync } from 'node:fs';
import type { MatrixView } from './sgemm.js';

/** Columns per packed B panel in the wasm kernels (two f32x4). */
export const WASM_NR = 8;

export interface GemmExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  gemm(a: number, lda: number, m: number, bp: number, k: number, np: number, c: number): void;
  im2colPanels(x: number, channels: number, geometry: number, first: number, count: number, bp: number): void;
  addRowBias(c: number, m: number, np: number, bias: number): void;
  maxPool2d(x: number, y: number, planes: number, geometry: number, tmp: number): void;
  scaleShift(x: number, y: number, groups: number, stats: number, inner: number, a: number, b: number): void;
  finishRows(c: number, m: number, np: number, count: number, bias: number, hasBias: number): void;
  depthwise(x: number, y: number, planes: number, channels: number, w: number, bias: number, hasBias: number, geometry: number): void;
  convDirect(xp: number, offsets: number, k: number, pixels: number, count: number, w: number, bias: number, m: number, y: number, yStride: number): void;
  padPlanes(x: number, planes: number, rows: number, cols: number, dst: number, planeStride: number, rowStride: number, lead: number): void;
  depthwiseDirect(xp: number, planeStride: number, planes: number, channels: number, offsets: number, k: number, pixels: number, count: number, w: number, bias: number, y: number): void;
}

/** The part of the WebAssembly global used here (TypeScript's DOM lib, which types it, is off). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

const PAGE_BYTES = 65536;
export const FLOAT_BYTES = 4;
/** Areas start on cache-line boundaries. */
const ALIGN_FLOATS = 16;

let compiled: { api: WebAssemblyApi; module: object } | undefined;
let loadError: string | undefined;
try {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) throw new Error('no WebAssembly in this runtime');
  // Compiling validates: an engine without SIMD throws a CompileError here.
  compiled = { api, module: new api.Module(readFileSync(new URL('./wasm/gemm.wasm', import.meta.url))) };
} catch (error) {
  loadError = error instanceof Error ? error.message : String(error);
}

/** Whether the wasm GEMM loaded, and why not when it did not. */
export function wasmSgemmAvailable(): boolean {
  return compiled !== undefined;
}

export function wasmSgemmStatus(): { available: boolean; reason?: string } {
  return compiled ? { available: true } : { available: false, reason: loadError };
}

export function alignUp(floats: number): number {
  return Math.ceil(floats / ALIGN_FLOATS) * ALIGN_FLOATS;
}

/** One instance of the module with its own memory; addresses are float indices from `base`. */
export class GemmInstance {
  readonly wasm: GemmExports;
  /** First float index free for the caller's data. */
  readonly base: number;
  private floats: Float32Array;

  constructor() {
    if (compiled === undefined) throw new Error(`wasm GEMM unavailable: ${loadError}`);
    this.wasm = new compiled.api.Instance(compiled.module, {}).exports as GemmExports;
    this.base = alignUp(Math.ceil(this.wasm.heapBase() / FLOAT_BYTES));
    this.floats = new Float32Array(this.wasm.memory.buffer);
  }

  /** A view of the whole memory, grown to hold `floats` floats (growing detaches old views). */
  reserve(floats: number): Float32Array {
    const { memory } = this.wasm;
    const missing = floats * FLOAT_BYTES - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
    if (this.floats.buffer !== memory.buffer) this.floats = new Float32Array(memory.buffer);
    return this.floats;
  }
}

/** One B, packed in its own wasm memory, multiplied by As of any row count. */
export class WasmGemm {
  private readonly instance = new GemmInstance();
  private readonly wasm = this.instance.wasm;
  private readonly base = this.instance.base;
  private k = 0;
  private n = 0;
  private np = 0;
  /** Float index of the per-call area, just past packed B. */
  private scratch = 0;

  /** Packs B (k x n) into panels of WASM_NR columns, zero-padded to np columns. */
  setB(b: MatrixView, k: number, n: number): void {
    const np = Math.ceil(n / WASM_NR) * WASM_NR;
    this.k = k;
    this.n = n;
    this.np = np;
    this.scratch = alignUp(this.base + k * np);
    const f = this.instance.reserve(this.scratch);
    const { data, offset, rowStride, colStride } = b;
    let dst = this.base;
    for (let j0 = 0; j0 < np; j0 += WASM_NR) {
      const width = Math.min(WASM_NR, n - j0);
      for (let kk = 0; kk < k; kk++, dst += WASM_NR) {
        const row = offset + kk * rowStride + j0 * colStride;
        let j = 0;
        for (; j < width; j++) f[dst + j] = data[row + j * colStride];
        for (; j < WASM_NR; j++) f[dst + j] = 0;
      }
    }
  }

  /** C (m x n, row-major at c[cOffset..]) = A (m x k) * B. */
  multiply(m: number, a: MatrixView, c: Float32Array, cOffset: number): void {
    const { k, n, np, scratch } = this;
    if (m === 0 || n === 0) return;
    const aAt = scratch;
    const cAt = alignUp(aAt + m * k);
    const f = this.instance.reserve(cAt + m * np);
    const { data, offset, rowStride, colStride } = a;
    if (colStride === 1 && rowStride === k) {
      f.set(data.subarray(offset, offset + m * k), aAt);
    } else {
      for (let i = 0, dst = aAt; i < m; i++) {
        for (let kk = 0, src = offset + i * rowStride; kk < k; kk++, src += colStride) f[dst++] = data[src];
      }
    }
    this.wasm.gemm(aAt * FLOAT_BYTES, k, m, this.base * FLOAT_BYTES, k, np, cAt * FLOAT_BYTES);
    if (np === n) {
      c.set(f.subarray(cAt, cAt + m * n), cOffset);
    } else {
      for (let i = 0; i < m; i++) {
        for (let j = 0, src = cAt + i * np, dst = cOffset + i * n; j < n; j++) c[dst + j] = f[src + j];
      }
    }
  }
}
