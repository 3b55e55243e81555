/**
 * The float32 matrix product every linear op runs on: C[m,n] = sum_k A[m,k] * B[k,n], C
 * overwritten. https://en.wikipedia.org/wiki/Basic_Linear_Algebra_Subprograms#Level_3
 *
 * GotoBLAS-style: B is packed once (at load when it is a constant) into panels of NR columns,
 * k-major, zero-padded, so the micro-kernel reads it sequentially; A is packed per call into
 * panels of MR rows, which also absorbs transA and any strides. K is cut into blocks of KC so a
 * B panel block (KC x NR floats) stays in L1 while the micro-kernel sweeps the A panels.
 * The micro-kernel keeps a 4 x 4 tile of sums in locals: V8 has 16 float registers, and a
 * larger tile spills (4 x 8 measured slower). Sums are float64 (V8's number), rounded on store.
 */

/** Rows per A panel and columns per B panel (the register tile). */
export const MR = 4;
export const NR = 4;
/** K block: 256 x NR floats of B (4 KiB) plus 256 x MR of A stay in L1. */
export const KC = 256;

/** B (k x n) packed into ceil(n / NR) panels; panel p holds B[kk, p*NR + j] at p*k*NR + kk*NR + j. */
export interface PackedB {
  readonly k: number;
  readonly n: number;
  readonly data: Float32Array;
}

/** Where a matrix's element (i, j) lives: data[offset + i * rowStride + j * colStride]. */
export interface MatrixView {
  readonly data: Float32Array;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** Floats a packed B of k x n needs. */
export function packedBLength(k: number, n: number): number {
  return Math.ceil(n / NR) * NR * k;
}

/** Packs B (k x n, read through `b`) into `into` (reused when large enough). */
export function packB(b: MatrixView, k: number, n: number, into?: Float32Array): PackedB {
  const length = packedBLength(k, n);
  const data = into !== undefined && into.length >= length ? into : new Float32Array(length);
  const { data: src, offset, rowStride, colStride } = b;
  for (let p = 0, dst = 0; p * NR < n; p++) {
    const j0 = p * NR;
    const width = Math.min(NR, n - j0);
    for (let kk = 0; kk < k; kk++, dst += NR) {
      const row = offset + kk * rowStride + j0 * colStride;
      let j = 0;
      for (; j < width; j++) data[dst + j] = src[row + j * colStride];
      for (; j < NR; j++) data[dst + j] = 0;
    }
  }
  return { k, n, data };
}

/** Per-call scratch for packed A, grown as needed and never shrunk: no allocation per call. */
let packedA = new Float32Array(MR * KC * 64);

/** C (m x n, row-major at c[cOffset..]) = A (m x k) * B. */
export function sgemm(m: number, a: MatrixView, b: PackedB, c: Float32Array, cOffset: number): void {
  const { k, n } = b;
  if (m === 0 || n === 0) return;
  if (k === 0) {
    c.fill(0, cOffset, cOffset + m * n);
    return;
  }
  if (m === 1) {
    gemv(a, b, c, cOffset);
    return;
  }
  const panels = Math.ceil(m / MR);
  if (packedA.length < panels * MR * KC) packedA = new Float32Array(panels * MR * KC);
  const bp = b.data;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = Math.min(KC, k - k0);
    packA(a, m, k0, kc, packedA);
    for (let p = 0; p * NR < n; p++) {
      const bOffset = p * k * NR + k0 * NR;
      const j0 = p * NR;
      for (let q = 0; q < panels; q++) {
        microKernel(packedA, q * MR * kc, bp, bOffset, kc, c, cOffset, q * MR, j0, m, n, k0 > 0);
      }
    }
  }
}

/** A's rows, columns [k0, k0 + kc), into panels of MR rows, k-major, zero-padded past m. */
function packA(a: MatrixView, m: number, k0: number, kc: number, into: Float32Array): void {
  const { data, offset, rowStride, colStride } = a;
  for (let i0 = 0, dst = 0; i0 < m; i0 += MR) {
    for (let r = 0; r < MR; r++) {
      const i = i0 + r;
      if (i < m) {
        let src = offset + i * rowStride + k0 * colStride;
        for (let kk = 0, d = dst + r; kk < kc; kk++, d += MR, src += colStride) into[d] = data[src];
      } else {
        for (let kk = 0, d = dst + r; kk < kc; kk++, d += MR) into[d] = 0;
      }
    }
    dst += MR * kc;
  }
}

/** One MR x NR tile of C at (i0, j0), summing kc products; adds to C when `accumulate`. */
function microKernel(
  ap: Float32Array,
  aOffset: number,
  bp: Float32Array,
  bOffset: number,
  kc: number,
  c: Float32Array,
  cOffset: number,
  i0: number,
  j0: number,
  m: number,
  n: number,
  accumulate: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let kk = 0, ai = aOffset, bi = bOffset; kk < kc; kk++, ai += MR, bi += NR) {
    const b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
    const a0 = ap[ai];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    const a1 = ap[ai + 1];
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    const a2 = ap[ai + 2];
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    const a3 = ap[ai + 3];
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  const base = cOffset + i0 * n + j0;
  if (i0 + MR <= m && j0 + NR <= n) {
    if (accumulate) {
      c[base] += c00; c[base + 1] += c01; c[base + 2] += c02; c[base + 3] += c03;
      c[base + n] += c10; c[base + n + 1] += c11; c[base + n + 2] += c12; c[base + n + 3] += c13;
      const r2 = base + 2 * n, r3 = base + 3 * n;
      c[r2] += c20; c[r2 + 1] += c21; c[r2 + 2] += c22; c[r2 + 3] += c23;
      c[r3] += c30; c[r3 + 1] += c31; c[r3 + 2] += c32; c[r3 + 3] += c33;
    } else {
      c[base] = c00; c[base + 1] = c01; c[base + 2] = c02; c[base + 3] = c03;
      c[base + n] = c10; c[base + n + 1] = c11; c[base + n + 2] = c12; c[base + n + 3] = c13;
      const r2 = base + 2 * n, r3 = base + 3 * n;
      c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
      c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
    }
    return;
  }
  // Edge tile: only the rows and columns inside C.
  EDGE[0] = c00; EDGE[1] = c01; EDGE[2] = c02; EDGE[3] = c03;
  EDGE[4] = c10; EDGE[5] = c11; EDGE[6] = c12; EDGE[7] = c13;
  EDGE[8] = c20; EDGE[9] = c21; EDGE[10] = c22; EDGE[11] = c23;
  EDGE[12] = c30; EDGE[13] = c31; EDGE[14] = c32; EDGE[15] = c33;
  const rows = Math.min(MR, m - i0);
  const cols = Math.min(NR, n - j0);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const at = base + r * n + j;
      c[at] = accumulate ? c[at] + EDGE[r * NR + j] : EDGE[r * NR + j];
    }
  }
}

const EDGE = new Float64Array(MR * NR);

/** One row of A times B: NR sums per panel, B read once, sequentially. */
function gemv(a: MatrixView, b: PackedB, c: Float32Array, cOffset: number): void {
  const { k, n, data: bp } = b;
  const { data, offset, colStride } = a;
  for (let p = 0, bi = 0; p * NR < n; p++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let kk = 0, ai = offset; kk < k; kk++, ai += colStride, bi += NR) {
      const v = data[ai];
      s0 += v * bp[bi]; s1 += v * bp[bi + 1]; s2 += v * bp[bi + 2]; s3 += v * bp[bi + 3];
    }
    const j0 = p * NR;
    const at = cOffset + j0;
    if (j0 + NR <= n) {
      c[at] = s0; c[at + 1] = s1; c[at + 2] = s2; c[at + 3] = s3;
    } else {
      EDGE[0] = s0; EDGE[1] = s1; EDGE[2] = s2; EDGE[3] = s3;
      for (let j = 0; j < n - j0; j++) c[at + j] = EDGE[j];
    }
  }
}
