/**
 * WebAssembly SIMD float32 kernels for the linear ops, in AssemblyScript: the GEMM
 * C[m, np] = A[m, k] * Bp (A row-major with row stride `lda` floats, Bp packed by the caller into
 * np / 8 panels of 8 columns, k-major: panel p holds B[kk, 8p + j] at p*k*8 + kk*8 + j,
 * zero-padded; C row-major with row stride np), Conv's patch packing and its depthwise loop.
 * Compiled into ../gemm.wasm with
 *   asc src/kernels/wasm/assembly/gemm.ts --config src/kernels/wasm/assembly/asconfig.json -o src/kernels/wasm/gemm.wasm
 * and loaded by src/kernels/sgemmWasm.ts, which owns the memory layout.
 *
 * The 4 x 8 register tile holds 8 f32x4 sums, 2 B vectors and 1 broadcast A value: 11 of the
 * 16 SIMD registers, so nothing spills (6 x 8, packed A panels and a k loop unrolled by two
 * measured no faster). K is cut into blocks of KC so a B panel block (KC x 8 floats, 8 KiB) stays
 * in L1 while the tile sweeps a block of MC rows of A, which stays in L2. Products are rounded to
 * float32 before each add (no FMA in baseline wasm SIMD).
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
 * volume. Lanes past `count` are zero. `geometry` holds 3-D i32 vectors: input, output, kernel,
 * strides, dilations, padBegin (18 values), then room for 24 more (the panel's lane origins).
 * A panel is written in order, 8 lanes per row j; when its 8 pixels sit in one output row with
 * stride 1 and a row j reads inside X, the 8 values are two vector copies.
 */
export function im2colPanels(x: usize, channels: i32, geometry: usize, first: i32, count: i32, bp: usize): void {
  const inD = load<i32>(geometry, 0), inH = load<i32>(geometry, 4), inW = load<i32>(geometry, 8);
  const outH = load<i32>(geometry, 16), outW = load<i32>(geometry, 20);
  const kD = load<i32>(geometry, 24), kH = load<i32>(geometry, 28), kW = load<i32>(geometry, 32);
  const sD = load<i32>(geometry, 36), sH = load<i32>(geometry, 40), sW = load<i32>(geometry, 44);
  const dD = load<i32>(geometry, 48), dH = load<i32>(geometry, 52), dW = load<i32>(geometry, 56);
  const pD = load<i32>(geometry, 60), pH = load<i32>(geometry, 64), pW = load<i32>(geometry, 68);
  const lanes = geometry + 72; // d0[8], h0[8], w0[8]
  const plane = inD * inH * inW;
  let dst = bp;
  for (let p0: i32 = 0; p0 < count; p0 += 8) {
    for (let lane: i32 = 0; lane < 8; lane++) {
      const pixel = first + p0 + lane;
      const ow = pixel % outW;
      const rest = pixel / outW;
      const valid = p0 + lane < count;
      // A lane past `count` gets an origin far outside X, so it reads zeros.
      store<i32>(lanes + (<usize>lane << 2), valid ? (rest / outH) * sD - pD : -0x40000000);
      store<i32>(lanes + (<usize>lane << 2), (rest % outH) * sH - pH, 32);
      store<i32>(lanes + (<usize>lane << 2), ow * sW - pW, 64);
    }
    const d0 = load<i32>(lanes), h0 = load<i32>(lanes, 32), w0 = load<i32>(lanes, 64);
    const oneRow = sW == 1 && load<i32>(lanes, 28) == d0 && load<i32>(lanes, 60) == h0 && load<i32>(lanes, 92) == w0 + 7;
    for (let c: i32 = 0; c < channels; c++) {
      const xc = x + (<usize>(c * plane) << 2);
      for (let kd: i32 = 0; kd < kD; kd++) {
        for (let kh: i32 = 0; kh < kH; kh++) {
          for (let kw: i32 = 0; kw < kW; kw++, dst += 32) {
            if (oneRow) {
              const id = d0 + kd * dD, ih = h0 + kh * dH, iw = w0 + kw * dW;
              if (id >= 0 && id < inD && ih >= 0 && ih < inH && iw >= 0 && iw + 8 <= inW) {
                const src = xc + (<usize>((id * inH + ih) * inW + iw) << 2);
                v128.store(dst, v128.load(src));
                v128.store(dst, v128.load(src, 16), 16);
                continue;
              }
            }
            for (let lane: usize = 0; lane < 32; lane += 4) {
              const id = load<i32>(lanes + lane) + kd * dD;
              const ih = load<i32>(lanes + lane, 32) + kh * dH;
              const iw = load<i32>(lanes + lane, 64) + kw * dW;
              // An if, not a select: a load from outside X must not run at all.
              let v: f32 = 0;
              if (id >= 0 && id < inD && ih >= 0 && ih < inH && iw >= 0 && iw < inW) {
                v = load<f32>(xc + (<usize>((id * inH + ih) * inW + iw) << 2));
              }
              store<f32>(dst + lane, v);
            }
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

/**
 * Depthwise conv (one input and one output channel per group) over `planes` planes of X at x
 * into Y at y, tap by tap: each tap adds weight * X along every output row over the columns
 * where it lands inside X, four columns at a time when the stride is 1. W holds `kernel volume`
 * weights per channel; `geometry` as for im2colPanels.
 */
export function depthwise(x: usize, y: usize, planes: i32, channels: i32, w: usize, bias: usize, hasBias: bool, geometry: usize): void {
  const inD = load<i32>(geometry, 0), inH = load<i32>(geometry, 4), inW = load<i32>(geometry, 8);
  const outD = load<i32>(geometry, 12), outH = load<i32>(geometry, 16), outW = load<i32>(geometry, 20);
  const kD = load<i32>(geometry, 24), kH = load<i32>(geometry, 28), kW = load<i32>(geometry, 32);
  const sD = load<i32>(geometry, 36), sH = load<i32>(geometry, 40), sW = load<i32>(geometry, 44);
  const dD = load<i32>(geometry, 48), dH = load<i32>(geometry, 52), dW = load<i32>(geometry, 56);
  const pD = load<i32>(geometry, 60), pH = load<i32>(geometry, 64), pW = load<i32>(geometry, 68);
  const inPlane = inD * inH * inW;
  const outPlane = outD * outH * outW;
  for (let plane: i32 = 0; plane < planes; plane++) {
    const channel = plane % channels;
    const xPlane = x + (<usize>(plane * inPlane) << 2);
    const yPlane = y + (<usize>(plane * outPlane) << 2);
    const start: f32 = hasBias ? load<f32>(bias + (<usize>channel << 2)) : 0;
    for (let i: i32 = 0; i < outPlane; i++) store<f32>(yPlane + (<usize>i << 2), start);
    let tap = w + (<usize>(channel * kD * kH * kW) << 2);
    for (let kd: i32 = 0; kd < kD; kd++) {
      for (let kh: i32 = 0; kh < kH; kh++) {
        for (let kw: i32 = 0; kw < kW; kw++, tap += 4) {
          const weight = load<f32>(tap);
          const weights = f32x4.splat(weight);
          const shift = kw * dW - pW;
          // Output columns whose input column ow * sW + shift lies in [0, inW).
          const first = shift >= 0 ? 0 : (sW - 1 - shift) / sW;
          const last = inW - 1 - shift;
          const end = last < 0 ? 0 : min(outW, last / sW + 1);
          for (let od: i32 = 0; od < outD; od++) {
            const id = od * sD - pD + kd * dD;
            if (id < 0 || id >= inD) continue;
            for (let oh: i32 = 0; oh < outH; oh++) {
              const ih = oh * sH - pH + kh * dH;
              if (ih < 0 || ih >= inH) continue;
              const xRow = xPlane + (<usize>((id * inH + ih) * inW + shift) << 2);
              const yRow = yPlane + (<usize>((od * outH + oh) * outW) << 2);
              let ow = first;
              if (sW == 1) {
                for (; ow + 4 <= end; ow += 4) {
                  const at = yRow + (<usize>ow << 2);
                  v128.store(at, f32x4.add(v128.load(at), f32x4.mul(weights, v128.load(xRow + (<usize>ow << 2)))));
                }
              }
              for (; ow < end; ow++) {
                const at = yRow + (<usize>ow << 2);
                store<f32>(at, load<f32>(at) + weight * load<f32>(xRow + (<usize>(ow * sW) << 2)));
              }
            }
          }
        }
      }
    }
  }
}
