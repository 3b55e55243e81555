/**
 * WebAssembly SIMD float32 GEMM micro-kernels, in AssemblyScript:
 * C[m, np] = A[m, k] * Bp, A row-major with row stride `lda` floats, Bp packed by the caller into
 * np / 8 panels of 8 columns, k-major (panel p holds B[kk, 8p + j] at p*k*8 + kk*8 + j,
 * zero-padded), C row-major with row stride np. Compiled into ../gemm.wasm with
 *   asc src/kernels/wasm/assembly/gemm.ts --config src/kernels/wasm/assembly/asconfig.json -o src/kernels/wasm/gemm.wasm
 * and loaded by src/kernels/sgemmWasm.ts, which owns the memory layout.
 *
 * The 4 x 8 register tile holds 8 f32x4 sums, 2 B vectors and 1 broadcast A value: 11 of the
 * 16 SIMD registers, so nothing spills (6 x 8 and a k loop unrolled by two measured slower). K is cut into blocks of KC so a B panel block (KC x 8
 * floats, 8 KiB) stays in L1 while the tile sweeps A's rows. Products are rounded to float32
 * before each add (no FMA in baseline wasm SIMD).
 */

const KC: i32 = 256;
/** Row block: MC x KC floats of A (64 KiB) stay in L2 while every B panel passes over them. */
const MC: i32 = 64;

/** Start of the memory the loader may use: nothing is allocated here (runtime stub). */
export function heapBase(): usize {
  return __heap_base;
}

export function gemm(a: usize, lda: i32, m: i32, bp: usize, k: i32, np: i32, c: usize): void {
  const rowBytes = <usize>lda << 2;
  const cRowBytes = <usize>np << 2;
  for (let k0: i32 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    const add = k0 > 0;
    for (let i0: i32 = 0; i0 < m; i0 += MC) {
      const i1 = min(i0 + MC, m);
      for (let j0: i32 = 0; j0 < np; j0 += 8) {
        const b = bp + ((<usize>j0 * <usize>k + <usize>k0 * 8) << 2);
        let i = i0;
        for (; i + 4 <= i1; i += 4) {
          tile4x8(a + <usize>i * rowBytes + (<usize>k0 << 2), rowBytes, b, kc, c + <usize>i * cRowBytes + (<usize>j0 << 2), cRowBytes, add);
        }
        for (; i < i1; i++) {
          tile1x8(a + <usize>i * rowBytes + (<usize>k0 << 2), b, kc, c + <usize>i * cRowBytes + (<usize>j0 << 2), add);
        }
      }
    }
  }
}

// @ts-ignore: decorator (AssemblyScript inlines; TypeScript allows decorators on classes only)
@inline function tile4x8(a: usize, rowBytes: usize, b: usize, kc: i32, c: usize, cRowBytes: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const a1 = a + rowBytes;
  const a2 = a1 + rowBytes;
  const a3 = a2 + rowBytes;
  const end = <usize>kc << 2;
  for (let kk: usize = 0; kk < end; kk += 4) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    b += 32;
    let x = v128.load32_splat(a + kk);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a1 + kk);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a2 + kk);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a3 + kk);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
  }
  if (add) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + cRowBytes)); c11 = f32x4.add(c11, v128.load(c + cRowBytes, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * cRowBytes)); c21 = f32x4.add(c21, v128.load(c + 2 * cRowBytes, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * cRowBytes)); c31 = f32x4.add(c31, v128.load(c + 3 * cRowBytes, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + cRowBytes, c10); v128.store(c + cRowBytes, c11, 16);
  v128.store(c + 2 * cRowBytes, c20); v128.store(c + 2 * cRowBytes, c21, 16);
  v128.store(c + 3 * cRowBytes, c30); v128.store(c + 3 * cRowBytes, c31, 16);
}

/** One row: two independent sum chains per half-panel hide the add latency. */
// @ts-ignore: decorator
@inline function tile1x8(a: usize, b: usize, kc: i32, c: usize, add: bool): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  let t0 = f32x4.splat(0), t1 = f32x4.splat(0);
  const end = <usize>kc << 2;
  let kk: usize = 0;
  for (; kk + 4 < end; kk += 8) {
    const x = v128.load32_splat(a + kk);
    const y = v128.load32_splat(a + kk, 4);
    s0 = f32x4.add(s0, f32x4.mul(x, v128.load(b)));
    s1 = f32x4.add(s1, f32x4.mul(x, v128.load(b, 16)));
    t0 = f32x4.add(t0, f32x4.mul(y, v128.load(b, 32)));
    t1 = f32x4.add(t1, f32x4.mul(y, v128.load(b, 48)));
    b += 64;
  }
  if (kk < end) {
    const x = v128.load32_splat(a + kk);
    s0 = f32x4.add(s0, f32x4.mul(x, v128.load(b)));
    s1 = f32x4.add(s1, f32x4.mul(x, v128.load(b, 16)));
  }
  s0 = f32x4.add(s0, t0);
  s1 = f32x4.add(s1, t1);
  if (add) {
    s0 = f32x4.add(s0, v128.load(c));
    s1 = f32x4.add(s1, v128.load(c, 16));
  }
  v128.store(c, s0);
  v128.store(c, s1, 16);
}


/**
 * Conv patches straight into packed B panels: column p of B is output pixel first + p, row
 * j = (c, kd, kh, kw) reads X[c, od*sD - pD + kd*dD, oh*sH - pH + kh*dH, ow*sW - pW + kw*dW] (zero
 * in the padding), so B[j, p] lands at ((p >> 3) * k + j) * 8 + (p & 7), k = channels * kernel
 * volume. Lanes past `count` in the last panel are zero. Geometry comes as 3-D arrays of i32 at
 * `geometry`: input, output, kernel, strides, dilations, padBegin (18 values).
 */
export function im2colPanels(x: usize, channels: i32, geometry: usize, first: i32, count: i32, bp: usize): void {
  const inD = load<i32>(geometry, 0), inH = load<i32>(geometry, 4), inW = load<i32>(geometry, 8);
  const outH = load<i32>(geometry, 16), outW = load<i32>(geometry, 20);
  const kD = load<i32>(geometry, 24), kH = load<i32>(geometry, 28), kW = load<i32>(geometry, 32);
  const sD = load<i32>(geometry, 36), sH = load<i32>(geometry, 40), sW = load<i32>(geometry, 44);
  const dD = load<i32>(geometry, 48), dH = load<i32>(geometry, 52), dW = load<i32>(geometry, 56);
  const pD = load<i32>(geometry, 60), pH = load<i32>(geometry, 64), pW = load<i32>(geometry, 68);
  const k = channels * kD * kH * kW;
  const plane = inD * inH * inW;
  const padded = (count + 7) & ~7;
  for (let p: i32 = 0; p < padded; p++) {
    let dst = bp + ((<usize>(p >> 3) * <usize>k * 8 + <usize>(p & 7)) << 2);
    if (p >= count) {
      for (let j: i32 = 0; j < k; j++, dst += 32) store<f32>(dst, 0);
      continue;
    }
    const pixel = first + p;
    const ow = pixel % outW;
    const rest = pixel / outW;
    const oh = rest % outH;
    const od = rest / outH;
    for (let c: i32 = 0; c < channels; c++) {
      for (let kd: i32 = 0; kd < kD; kd++) {
        const id = od * sD - pD + kd * dD;
        for (let kh: i32 = 0; kh < kH; kh++) {
          const ih = oh * sH - pH + kh * dH;
          const inside = id >= 0 && id < inD && ih >= 0 && ih < inH;
          const row = x + (<usize>(c * plane + (id * inH + ih) * inW) << 2);
          for (let kw: i32 = 0, iw = ow * sW - pW; kw < kW; kw++, iw += dW, dst += 32) {
            // An if, not a select: a load from outside X must not run at all.
            let v: f32 = 0;
            if (inside && iw >= 0 && iw < inW) v = load<f32>(row + (<usize>iw << 2));
            store<f32>(dst, v);
          }
        }
      }
    }
  }
}

/** c[i, j] += bias[i] for the m rows of np columns at c. */
export function addRowBias(c: usize, m: i32, np: i32, bias: usize): void {
  for (let i: i32 = 0; i < m; i++) {
    const b = f32x4.splat(load<f32>(bias + (<usize>i << 2)));
    const row = c + ((<usize>i * <usize>np) << 2);
    for (let j: usize = 0, end = <usize>np << 2; j < end; j += 16) v128.store(row + j, f32x4.add(v128.load(row + j), b));
  }
}
