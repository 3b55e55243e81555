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
/** Ints for the wasm im2col: six 3-D geometry vectors, then its 24 lane origins. */
const GEOMETRY_INTS = 48;

export class WasmConv {
  private readonly instance = new GemmInstance();
  private m = 0;
  private columns = 0;
  private hasBias = false;
  private biasAt = 0;

  /** W [M, C/group, kernel...] as M rows of `columns` floats; the bias, if any, beside it. */
  setWeights(w: Float32Array, m: number, bias: Float32Array | undefined): void {
    this.m = m;
    this.columns = w.length / m;
    this.biasAt = alignUp(this.instance.base + w.length);
    const f = this.instance.reserve(this.biasAt + m);
    f.set(w, this.instance.base);
    this.hasBias = bias !== undefined;
    if (bias !== undefined) f.set(bias, this.biasAt);
  }

  /** Depthwise Y = Conv(X) (group = C = M, one channel per group) for `n` images, into y. */
  runDepthwise(x: Float32Array, n: number, c: number, win: Window3, y: Float32Array): void {
    const { wasm } = this.instance;
    const geometryAt = alignUp(this.biasAt + this.m);
    const xAt = alignUp(geometryAt + GEOMETRY_INTS);
    const yAt = alignUp(xAt + x.length);
    const f = this.instance.reserve(yAt + y.length);
    this.writeGeometry(f, geometryAt, win);
    f.set(x, xAt);
    const b = FLOAT_BYTES;
    wasm.depthwise(xAt * b, yAt * b, n * c, c, this.instance.base * b, this.biasAt * b, +this.hasBias, geometryAt * b);
    y.set(f.subarray(yAt, yAt + y.length));
  }

  private writeGeometry(f: Float32Array, at: number, win: Window3): void {
    new Int32Array(f.buffer, at * FLOAT_BYTES, GEOMETRY_INTS).set([
      ...win.input, ...win.output, ...win.kernel, ...win.strides, ...win.dilations, ...win.padBegin,
    ]);
  }

  /** Y = Conv(X) for `n` images of `c` channels in `groups` groups, into y (NCHW). */
  run(x: Float32Array, n: number, c: number, groups: number, win: Window3, y: Float32Array): void {
    const { wasm, base } = this.instance;
    const { m, columns } = this;
    const mg = m / groups;
    const cg = c / groups;
    const inVolume = sizeOf(win.input);
    const outVolume = sizeOf(win.output);
    const geometryAt = alignUp(this.biasAt + m);
    const xAt = alignUp(geometryAt + GEOMETRY_INTS);
    const chunk = Math.min(Math.ceil(outVolume / 8) * 8, Math.max(8, Math.floor(PANEL_FLOATS / columns / 8) * 8));
    const panelsAt = alignUp(xAt + c * inVolume);
    const cAt = alignUp(panelsAt + columns * chunk);
    const f = this.instance.reserve(cAt + mg * chunk);
    this.writeGeometry(f, geometryAt, win);
    for (let image = 0; image < n; image++) {
      f.set(x.subarray(image * c * inVolume, (image + 1) * c * inVolume), xAt);
      for (let g = 0; g < groups; g++) {
        const yOffset = (image * groups + g) * mg * outVolume;
        for (let first = 0; first < outVolume; first += chunk) {
          const count = Math.min(chunk, outVolume - first);
          const np = Math.ceil(count / 8) * 8;
          wasm.im2colPanels((xAt + g * cg * inVolume) * FLOAT_BYTES, cg, geometryAt * FLOAT_BYTES, first, count, panelsAt * FLOAT_BYTES);
          wasm.gemm((base + g * mg * columns) * FLOAT_BYTES, columns, mg, panelsAt * FLOAT_BYTES, columns, np, cAt * FLOAT_BYTES);
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
