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
 * strides, dilations, padBegin (18 values). When panels line up with output rows (rows a
 * multiple of 8 wide) a panel is written in order, 8 lanes per row j, as vector copies where
 * row j reads inside X with stride 1 or 2; otherwise im2colRows copies row by row.
 */
export function im2colPanels(x: usize, channels: i32, geometry: usize, first: i32, count: i32, bp: usize): void {
  const inD = load<i32>(geometry, 0), inH = load<i32>(geometry, 4), inW = load<i32>(geometry, 8);
  const outH = load<i32>(geometry, 16), outW = load<i32>(geometry, 20);
  const kD = load<i32>(geometry, 24), kH = load<i32>(geometry, 28), kW = load<i32>(geometry, 32);
  const sD = load<i32>(geometry, 36), sH = load<i32>(geometry, 40), sW = load<i32>(geometry, 44);
  const dD = load<i32>(geometry, 48), dH = load<i32>(geometry, 52), dW = load<i32>(geometry, 56);
  const pD = load<i32>(geometry, 60), pH = load<i32>(geometry, 64), pW = load<i32>(geometry, 68);
  const plane = inD * inH * inW;
  if (outW & 7 || first & 7 || count & 7) {
    im2colRows(x, channels, geometry, first, count, bp);
    return;
  }
  // Every panel is 8 pixels of one output row, reading 8 consecutive columns of X.
  let dst = bp;
  for (let p0: i32 = 0; p0 < count; p0 += 8) {
    const pixel = first + p0;
    const ow = pixel % outW;
    const rest = pixel / outW;
    const d0 = (rest / outH) * sD - pD, h0 = (rest % outH) * sH - pH, w0 = ow * sW - pW;
    for (let c: i32 = 0; c < channels; c++) {
      const xc = x + (<usize>(c * plane) << 2);
      for (let kd: i32 = 0; kd < kD; kd++) {
        const id = d0 + kd * dD;
        for (let kh: i32 = 0; kh < kH; kh++) {
          const ih = h0 + kh * dH;
          const inside = id >= 0 && id < inD && ih >= 0 && ih < inH;
          const row = xc + (<usize>((id * inH + ih) * inW) << 2);
          for (let kw: i32 = 0; kw < kW; kw++, dst += 32) {
            const iw = w0 + kw * dW;
            if (inside && iw >= 0) {
              const src = row + (<usize>iw << 2);
              if (sW == 1 && iw + 8 <= inW) {
                v128.store(dst, v128.load(src));
                v128.store(dst, v128.load(src, 16), 16);
                continue;
              }
              // Stride 2: the even lanes of 16 floats (the last one read but unused).
              if (sW == 2 && iw + 15 <= inW) {
                v128.store(dst, v128.shuffle<f32>(v128.load(src), v128.load(src, 16), 0, 2, 4, 6));
                v128.store(dst, v128.shuffle<f32>(v128.load(src, 32), v128.load(src, 48), 0, 2, 4, 6), 16);
                continue;
              }
            }
            for (let lane: i32 = 0; lane < 8; lane++) {
              // An if, not a select: a load from outside X must not run at all.
              const at = iw + lane * sW;
              let v: f32 = 0;
              if (inside && at >= 0 && at < inW) v = load<f32>(row + (<usize>at << 2));
              store<f32>(dst + (<usize>lane << 2), v);
            }
          }
        }
      }
    }
  }
}

/**
 * im2colPanels where panels do not line up with output rows (a stride past 1, or rows not a
 * multiple of 8 wide): the panels are zeroed, then each patch row j = (c, kd, kh, kw) is copied
 * output row by output row over the columns whose input lies inside X (worked out once per
 * row), so the inner loop has no bounds tests.
 */
function im2colRows(x: usize, channels: i32, geometry: usize, first: i32, count: i32, bp: usize): void {
  const inD = load<i32>(geometry, 0), inH = load<i32>(geometry, 4), inW = load<i32>(geometry, 8);
  const outH = load<i32>(geometry, 16), outW = load<i32>(geometry, 20);
  const kD = load<i32>(geometry, 24), kH = load<i32>(geometry, 28), kW = load<i32>(geometry, 32);
  const sD = load<i32>(geometry, 36), sH = load<i32>(geometry, 40), sW = load<i32>(geometry, 44);
  const dD = load<i32>(geometry, 48), dH = load<i32>(geometry, 52), dW = load<i32>(geometry, 56);
  const pD = load<i32>(geometry, 60), pH = load<i32>(geometry, 64), pW = load<i32>(geometry, 68);
  const plane = inD * inH * inW;
  const k = channels * kD * kH * kW;
  const np = (count + 7) & ~7;
  memory.fill(bp, 0, (<usize>k * <usize>np) << 2);
  const panelBytes = <usize>k << 5;
  const end = first + count;
  const firstRow = first / outW;
  const lastRow = (end - 1) / outW;
  let j: i32 = 0;
  for (let c: i32 = 0; c < channels; c++) {
    const xc = x + (<usize>(c * plane) << 2);
    for (let kd: i32 = 0; kd < kD; kd++) {
      for (let kh: i32 = 0; kh < kH; kh++) {
        for (let kw: i32 = 0; kw < kW; kw++, j++) {
          const shift = kw * dW - pW;
          // Output columns whose input column ow * sW + shift lies in [0, inW).
          const colFirst = shift >= 0 ? 0 : (sW - 1 - shift) / sW;
          const last = inW - 1 - shift;
          const colEnd = last < 0 ? 0 : min(outW, last / sW + 1);
          const jBytes = bp + (<usize>j << 5);
          for (let row: i32 = firstRow; row <= lastRow; row++) {
            const od = row / outH, oh = row % outH;
            const id = od * sD - pD + kd * dD;
            const ih = oh * sH - pH + kh * dH;
            if (id < 0 || id >= inD || ih < 0 || ih >= inH) continue;
            const rowStart = row * outW;
            const from = max(colFirst, first - rowStart);
            const to = min(colEnd, end - rowStart);
            const src = xc + (<usize>((id * inH + ih) * inW + shift) << 2);
            for (let ow: i32 = from; ow < to; ow++) {
              const p = rowStart + ow - first;
              const dst = jBytes + <usize>(p >> 3) * panelBytes + (<usize>(p & 7) << 2);
              store<f32>(dst, load<f32>(src + (<usize>(ow * sW) << 2)));
            }
          }
        }
      }
    }
  }
}

/**
 * The m rows of np columns at c, plus bias[i] on row i when hasBias, moved to rows of `count`
 * columns (count <= np) so that they are one contiguous block.
 */
export function finishRows(c: usize, m: i32, np: i32, count: i32, bias: usize, hasBias: bool): void {
  const rowBytes = <usize>np << 2;
  const outBytes = <usize>count << 2;
  for (let i: i32 = 0; i < m; i++) {
    const b = hasBias ? load<f32>(bias + (<usize>i << 2)) : <f32>0;
    const bv = f32x4.splat(b);
    const src = c + <usize>i * rowBytes;
    const dst = c + <usize>i * outBytes;
    let j: usize = 0;
    // dst <= src: a forward copy reads every value before it is overwritten.
    for (; j + 16 <= outBytes; j += 16) v128.store(dst + j, f32x4.add(v128.load(src + j), bv));
    for (; j < outBytes; j += 4) store<f32>(dst + j, load<f32>(src + j) + b);
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

/**
 * Depthwise conv (one input and one output channel per group) over `planes` planes of a
 * zero-padded copy of X at xp (planes `planeStride` floats apart; plane q is channel
 * q % channels) into Y at y (planes of `count` floats), vectorised over output pixels: output
 * pixel p's tap j reads xp + pixels[p] + offsets[j] (byte offsets, as for convDirect), so
 * strides, dilations and padding live in the two tables. Four pixels per f32x4, sixteen at a time
 * (four independent sums) where runs are adjacent, else eight at a time; a run of four loads at once when its pixels are adjacent in X (stride 1
 * within a row), else it is gathered lane by lane. W holds per channel its k taps, each splatted
 * to 4 lanes; `bias` one float per channel (zeros when none). Sums run in tap order from zero,
 * bias added last, leftover pixels the same way one at a time.
 */
export function depthwiseDirect(xp: usize, planeStride: i32, planes: i32, channels: i32, offsets: usize, k: i32, pixels: usize, count: i32, w: usize, bias: usize, y: usize): void {
  const kBytes = <usize>k << 2;
  const planeBytes = <usize>planeStride << 2;
  const outBytes = <usize>count << 2;
  let channel: i32 = 0;
  for (let q: i32 = 0; q < planes; q++) {
    const xq = xp + <usize>q * planeBytes;
    const wq = w + ((<usize>channel * kBytes) << 2);
    const bq = bias + (<usize>channel << 2);
    const bv = v128.load32_splat(bq);
    const yq = y + <usize>q * outBytes;
    let p: i32 = 0;
    for (; p + 16 <= count; p += 16) {
      const px = pixels + (<usize>p << 2);
      const a0 = load<i32>(px), a4 = load<i32>(px, 16), a8 = load<i32>(px, 32), a12 = load<i32>(px, 48);
      if (load<i32>(px, 12) - a0 != 12 || load<i32>(px, 28) - a4 != 12 || load<i32>(px, 44) - a8 != 12 || load<i32>(px, 60) - a12 != 12) {
        depthwise8(xq, px, offsets, kBytes, wq, bv, yq + (<usize>p << 2));
        depthwise8(xq, px + 32, offsets, kBytes, wq, bv, yq + (<usize>p << 2) + 32);
        continue;
      }
      // Four runs of four adjacent pixels: four independent sums hide the add latency.
      const x0 = xq + <usize>a0, x4 = xq + <usize>a4, x8 = xq + <usize>a8, x12 = xq + <usize>a12;
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      for (let j: usize = 0; j < kBytes; j += 4) {
        const off = <usize>load<i32>(offsets + j);
        const wv = v128.load(wq + (j << 2));
        s0 = f32x4.add(s0, f32x4.mul(v128.load(x0 + off), wv));
        s1 = f32x4.add(s1, f32x4.mul(v128.load(x4 + off), wv));
        s2 = f32x4.add(s2, f32x4.mul(v128.load(x8 + off), wv));
        s3 = f32x4.add(s3, f32x4.mul(v128.load(x12 + off), wv));
      }
      const at = yq + (<usize>p << 2);
      v128.store(at, f32x4.add(s0, bv));
      v128.store(at, f32x4.add(s1, bv), 16);
      v128.store(at, f32x4.add(s2, bv), 32);
      v128.store(at, f32x4.add(s3, bv), 48);
    }
    for (; p + 8 <= count; p += 8) depthwise8(xq, pixels + (<usize>p << 2), offsets, kBytes, wq, bv, yq + (<usize>p << 2));
    for (; p + 4 <= count; p += 4) {
      const px = pixels + (<usize>p << 2);
      const a0 = load<i32>(px), a3 = load<i32>(px, 12);
      const x0 = xq + <usize>a0;
      let s0 = f32x4.splat(0);
      if (a3 - a0 == 12) {
        for (let j: usize = 0; j < kBytes; j += 4) {
          s0 = f32x4.add(s0, f32x4.mul(v128.load(x0 + <usize>load<i32>(offsets + j)), v128.load(wq + (j << 2))));
        }
      } else {
        const x1 = xq + <usize>load<i32>(px, 4), x2 = xq + <usize>load<i32>(px, 8), x3 = xq + <usize>a3;
        for (let j: usize = 0; j < kBytes; j += 4) {
          const off = <usize>load<i32>(offsets + j);
          s0 = f32x4.add(s0, f32x4.mul(gather4(x0 + off, x1 + off, x2 + off, x3 + off), v128.load(wq + (j << 2))));
        }
      }
      v128.store(yq + (<usize>p << 2), f32x4.add(s0, bv));
    }
    const b: f32 = load<f32>(bq);
    for (; p < count; p++) {
      const x0 = xq + <usize>load<i32>(pixels + (<usize>p << 2));
      let s: f32 = 0;
      for (let j: usize = 0; j < kBytes; j += 4) s += load<f32>(x0 + <usize>load<i32>(offsets + j)) * load<f32>(wq + (j << 2));
      store<f32>(yq + (<usize>p << 2), s + b);
    }
    if (++channel == channels) channel = 0;
  }
}

/** depthwiseDirect's eight pixels from the pixel table at px: two runs of four, loaded or gathered. */
// @ts-ignore: decorator
@inline function depthwise8(xq: usize, px: usize, offsets: usize, kBytes: usize, wq: usize, bv: v128, at: usize): void {
  const a0 = load<i32>(px), a3 = load<i32>(px, 12), a4 = load<i32>(px, 16), a7 = load<i32>(px, 28);
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  const x0 = xq + <usize>a0, x4 = xq + <usize>a4;
  if (a3 - a0 == 12 && a7 - a4 == 12) {
    for (let j: usize = 0; j < kBytes; j += 4) {
      const off = <usize>load<i32>(offsets + j);
      const wv = v128.load(wq + (j << 2));
      s0 = f32x4.add(s0, f32x4.mul(v128.load(x0 + off), wv));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(x4 + off), wv));
    }
  } else {
    const x1 = xq + <usize>load<i32>(px, 4), x2 = xq + <usize>load<i32>(px, 8), x3 = xq + <usize>a3;
    const x5 = xq + <usize>load<i32>(px, 20), x6 = xq + <usize>load<i32>(px, 24), x7 = xq + <usize>a7;
    for (let j: usize = 0; j < kBytes; j += 4) {
      const off = <usize>load<i32>(offsets + j);
      const wv = v128.load(wq + (j << 2));
      s0 = f32x4.add(s0, f32x4.mul(gather4(x0 + off, x1 + off, x2 + off, x3 + off), wv));
      s1 = f32x4.add(s1, f32x4.mul(gather4(x4 + off, x5 + off, x6 + off, x7 + off), wv));
    }
  }
  v128.store(at, f32x4.add(s0, bv));
  v128.store(at, f32x4.add(s1, bv), 16);
}

/** Four floats from four addresses, as one f32x4. */
// @ts-ignore: decorator
@inline function gather4(a: usize, b: usize, c: usize, d: usize): v128 {
  let v = v128.load32_zero(a);
  v = v128.load32_lane(b, v, 1);
  v = v128.load32_lane(c, v, 2);
  return v128.load32_lane(d, v, 3);
}

/**
 * 2-D MaxPool without dilation over `planes` planes of X at x into Y at y (the window as for
 * im2colPanels, depth 1). Per output row, the max over the window's rows inside X goes into a
 * row buffer at tmp (`pW` slots in, -Infinity around it, written by the caller), then each
 * output takes the max over its kW columns of that buffer, four outputs at a time when the
 * stride is 1 or 2. f32 max propagates NaN. Y may be written up to 3 floats past its end.
 */
export function maxPool2d(x: usize, y: usize, planes: i32, geometry: usize, tmp: usize): void {
  const inH = load<i32>(geometry, 4), inW = load<i32>(geometry, 8);
  const outH = load<i32>(geometry, 16), outW = load<i32>(geometry, 20);
  const kH = load<i32>(geometry, 28), kW = load<i32>(geometry, 32);
  const sH = load<i32>(geometry, 40), sW = load<i32>(geometry, 44);
  const pH = load<i32>(geometry, 64), pW = load<i32>(geometry, 68);
  const rowBytes = <usize>inW << 2;
  const inner = tmp + (<usize>pW << 2);
  const vectorEnd = rowBytes & ~15;
  const quads = (outW + 3) & ~3;
  const lowest = f32x4.splat(-Infinity);
  let out = y;
  for (let plane: i32 = 0; plane < planes; plane++) {
    const xPlane = x + <usize>plane * <usize>inH * rowBytes;
    for (let oh: i32 = 0; oh < outH; oh++) {
      const h0 = oh * sH - pH;
      const r0 = max(0, h0), r1 = min(inH, h0 + kH);
      if (r1 <= r0) {
        for (let ow: i32 = 0; ow < quads; ow += 4) v128.store(out + (<usize>ow << 2), lowest);
        out += <usize>outW << 2;
        continue;
      }
      const first = xPlane + <usize>r0 * rowBytes;
      memory.copy(inner, first, rowBytes);
      for (let r = r0 + 1; r < r1; r++) {
        const src = xPlane + <usize>r * rowBytes;
        let j: usize = 0;
        for (; j < vectorEnd; j += 16) v128.store(inner + j, f32x4.max(v128.load(inner + j), v128.load(src + j)));
        for (; j < rowBytes; j += 4) store<f32>(inner + j, max(load<f32>(inner + j), load<f32>(src + j)));
      }
      if (sW == 2) {
        for (let ow: i32 = 0; ow < quads; ow += 4) {
          const t = tmp + (<usize>(ow * 2) << 2);
          let best = lowest;
          for (let kw: i32 = 0; kw < kW; kw++) {
            const at = t + (<usize>kw << 2);
            best = f32x4.max(best, v128.shuffle<f32>(v128.load(at), v128.load(at, 16), 0, 2, 4, 6));
          }
          v128.store(out + (<usize>ow << 2), best);
        }
      } else if (sW == 1) {
        for (let ow: i32 = 0; ow < quads; ow += 4) {
          const t = tmp + (<usize>ow << 2);
          let best = lowest;
          for (let kw: i32 = 0; kw < kW; kw++) best = f32x4.max(best, v128.load(t + (<usize>kw << 2)));
          v128.store(out + (<usize>ow << 2), best);
        }
      } else {
        for (let ow: i32 = 0; ow < outW; ow++) {
          const t = tmp + (<usize>(ow * sW) << 2);
          let best: f32 = -Infinity;
          for (let kw: i32 = 0; kw < kW; kw++) best = max(best, load<f32>(t + (<usize>kw << 2)));
          store<f32>(out + (<usize>ow << 2), best);
        }
      }
      out += <usize>outW << 2;
    }
  }
}

/**
 * Y = X * a[s] + b[s] over `count` groups of `inner` floats (group s of the statistics at
 * s % stats), at x into y; a and b are f64, and the arithmetic is f64 as in JavaScript, rounded
 * to f32 once at the end (BatchNormalization's inference formula).
 */
export function scaleShift(x: usize, y: usize, groups: i32, stats: i32, inner: i32, a: usize, b: usize): void {
  const innerBytes = <usize>inner << 2;
  let s: i32 = 0;
  for (let g: i32 = 0; g < groups; g++) {
    const scale = load<f64>(a + (<usize>s << 3));
    const shift = load<f64>(b + (<usize>s << 3));
    const sv = f64x2.splat(scale), tv = f64x2.splat(shift);
    const src = x + <usize>g * innerBytes, dst = y + <usize>g * innerBytes;
    let j: usize = 0;
    for (; j + 16 <= innerBytes; j += 16) {
      const v = v128.load(src + j);
      const lo = f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(v), sv), tv);
      const hi = f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)), sv), tv);
      v128.store(dst + j, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
    }
    for (; j < innerBytes; j += 4) store<f32>(dst + j, <f32>(<f64>load<f32>(src + j) * scale + shift));
    s = s + 1 == stats ? 0 : s + 1;
  }
}

/**
 * Direct convolution for small images, vectorised over output channels, with no patch matrix:
 * patch element j of output pixel p is X at xp + pixels[p] + offsets[j] (byte offsets into a
 * zero-padded copy of X, worked out once per shape by the caller), so strides, dilations and
 * padding are all in the two tables. W is packed in panels of 8 output channels, k-major (panel
 * b holds W[8b + lane, j] at (b * k + j) * 8 + lane, zero past m). A tile is 4 pixels x 8
 * channels (8 f32x4 sums), transposed 4 x 4 on the way out so Y[i, p] (row stride `yStride`
 * floats) is written 4 pixels at a time; leftover pixels go one at a time. Sums run in j order
 * from zero, bias added last, as the GEMM path does. Rows of Y past m are never written.
 */
export function convDirect(xp: usize, offsets: usize, k: i32, pixels: usize, count: i32, w: usize, bias: usize, m: i32, y: usize, yStride: i32): void {
  const kBytes = <usize>k << 2;
  const yRow = <usize>yStride << 2;
  for (let m0: i32 = 0; m0 < m; m0 += 8) {
    const panel = w + <usize>m0 * kBytes;
    const bv0 = v128.load(bias + (<usize>m0 << 2));
    const bv1 = v128.load(bias + (<usize>m0 << 2), 16);
    const yBlock = y + <usize>m0 * yRow;
    const rows = min(8, m - m0);
    let p: i32 = 0;
    if (rows > 4) {
      for (; p + 4 <= count; p += 4) {
        const px = pixels + (<usize>p << 2);
        const x0 = xp + <usize>load<i32>(px), x1 = xp + <usize>load<i32>(px, 4);
        const x2 = xp + <usize>load<i32>(px, 8), x3 = xp + <usize>load<i32>(px, 12);
        let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
        let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
        let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
        let b = panel;
        for (let j: usize = 0; j < kBytes; j += 4) {
          const off = <usize>load<i32>(offsets + j);
          const w0 = v128.load(b);
          const w1 = v128.load(b, 16);
          b += 32;
          let v = v128.load32_splat(x0 + off);
          c00 = f32x4.add(c00, f32x4.mul(v, w0));
          c01 = f32x4.add(c01, f32x4.mul(v, w1));
          v = v128.load32_splat(x1 + off);
          c10 = f32x4.add(c10, f32x4.mul(v, w0));
          c11 = f32x4.add(c11, f32x4.mul(v, w1));
          v = v128.load32_splat(x2 + off);
          c20 = f32x4.add(c20, f32x4.mul(v, w0));
          c21 = f32x4.add(c21, f32x4.mul(v, w1));
          v = v128.load32_splat(x3 + off);
          c30 = f32x4.add(c30, f32x4.mul(v, w0));
          c31 = f32x4.add(c31, f32x4.mul(v, w1));
        }
        const at = yBlock + (<usize>p << 2);
        store4x4(at, yRow, f32x4.add(c00, bv0), f32x4.add(c10, bv0), f32x4.add(c20, bv0), f32x4.add(c30, bv0), 4);
        store4x4(at + 4 * yRow, yRow, f32x4.add(c01, bv1), f32x4.add(c11, bv1), f32x4.add(c21, bv1), f32x4.add(c31, bv1), rows - 4);
      }
    } else {
      for (; p + 4 <= count; p += 4) {
        const px = pixels + (<usize>p << 2);
        const x0 = xp + <usize>load<i32>(px), x1 = xp + <usize>load<i32>(px, 4);
        const x2 = xp + <usize>load<i32>(px, 8), x3 = xp + <usize>load<i32>(px, 12);
        let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
        let d0 = f32x4.splat(0), d1 = f32x4.splat(0), d2 = f32x4.splat(0), d3 = f32x4.splat(0);
        let b = panel;
        let j: usize = 0;
        // Two independent chains per pixel: only 4 sums would stall on the add latency.
        for (; j + 4 < kBytes; j += 8) {
          const off = <usize>load<i32>(offsets + j);
          const off2 = <usize>load<i32>(offsets + j, 4);
          const w0 = v128.load(b);
          const w1 = v128.load(b, 32);
          b += 64;
          c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(x0 + off), w0));
          c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(x1 + off), w0));
          c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(x2 + off), w0));
          c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(x3 + off), w0));
          d0 = f32x4.add(d0, f32x4.mul(v128.load32_splat(x0 + off2), w1));
          d1 = f32x4.add(d1, f32x4.mul(v128.load32_splat(x1 + off2), w1));
          d2 = f32x4.add(d2, f32x4.mul(v128.load32_splat(x2 + off2), w1));
          d3 = f32x4.add(d3, f32x4.mul(v128.load32_splat(x3 + off2), w1));
        }
        if (j < kBytes) {
          const off = <usize>load<i32>(offsets + j);
          const w0 = v128.load(b);
          c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(x0 + off), w0));
          c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(x1 + off), w0));
          c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(x2 + off), w0));
          c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(x3 + off), w0));
        }
        c0 = f32x4.add(f32x4.add(c0, d0), bv0);
        c1 = f32x4.add(f32x4.add(c1, d1), bv0);
        c2 = f32x4.add(f32x4.add(c2, d2), bv0);
        c3 = f32x4.add(f32x4.add(c3, d3), bv0);
        store4x4(yBlock + (<usize>p << 2), yRow, c0, c1, c2, c3, rows);
      }
    }
    for (; p < count; p++) {
      const x0 = xp + <usize>load<i32>(pixels + (<usize>p << 2));
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
      let t0 = f32x4.splat(0), t1 = f32x4.splat(0);
      let b = panel;
      let j: usize = 0;
      for (; j + 4 < kBytes; j += 8) {
        const v = v128.load32_splat(x0 + <usize>load<i32>(offsets + j));
        const u = v128.load32_splat(x0 + <usize>load<i32>(offsets + j, 4));
        s0 = f32x4.add(s0, f32x4.mul(v, v128.load(b)));
        s1 = f32x4.add(s1, f32x4.mul(v, v128.load(b, 16)));
        t0 = f32x4.add(t0, f32x4.mul(u, v128.load(b, 32)));
        t1 = f32x4.add(t1, f32x4.mul(u, v128.load(b, 48)));
        b += 64;
      }
      if (j < kBytes) {
        const v = v128.load32_splat(x0 + <usize>load<i32>(offsets + j));
        s0 = f32x4.add(s0, f32x4.mul(v, v128.load(b)));
        s1 = f32x4.add(s1, f32x4.mul(v, v128.load(b, 16)));
      }
      s0 = f32x4.add(f32x4.add(s0, t0), bv0);
      s1 = f32x4.add(f32x4.add(s1, t1), bv1);
      const at = yBlock + (<usize>p << 2);
      store<f32>(at, f32x4.extract_lane(s0, 0));
      if (rows > 1) store<f32>(at + yRow, f32x4.extract_lane(s0, 1));
      if (rows > 2) store<f32>(at + 2 * yRow, f32x4.extract_lane(s0, 2));
      if (rows > 3) store<f32>(at + 3 * yRow, f32x4.extract_lane(s0, 3));
      if (rows > 4) store<f32>(at + 4 * yRow, f32x4.extract_lane(s1, 0));
      if (rows > 5) store<f32>(at + 5 * yRow, f32x4.extract_lane(s1, 1));
      if (rows > 6) store<f32>(at + 6 * yRow, f32x4.extract_lane(s1, 2));
      if (rows > 7) store<f32>(at + 7 * yRow, f32x4.extract_lane(s1, 3));
    }
  }
}

/** Sums a..d (4 pixels x 4 channels each) transposed into the first `rows` rows at dst. */
// @ts-ignore: decorator
@inline function store4x4(dst: usize, rowBytes: usize, a: v128, b: v128, c: v128, d: v128, rows: i32): void {
  const t0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(c, d, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  if (rows > 1) v128.store(dst + rowBytes, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  if (rows > 2) v128.store(dst + 2 * rowBytes, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  if (rows > 3) v128.store(dst + 3 * rowBytes, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/**
 * Copies `planes` planes of rows x cols floats at x into the interior of a zero-padded copy at
 * dst: plane q's row r lands at dst + (planeStarts(q) + r * rowStride) floats, where planes are
 * `planeStride` floats apart, offset by `lead` floats (the padding before the first element).
 */
export function padPlanes(x: usize, planes: i32, rows: i32, cols: i32, dst: usize, planeStride: i32, rowStride: i32, lead: i32): void {
  // Rows are short here (tens of floats): an f32x4 loop beats memory.copy's call per row.
  const rowBytes = <usize>cols << 2;
  const vectorBytes = rowBytes & ~(<usize>15);
  let src = x;
  for (let q: i32 = 0; q < planes; q++) {
    let to = dst + (<usize>(q * planeStride + lead) << 2);
    for (let r: i32 = 0; r < rows; r++) {
      let i: usize = 0;
      for (; i < vectorBytes; i += 16) v128.store(to + i, v128.load(src + i));
      for (; i < rowBytes; i += 4) store<f32>(to + i, load<f32>(src + i));
      src += rowBytes;
      to += <usize>rowStride << 2;
    }
  }
}
