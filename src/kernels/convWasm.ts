/**
 * Conv on the wasm SIMD GEMM, the other way round from ./conv.ts's TypeScript path: per group,
 * Y_g = W_g x patches, with W resident in wasm memory (copied once, at load when constant) as
 * the A operand and the patches written by wasm straight into packed B panels (im2colPanels in
 * ./wasm/assembly/gemm.ts). Y_g's rows are Y's channel planes, so the result is copied out as
 * is, with the bias added in wasm first; nothing is transposed, and no patch matrix is built in
 * JavaScript, whose scalar loops are the slow part of a convolution here.
 *
 * Small convolutions (patch matrix up to DIRECT_LIMIT floats) skip the patches altogether:
 * convDirect reads X through a tap offset table and a pixel offset table from a zero-padded copy
 * of X, vectorised over output channels (W packed at layout time in panels of 8 channels).
 * Depthwise convs (one input and one output channel per group) read the same tables but are
 * vectorised over output pixels instead (depthwiseDirect), with no size limit.
 */
import type { Window3 } from './poolGeometry.js';
import { alignUp, FLOAT_BYTES, GemmInstance } from './sgemmWasm.js';
import { sizeOf } from './tensor.js';

/** Floats of packed patches per chunk of output pixels (1 MiB). */
const PANEL_FLOATS = 262144;
/** Ints for the wasm window geometry: six 3-D vectors (room to spare). */
const GEOMETRY_INTS = 48;

export class WasmConv {
  private readonly instance = new GemmInstance();
  private m = 0;
  private columns = 0;
  private hasBias = false;
  private biasAt = 0;
  /** The window the layout below was made for (a conv kernel keeps one per input shape). */
  private win: Window3 | undefined;
  private images = 0;
  private geometryAt = 0;
  private xAt = 0;
  private yAt = 0;
  private panelsAt = 0;
  private cAt = 0;
  private chunk = 0;
  private end = 0;
  /** W and B as given, for packing the direct path's panels. */
  private source: Float32Array | undefined;
  private sourceBias: Float32Array | undefined;
  /** Whether the current layout runs convDirect, and whether its panels hold the current W. */
  private direct = false;
  private packed = false;
  private packedAt = 0;
  private packedBiasAt = 0;
  private offsetsAt = 0;
  private pixelsAt = 0;
  private paddedAt = 0;
  private paddedPlane = 0;
  private padRowStride = 0;
  private padLead = 0;
  /** Y's area in the wasm memory as a view, made once per layout (again if the memory grows). */
  private yView: Float32Array | undefined;

  /** W [M, C/group, kernel...] as M rows of `columns` floats; the bias, if any, beside it. */
  setWeights(w: Float32Array, m: number, bias: Float32Array | undefined): void {
    const columns = w.length / m;
    if (m !== this.m || columns !== this.columns) this.win = undefined;
    this.m = m;
    this.columns = columns;
    this.biasAt = alignUp(this.instance.base + w.length);
    const f = this.instance.reserve(this.biasAt + m);
    f.set(w, this.instance.base);
    this.hasBias = bias !== undefined;
    if (bias !== undefined) f.set(bias, this.biasAt);
    this.source = w;
    this.sourceBias = bias;
    this.packed = false;
  }

  /**
   * Depthwise Y = Conv(X) (group = C = M, one channel per group) for `n` images, into y. All
   * n * C planes go through wasm in one call: depthwiseDirect over a zero-padded copy of X when
   * the depth axis needs no padding, else the tap-by-tap depthwise loop.
   */
  runDepthwise(x: Float32Array, n: number, c: number, win: Window3, y: Float32Array): void {
    const { wasm } = this.instance;
    const b = FLOAT_BYTES;
    if (win !== this.win || n !== this.images) {
      this.direct = depthOk(win);
      if (this.direct) {
        this.layoutDirect(c, c, win, true, n);
      } else {
        this.geometryAt = alignUp(this.biasAt + this.m);
        this.xAt = alignUp(this.geometryAt + GEOMETRY_INTS);
        this.yAt = alignUp(this.xAt + x.length);
        this.end = this.yAt + y.length;
        this.writeGeometry(this.instance.reserve(this.end), this.geometryAt, win);
      }
      this.win = win;
      this.images = n;
    }
    const f = this.instance.reserve(this.end);
    f.set(x, this.xAt);
    const { xAt, yAt } = this;
    if (this.direct) {
      if (!this.packed) this.packDepthwise();
      const planes = n * c;
      const [inD, inH, inW] = win.input;
      if (this.paddedAt !== xAt) wasm.padPlanes(xAt * b, planes * inD, inH, inW, this.paddedAt * b, this.paddedPlane, this.padRowStride, this.padLead);
      const taps = this.columns;
      wasm.depthwiseDirect(this.paddedAt * b, inD * this.paddedPlane, planes, c, this.offsetsAt * b, taps, this.pixelsAt * b, sizeOf(win.output), this.packedAt * b, this.packedBiasAt * b, yAt * b);
    } else {
      wasm.depthwise(xAt * b, yAt * b, n * c, c, this.instance.base * b, this.biasAt * b, +this.hasBias, this.geometryAt * b);
    }
    y.set(this.yArea(f, y.length));
  }

  /** The view of `floats` floats at yAt in f (the whole memory), kept while it stays valid. */
  private yArea(f: Float32Array, floats: number): Float32Array {
    let view = this.yView;
    if (view === undefined || view.buffer !== f.buffer || view.byteOffset !== this.yAt * FLOAT_BYTES || view.length !== floats) {
      view = this.yView = f.subarray(this.yAt, this.yAt + floats);
    }
    return view;
  }

  /** Depthwise W [C, taps] with each tap splatted to 4 floats; the bias (zeros when none) beside. */
  private packDepthwise(): void {
    const { m, columns } = this;
    const w = this.source!;
    const bias = this.sourceBias;
    const f = this.instance.reserve(this.end);
    for (let i = 0; i < m * columns; i++) f.fill(w[i], this.packedAt + i * 4, this.packedAt + i * 4 + 4);
    for (let i = 0; i < m; i++) f[this.packedBiasAt + i] = bias === undefined ? 0 : bias[i];
    this.packed = true;
  }

  private writeGeometry(f: Float32Array, at: number, win: Window3): void {
    const ints = new Int32Array(f.buffer, at * FLOAT_BYTES, GEOMETRY_INTS);
    const vectors = [win.input, win.output, win.kernel, win.strides, win.dilations, win.padBegin];
    for (let v = 0; v < vectors.length; v++) for (let i = 0; i < 3; i++) ints[v * 3 + i] = vectors[v][i];
  }

  /** Y = Conv(X) for `n` images of `c` channels in `groups` groups, into y (NCHW). */
  run(x: Float32Array, n: number, c: number, groups: number, win: Window3, y: Float32Array): void {
    const { wasm, base } = this.instance;
    const { m, columns } = this;
    const mg = m / groups;
    const cg = c / groups;
    const inVolume = sizeOf(win.input);
    const outVolume = sizeOf(win.output);
    if (win !== this.win || n !== this.images) {
      this.direct = useDirect(win, columns);
      if (this.direct) {
        this.layoutDirect(c, groups, win, false, 1);
      } else {
        this.geometryAt = alignUp(this.biasAt + m);
        this.xAt = alignUp(this.geometryAt + GEOMETRY_INTS);
        this.chunk = Math.min(Math.ceil(outVolume / 8) * 8, Math.max(8, Math.floor(PANEL_FLOATS / columns / 8) * 8));
        this.panelsAt = alignUp(this.xAt + c * inVolume);
        this.cAt = alignUp(this.panelsAt + columns * this.chunk);
        this.end = this.cAt + mg * this.chunk;
        this.writeGeometry(this.instance.reserve(this.end), this.geometryAt, win);
      }
      this.win = win;
      this.images = n;
    }
    if (this.direct) {
      this.runDirect(x, n, c, groups, win, y);
      return;
    }
    const { geometryAt, xAt, panelsAt, cAt, chunk } = this;
    const f = this.instance.reserve(this.end);
    const imageFloats = c * inVolume;
    for (let image = 0; image < n; image++) {
      f.set(n === 1 ? x : x.subarray(image * imageFloats, (image + 1) * imageFloats), xAt);
      for (let g = 0; g < groups; g++) {
        const yOffset = (image * groups + g) * mg * outVolume;
        for (let first = 0; first < outVolume; first += chunk) {
          const count = Math.min(chunk, outVolume - first);
          const np = Math.ceil(count / 8) * 8;
          wasm.im2colPanels((xAt + g * cg * inVolume) * FLOAT_BYTES, cg, geometryAt * FLOAT_BYTES, first, count, panelsAt * FLOAT_BYTES);
          wasm.gemm((base + g * mg * columns) * FLOAT_BYTES, columns, mg, panelsAt * FLOAT_BYTES, columns, np, cAt * FLOAT_BYTES);
          if (count === outVolume) {
            // The whole plane in one chunk: rows made contiguous in wasm, then one copy.
            wasm.finishRows(cAt * FLOAT_BYTES, mg, np, count, (this.biasAt + g * mg) * FLOAT_BYTES, +this.hasBias);
            y.set(f.subarray(cAt, cAt + mg * count), yOffset);
            continue;
          }
          if (this.hasBias) wasm.addRowBias(cAt * FLOAT_BYTES, mg, np, (this.biasAt + g * mg) * FLOAT_BYTES);
          for (let row = 0; row < mg; row++) {
            const from = cAt + row * np;
            y.set(f.subarray(from, from + count), yOffset + row * outVolume + first);
          }
        }
      }
    }
  }

  /**
   * Memory for convDirect: W packed into panels of 8 output channels per group, the bias padded
   * beside it, the tap and pixel offset tables, X, its zero-padded copy (when there is padding)
   * and Y. The padded image spans every position a window reaches, so no read is out of range.
   * For depthwiseDirect (`depthwise`) W is packed per channel instead, and X, its padded copy and
   * Y hold all `images` images (one wasm call for every plane).
   */
  private layoutDirect(c: number, groups: number, win: Window3, depthwise: boolean, images: number): void {
    const { m, columns } = this;
    const mg = m / groups;
    const cg = c / groups;
    // Depthwise: every tap splatted to 4 lanes, one bias per channel, all images' planes at once.
    const packedFloats = depthwise ? m * columns * 4 : groups * Math.ceil(mg / 8) * 8 * columns;
    const biasFloats = depthwise ? m : groups * Math.ceil(mg / 8) * 8;
    const [inD, inH, inW] = win.input;
    const [outD, outH, outW] = win.output;
    const [kD, kH, kW] = win.kernel;
    const [sD, sH, sW] = win.strides;
    const [dD, dH, dW] = win.dilations;
    const [, pH, pW] = win.padBegin;
    const hp = Math.max(pH + inH, (outH - 1) * sH + (kH - 1) * dH + 1);
    const wp = Math.max(pW + inW, (outW - 1) * sW + (kW - 1) * dW + 1);
    const padded = hp !== inH || wp !== inW;
    const plane = inD * hp * wp;
    const outVolume = outD * outH * outW;
    this.packedAt = alignUp(this.biasAt + m);
    this.packedBiasAt = alignUp(this.packedAt + packedFloats);
    this.offsetsAt = alignUp(this.packedBiasAt + biasFloats);
    this.pixelsAt = alignUp(this.offsetsAt + columns);
    this.xAt = alignUp(this.pixelsAt + outVolume);
    this.paddedAt = padded ? alignUp(this.xAt + images * c * inD * inH * inW) : this.xAt;
    this.yAt = alignUp(this.paddedAt + images * c * plane);
    this.end = this.yAt + images * m * outVolume;
    const f = this.instance.reserve(this.end);
    if (padded) f.fill(0, this.paddedAt, this.yAt);
    this.paddedPlane = hp * wp;
    this.padRowStride = wp;
    this.padLead = padded ? pH * wp + pW : 0;
    const ints = new Int32Array(f.buffer);
    let at = this.offsetsAt;
    for (let ch = 0; ch < cg; ch++) {
      for (let kd = 0; kd < kD; kd++) {
        for (let kh = 0; kh < kH; kh++) {
          for (let kw = 0; kw < kW; kw++) ints[at++] = (((ch * inD + kd * dD) * hp + kh * dH) * wp + kw * dW) * FLOAT_BYTES;
        }
      }
    }
    at = this.pixelsAt;
    for (let od = 0; od < outD; od++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) ints[at++] = ((od * sD * hp + oh * sH) * wp + ow * sW) * FLOAT_BYTES;
      }
    }
    this.packed = false;
  }

  /** W [M, columns] into groups of `panels`-row blocks of 8-channel panels, k-major; B likewise. */
  private packDirect(groups: number): void {
    const { m, columns } = this;
    const w = this.source!;
    const bias = this.sourceBias;
    const mg = m / groups;
    const panels = Math.ceil(mg / 8) * 8;
    const f = this.instance.reserve(this.end);
    f.fill(0, this.packedAt, this.offsetsAt);
    for (let g = 0; g < groups; g++) {
      for (let i = 0; i < mg; i++) {
        const row = (g * mg + i) * columns;
        const dst = this.packedAt + (g * panels + (i & ~7)) * columns + (i & 7);
        for (let j = 0; j < columns; j++) f[dst + j * 8] = w[row + j];
        if (bias !== undefined) f[this.packedBiasAt + g * panels + i] = bias[g * mg + i];
      }
    }
    this.packed = true;
  }

  private runDirect(x: Float32Array, n: number, c: number, groups: number, win: Window3, y: Float32Array): void {
    const { wasm } = this.instance;
    if (!this.packed) this.packDirect(groups);
    const { m, columns } = this;
    const mg = m / groups;
    const cg = c / groups;
    const panels = Math.ceil(mg / 8) * 8;
    const [inD, inH, inW] = win.input;
    const outVolume = sizeOf(win.output);
    const imageFloats = c * inD * inH * inW;
    const b = FLOAT_BYTES;
    const f = this.instance.reserve(this.end);
    for (let image = 0; image < n; image++) {
      f.set(n === 1 ? x : x.subarray(image * imageFloats, (image + 1) * imageFloats), this.xAt);
      if (this.paddedAt !== this.xAt) {
        wasm.padPlanes(this.xAt * b, c * inD, inH, inW, this.paddedAt * b, this.paddedPlane, this.padRowStride, this.padLead);
      }
      for (let g = 0; g < groups; g++) {
        wasm.convDirect(
          (this.paddedAt + g * cg * inD * this.paddedPlane) * b,
          this.offsetsAt * b,
          columns,
          this.pixelsAt * b,
          outVolume,
          (this.packedAt + g * panels * columns) * b,
          (this.packedBiasAt + g * panels) * b,
          mg,
          (this.yAt + g * mg * outVolume) * b,
          outVolume,
        );
      }
      y.set(this.yArea(f, m * outVolume), image * m * outVolume);
    }
  }
}

/**
 * Patch-matrix floats (pixels x taps) up to which convDirect runs. Measured: 2-5x faster than
 * im2col + GEMM on MTCNN/tiny-detector layers, still ahead up to ~150k; far behind on large 1x1
 * convs with many channels (the per-tap gathers leave the cache), so the limit stays moderate.
 */
const DIRECT_LIMIT = 65536;

/** Direct when the patch matrix is small, and the depth axis (if any) needs no padding. */
function useDirect(win: Window3, columns: number): boolean {
  return depthOk(win) && sizeOf(win.output) * columns <= DIRECT_LIMIT;
}

/** Whether the window stays inside X along the depth axis (the padded copy pads rows and columns). */
function depthOk(win: Window3): boolean {
  const reach = (win.output[0] - 1) * win.strides[0] + (win.kernel[0] - 1) * win.dilations[0] + 1;
  return win.padBegin[0] === 0 && reach <= win.input[0];
}
