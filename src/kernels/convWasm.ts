/**
 * Conv on the wasm SIMD GEMM, the other way round from ./conv.ts's TypeScript path: per group,
 * Y_g = W_g x patches, with W resident in wasm memory (copied once, at load when constant) as
 * the A operand and the patches written by wasm straight into packed B panels (im2colPanels in
 * ./wasm/assembly/gemm.ts). Y_g's rows are Y's channel planes, so the result is copied out as
 * is, with the bias added in wasm first; nothing is transposed, and no patch matrix is built in
 * JavaScript, whose scalar loops are the slow part of a convolution here.
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
  }

  /** Depthwise Y = Conv(X) (group = C = M, one channel per group) for `n` images, into y. */
  runDepthwise(x: Float32Array, n: number, c: number, win: Window3, y: Float32Array): void {
    const { wasm } = this.instance;
    if (win !== this.win || n !== this.images) {
      this.geometryAt = alignUp(this.biasAt + this.m);
      this.xAt = alignUp(this.geometryAt + GEOMETRY_INTS);
      this.yAt = alignUp(this.xAt + x.length);
      this.end = this.yAt + y.length;
      this.writeGeometry(this.instance.reserve(this.end), this.geometryAt, win);
      this.win = win;
      this.images = n;
    }
    const { xAt, yAt } = this;
    const f = this.instance.reserve(this.end);
    f.set(x, xAt);
    const b = FLOAT_BYTES;
    wasm.depthwise(xAt * b, yAt * b, n * c, c, this.instance.base * b, this.biasAt * b, +this.hasBias, this.geometryAt * b);
    y.set(f.subarray(yAt, yAt + y.length));
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
      this.geometryAt = alignUp(this.biasAt + m);
      this.xAt = alignUp(this.geometryAt + GEOMETRY_INTS);
      this.chunk = Math.min(Math.ceil(outVolume / 8) * 8, Math.max(8, Math.floor(PANEL_FLOATS / columns / 8) * 8));
      this.panelsAt = alignUp(this.xAt + c * inVolume);
      this.cAt = alignUp(this.panelsAt + columns * this.chunk);
      this.end = this.cAt + mg * this.chunk;
      this.writeGeometry(this.instance.reserve(this.end), this.geometryAt, win);
      this.win = win;
      this.images = n;
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
}
