/**
 * MaxPool: Y[n, c, o] = max over kernel offsets k of X[n, c, o * strides - padBegin + k * dilations],
 * padding ignored. https://onnx.ai/onnx/operators/onnx__MaxPool.html
 *
 * Versions: 1 (kernel, strides, pads, auto_pad); 8 adds the Indices output and storage_order;
 * 10 adds ceil_mode and dilations; 11 and 12 change pads wording and add integer types. float32
 * only; the Indices output is refused at load. NaN propagates: once a window sees NaN, Y is NaN.
 */
import { allocateFloat32 } from './bufferPool.js';
import { expectFloatInputs } from './expectFloat.js';
import { OpError, type NodeInfo, type OpKernel } from './op.js';
import { axisRanges, readWindowAttributes, windowPlan, type Window3, type WindowPlan } from './poolGeometry.js';
import type { NativeTensor } from './tensor.js';
import { wasmProductsEnabled } from './matrixProduct.js';
import { alignUp, FLOAT_BYTES, GemmInstance } from './sgemmWasm.js';

/** Ints of the window geometry handed to wasm (as for Conv, ./convWasm.ts). */
const GEOMETRY_INTS = 48;

/**
 * The 2-D MaxPool on wasm SIMD (maxPool2d in ./wasm/assembly/gemm.ts): X copied in, Y copied
 * out; a JavaScript compare costs several nanoseconds here, a vector max of four far less.
 */
class WasmMaxPool {
  private readonly instance = new GemmInstance();
  private geometryAt = 0;
  private tmpAt = 0;
  private xAt = 0;
  private yAt = 0;
  private end = 0;

  /** Lays the memory out for one window plan (planar: depth 1, no dilation). */
  prepare(p: WindowPlan): void {
    const { win } = p;
    if (!planar(win)) return;
    const [, inH, inW] = win.input;
    const [, , outW] = win.output;
    const quads = Math.ceil(outW / 4) * 4;
    const tmpFloats = win.padBegin[2] + inW + Math.max(2, win.strides[2]) * quads + win.kernel[2] + 16;
    this.geometryAt = this.instance.base;
    this.tmpAt = alignUp(this.geometryAt + GEOMETRY_INTS);
    this.xAt = alignUp(this.tmpAt + tmpFloats);
    this.yAt = alignUp(this.xAt + p.planes * inH * inW);
    this.end = this.yAt + p.size + 4;
    const f = this.instance.reserve(this.end);
    f.fill(-Infinity, this.tmpAt, this.tmpAt + tmpFloats);
    const ints = new Int32Array(f.buffer, this.geometryAt * FLOAT_BYTES, GEOMETRY_INTS);
    const vectors = [win.input, win.output, win.kernel, win.strides, win.dilations, win.padBegin];
    for (let v = 0; v < vectors.length; v++) for (let i = 0; i < 3; i++) ints[v * 3 + i] = vectors[v][i];
  }

  run(x: Float32Array, p: WindowPlan, y: Float32Array): void {
    const f = this.instance.reserve(this.end);
    f.set(x, this.xAt);
    const b = FLOAT_BYTES;
    this.instance.wasm.maxPool2d(this.xAt * b, this.yAt * b, p.planes, this.geometryAt * b, this.tmpAt * b);
    y.set(f.subarray(this.yAt, this.yAt + p.size));
  }
}

export function createMaxPool(node: NodeInfo): OpKernel {
  expectFloatInputs(node, 1, 1);
  if (node.outputCount > 1) throw new OpError(node, 'the Indices output (argmax positions) is not supported; use one output');
  const attributes = readWindowAttributes(node, node.opset >= 10);
  const kernel = attributes.kernelShape;
  if (kernel === undefined) throw new OpError(node, 'kernel_shape is required');
  let plan: WindowPlan | undefined;
  const wasm = wasmProductsEnabled() ? new WasmMaxPool() : undefined;
  let ranges: [Int32Array, Int32Array] | undefined;
  return {
    outputTypes: ['float32'],
    run(inputs) {
      const x = inputs[0] as NativeTensor;
      const p = windowPlan(node, attributes, x.shape, kernel, plan);
      if (p !== plan) {
        plan = p;
        ranges = planar(p.win) ? planeRanges(p.win) : undefined;
        wasm?.prepare(p);
      }
      const y = allocateFloat32(p.size);
      if (y.length > 0) {
        if (ranges !== undefined && wasm !== undefined) wasm.run(x.data as Float32Array, p, y);
        else if (ranges !== undefined) maxPool2d(x.data as Float32Array, p.planes, p.win, ranges[0], ranges[1], y);
        else maxPool(x.data as Float32Array, p.planes, p.win, y);
      }
      return [{ type: 'float32', shape: p.shape.slice(), data: y }];
    },
  };
}

/** Whether the window is 2-D (or 1-D) with no dilation: the case maxPool2d handles. */
export function planar(win: Window3): boolean {
  return win.input[0] === 1 && win.kernel[0] === 1 && win.dilations[1] === 1 && win.dilations[2] === 1;
}

/** Per output row and column, the input rows and columns its window covers (./poolGeometry.ts). */
export function planeRanges(win: Window3): [Int32Array, Int32Array] {
  return [
    axisRanges(win.output[1], win.input[1], win.kernel[1], win.strides[1], win.padBegin[1]),
    axisRanges(win.output[2], win.input[2], win.kernel[2], win.strides[2], win.padBegin[2]),
  ];
}

/**
 * maxPool for a 2-D window without dilation: each window's rows and columns inside X come from
 * rows and cols (worked out once per shape), so the loops test no bounds; the common 2-wide and
 * 3-wide full windows are unrolled.
 */
function maxPool2d(x: Float32Array, planes: number, win: Window3, rows: Int32Array, cols: Int32Array, y: Float32Array): void {
  const inH = win.input[1];
  const inW = win.input[2];
  const outH = win.output[1];
  const outW = win.output[2];
  const inPlane = inH * inW;
  let at = 0;
  for (let plane = 0, base = 0; plane < planes; plane++, base += inPlane) {
    for (let oh = 0; oh < outH; oh++) {
      const first = base + rows[2 * oh] * inW;
      const end = base + rows[2 * oh + 1] * inW;
      for (let ow = 0; ow < outW; ow++) {
        const a = cols[2 * ow];
        const e = cols[2 * ow + 1];
        let best = -Infinity;
        if (e - a === 2) {
          for (let r = first + a; r < end + a; r += inW) {
            const v0 = x[r];
            const v1 = x[r + 1];
            // v !== v: a NaN wins and, as nothing compares greater than NaN, stays.
            if (v0 > best || v0 !== v0) best = v0;
            if (v1 > best || v1 !== v1) best = v1;
          }
        } else if (e - a === 3) {
          for (let r = first + a; r < end + a; r += inW) {
            const v0 = x[r];
            const v1 = x[r + 1];
            const v2 = x[r + 2];
            if (v0 > best || v0 !== v0) best = v0;
            if (v1 > best || v1 !== v1) best = v1;
            if (v2 > best || v2 !== v2) best = v2;
          }
        } else {
          for (let r = first; r < end; r += inW) {
            for (let i = r + a; i < r + e; i++) {
              const v = x[i];
              if (v > best || v !== v) best = v;
            }
          }
        }
        y[at++] = best;
      }
    }
  }
}

/** Max over each window of `planes` planes; a window wholly in the padding gives -Infinity. */
export function maxPool(x: Float32Array, planes: number, win: Window3, y: Float32Array): void {
  const [inD, inH, inW] = win.input;
  const [outD, outH, outW] = win.output;
  const [kD, kH, kW] = win.kernel;
  const [sD, sH, sW] = win.strides;
  const [dD, dH, dW] = win.dilations;
  const [pD, pH, pW] = win.padBegin;
  const inPlane = inD * inH * inW;
  let at = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * inPlane;
    for (let od = 0; od < outD; od++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) {
          let best = -Infinity;
          for (let kd = 0, id = od * sD - pD; kd < kD; kd++, id += dD) {
            if (id < 0 || id >= inD) continue;
            for (let kh = 0, ih = oh * sH - pH; kh < kH; kh++, ih += dH) {
              if (ih < 0 || ih >= inH) continue;
              const row = base + (id * inH + ih) * inW;
              for (let kw = 0, iw = ow * sW - pW; kw < kW; kw++, iw += dW) {
                if (iw < 0 || iw >= inW) continue;
                const v = x[row + iw];
                // v !== v: a NaN wins and, as nothing compares greater than NaN, stays.
                if (v > best || v !== v) best = v;
              }
            }
          }
          y[at++] = best;
        }
      }
    }
  }
}
