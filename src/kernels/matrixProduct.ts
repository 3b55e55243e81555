/**
 * One B matrix, packed, multiplied by As of any row count: the object Gemm, MatMul, Conv and
 * ConvTranspose hold per weight. It runs on the wasm SIMD GEMM when that loaded, else on the
 * TypeScript sgemm; both compute C = A * B in float32 with the same K blocking.
 */
import { packB, sgemm, type MatrixView, type PackedB } from './sgemm.js';
import { WasmGemm, wasmSgemmAvailable } from './sgemmWasm.js';

export type { MatrixView } from './sgemm.js';

export interface MatrixProduct {
  /** The k x n matrix B, read through `b` and packed (reusing this product's storage). */
  setB(b: MatrixView, k: number, n: number): void;
  /** C (m x n, row-major at c[cOffset..]) = A (m x k) * B. */
  multiply(m: number, a: MatrixView, c: Float32Array, cOffset: number): void;
}

/** 'auto': wasm when it loaded; 'typescript': the TypeScript sgemm. For tests and benchmarks. */
export type SgemmBackend = 'auto' | 'typescript';

let backend: SgemmBackend = 'auto';

/** Chooses the backend of products created from now on. */
export function setSgemmBackend(mode: SgemmBackend): void {
  backend = mode;
}

export function createMatrixProduct(): MatrixProduct {
  return backend === 'auto' && wasmSgemmAvailable() ? new WasmProduct() : new TypeScriptProduct();
}

/** A row-major m x n matrix at data[offset..], optionally read transposed (then stored n x m). */
export function matrixView(data: Float32Array, offset: number, columns: number, transposed = false): MatrixView {
  return transposed
    ? { data, offset, rowStride: 1, colStride: columns }
    : { data, offset, rowStride: columns, colStride: 1 };
}

class TypeScriptProduct implements MatrixProduct {
  private packed: PackedB | undefined;

  setB(b: MatrixView, k: number, n: number): void {
    this.packed = packB(b, k, n, this.packed?.data);
  }

  multiply(m: number, a: MatrixView, c: Float32Array, cOffset: number): void {
    if (this.packed === undefined) throw new Error('MatrixProduct: multiply before setB');
    sgemm(m, a, this.packed, c, cOffset);
  }
}

class WasmProduct implements MatrixProduct {
  private readonly gemm = new WasmGemm();
  private k = -1;
  private n = 0;

  setB(b: MatrixView, k: number, n: number): void {
    this.k = k;
    this.n = n;
    this.gemm.setB(b, k, n);
  }

  multiply(m: number, a: MatrixView, c: Float32Array, cOffset: number): void {
    if (this.k < 0) throw new Error('MatrixProduct: multiply before setB');
    // The kernel sums nothing when k = 0; C is then all zeros.
    if (this.k === 0) c.fill(0, cOffset, cOffset + m * this.n);
    else this.gemm.multiply(m, a, c, cOffset);
  }
}

/** Whether products created now run on wasm (ops with a wasm-specific layout ask this). */
export function wasmProductsEnabled(): boolean {
  return backend === 'auto' && wasmSgemmAvailable();
}
