/**
 * Conv: Y[n, m, o] = B[m] + sum over c in m's group, kernel offsets k of
 * X[n, c, o * strides - padBegin + k * dilations] * W[m, c, k], padding reading zero.
 * https://onnx.ai/onnx/operators/onnx__Conv.html (version 11 lets kernel_shape default to W's)
 *
 * 1-D, 2-D and 3-D. Each group is a GEMM: on wasm Y_g = W_g x patches (./convWasm.ts, which
 * runs small convolutions as a direct loop over X instead, with no patch matrix); in
 * TypeScript Y_g^T = patches x W_g^T over patch rows (./im2col.ts), W_g^T packed once at load
 * when W is a constant, and a 1x1 stride-1 unpadded conv reads X directly. Depthwise convs (one
 * input and one output channel per group) run a direct loop, in wasm SIMD when it loaded.
 */
import { allocateFloat32 } from './bufferPool.js';
import { expectFloatInputs } from './expectFloat.js';
import { WasmConv } from './convWasm.js';
import { chunkRows, im2col, scratchArray } from './im2col.js';
import { createMatrixProduct, wasmProductsEnabled, type MatrixProduct } from './matrixProduct.js';
import { OpError, type NodeInfo, type OpKernel } from './op.js';
import { outputSpatial, readWindowAttributes, resolveWindow, type Window3 } from './poolGeometry.js';
import { shapeText, sizeOf, type NativeTensor } from './tensor.js';

/** ONNX default (https://onnx.ai/onnx/operators/onnx__Conv.html#attributes). */
const DEFAULT_GROUP = 1;

export function createConv(node: NodeInfo): OpKernel {
  expectFloatInputs(node, 2, 3);
  const attributes = readWindowAttributes(node, false);
  const group = node.attributes.int('group', DEFAULT_GROUP);
  if (group < 1) throw new OpError(node, `group must be positive, got ${group}`);
  const constantW = node.constants[1];
  let products: MatrixProduct[] | undefined;
  const pack = (w: NativeTensor, into: MatrixProduct[]): void => {
    const mg = w.shape[0] / group;
    const columns = sizeOf(w.shape.slice(1));
    for (let g = 0; g < group; g++) {
      // B = W_g^T: B[j, mm] = W[g * mg + mm, j].
      into[g].setB({ data: w.data as Float32Array, offset: g * mg * columns, rowStride: 1, colStride: columns }, columns, mg);
    }
  };
  // On wasm, W (and B) live in the wasm memory; fixed at load when both are constants.
  const wasm = wasmProductsEnabled() ? new WasmConv() : undefined;
  const constantWeights = constantW !== undefined && (node.inputTypes[2] === undefined || node.constants[2] !== undefined);
  if (constantW !== undefined) {
    checkWeights(node, constantW.shape, group);
    if (wasm !== undefined) {
      if (constantWeights) wasm.setWeights(constantW.data as Float32Array, constantW.shape[0], node.constants[2]?.data as Float32Array | undefined);
    } else if (!isDepthwise(constantW.shape, group)) {
      products = Array.from({ length: group }, () => createMatrixProduct());
      pack(constantW, products);
    }
  }

  /** Everything that depends only on the input shapes, worked out when they change. */
  let plan: ConvPlan | undefined;
  const makePlan = (x: NativeTensor, w: NativeTensor, bias: NativeTensor | undefined): ConvPlan => {
    const rank = x.shape.length;
    if (rank < 3) throw new OpError(node, `input X must be [N, C, spatial...], got shape ${shapeText(x.shape)}`);
    if (w.shape.length !== rank) throw new OpError(node, `input W shape ${shapeText(w.shape)} must have X's rank ${rank}`);
    checkWeights(node, w.shape, group);
    const [n, c] = x.shape;
    const m = w.shape[0];
    if (w.shape[1] * group !== c) {
      throw new OpError(node, `X has ${c} channels but W shape ${shapeText(w.shape)} with group ${group} expects ${w.shape[1] * group}`);
    }
    if (bias !== undefined && (bias.shape.length !== 1 || bias.shape[0] !== m)) {
      throw new OpError(node, `input B shape ${shapeText(bias.shape)} must be [${m}]`);
    }
    const kernel = w.shape.slice(2);
    if (attributes.kernelShape !== undefined && shapeText(attributes.kernelShape) !== shapeText(kernel)) {
      throw new OpError(node, `kernel_shape ${shapeText(attributes.kernelShape)} disagrees with W shape ${shapeText(w.shape)}`);
    }
    const win = resolveWindow(node, attributes, x.shape.slice(2), kernel);
    const shape = [n, m, ...outputSpatial(win)];
    return {
      xShape: [...x.shape],
      wShape: [...w.shape],
      biasShape: bias === undefined ? undefined : [...bias.shape],
      win,
      shape,
      size: sizeOf(shape),
      depthwise: isDepthwise(w.shape, group),
    };
  };

  return {
    outputTypes: ['float32'],
    run(inputs) {
      const x = inputs[0] as NativeTensor;
      const w = inputs[1] as NativeTensor;
      const bias = inputs[2];
      let p = plan;
      if (
        p === undefined ||
        !sameShape(p.xShape, x.shape) ||
        !sameShape(p.wShape, w.shape) ||
        (bias === undefined ? p.biasShape !== undefined : p.biasShape === undefined || !sameShape(p.biasShape, bias.shape))
      ) {
        p = plan = makePlan(x, w, bias);
      }
      const { win } = p;
      const y = allocateFloat32(p.size);
      const out = { type: 'float32' as const, shape: p.shape.slice(), data: y };
      if (y.length === 0) return [out];
      const xData = x.data as Float32Array;
      const wData = w.data as Float32Array;
      const b = bias?.data as Float32Array | undefined;
      const [n, c] = p.xShape;
      const m = p.wShape[0];
      if (wasm !== undefined) {
        if (!constantWeights) wasm.setWeights(wData, m, b);
        if (p.depthwise) wasm.runDepthwise(xData, n, c, win, y);
        else wasm.run(xData, n, c, group, win, y);
        return [out];
      }
      if (p.depthwise) {
        depthwise(xData, n, c, wData, b, win, y);
        return [out];
      }
      if (constantW === undefined) {
        products ??= Array.from({ length: group }, () => createMatrixProduct());
        pack(w, products);
      }
      convolveGemm(xData, n, c / group, m / group, products!, b, win, y);
      return [out];
    },
  };
}

interface ConvPlan {
  xShape: number[];
  wShape: number[];
  biasShape: number[] | undefined;
  win: Window3;
  /** Y's shape (copied into each output: callers may keep or change it). */
  shape: number[];
  size: number;
  depthwise: boolean;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkWeights(node: NodeInfo, shape: readonly number[], group: number): void {
  if (shape.length < 3) throw new OpError(node, `input W must be [M, C/group, kernel...], got shape ${shapeText(shape)}`);
  if (shape[0] % group !== 0) throw new OpError(node, `W has ${shape[0]} output channels, not a multiple of group ${group}`);
}

function isDepthwise(shape: readonly number[], group: number): boolean {
  return group > 1 && shape[1] === 1 && shape[0] === group;
}

/** Per image and group: patch rows x W_g^T into a scratch tile, stored transposed into Y. */
function convolveGemm(
  x: Float32Array,
  n: number,
  cg: number,
  mg: number,
  products: MatrixProduct[],
  bias: Float32Array | undefined,
  win: Window3,
  y: Float32Array,
): void {
  const inVolume = sizeOf(win.input);
  const outVolume = sizeOf(win.output);
  const kernelVolume = sizeOf(win.kernel);
  const columns = cg * kernelVolume;
  const direct = kernelVolume === 1 && win.strides.every((s) => s === 1) && win.padBegin.every((p) => p === 0) && outVolume === inVolume;
  const rows = chunkRows(columns, outVolume);
  const col = direct ? undefined : scratchArray(0, rows * columns);
  const tile = scratchArray(1, rows * mg);
  const groups = products.length;
  for (let image = 0; image < n; image++) {
    for (let g = 0; g < groups; g++) {
      const xOffset = (image * groups + g) * cg * inVolume;
      const yOffset = (image * groups + g) * mg * outVolume;
      for (let first = 0; first < outVolume; first += rows) {
        const count = Math.min(rows, outVolume - first);
        if (col === undefined) {
          // A[p, c] = X[c, first + p]: X's planes read across.
          products[g].multiply(count, { data: x, offset: xOffset + first, rowStride: 1, colStride: inVolume }, tile, 0);
        } else {
          im2col(x, xOffset, cg, win, first, count, col);
          products[g].multiply(count, { data: col, offset: 0, rowStride: columns, colStride: 1 }, tile, 0);
        }
        for (let mm = 0; mm < mg; mm++) {
          const shift = bias === undefined ? 0 : bias[g * mg + mm];
          const at = yOffset + mm * outVolume + first;
          for (let p = 0, t = mm; p < count; p++, t += mg) y[at + p] = tile[t] + shift;
        }
      }
    }
  }
}

/**
 * One input channel, one kernel, one output channel per group: a direct loop, tap by tap. Each
 * tap adds weight * X along every output row over the columns where it lands inside X (worked
 * out once per tap), so the inner loop has no bounds tests and no dependency between
 * iterations. Y accumulates in float32.
 */
function depthwise(
  x: Float32Array,
  n: number,
  c: number,
  w: Float32Array,
  bias: Float32Array | undefined,
  win: Window3,
  y: Float32Array,
): void {
  const [inD, inH, inW] = win.input;
  const [outD, outH, outW] = win.output;
  const [kD, kH, kW] = win.kernel;
  const [sD, sH, sW] = win.strides;
  const [dD, dH, dW] = win.dilations;
  const [pD, pH, pW] = win.padBegin;
  const inPlane = inD * inH * inW;
  const outPlane = outD * outH * outW;
  for (let plane = 0; plane < n * c; plane++) {
    const channel = plane % c;
    const xBase = plane * inPlane;
    const yBase = plane * outPlane;
    y.fill(bias === undefined ? 0 : bias[channel], yBase, yBase + outPlane);
    for (let kd = 0, tap = channel * kD * kH * kW; kd < kD; kd++) {
      for (let kh = 0; kh < kH; kh++) {
        for (let kw = 0; kw < kW; kw++, tap++) {
          const weight = w[tap];
          const shift = kw * dW - pW;
          // Output columns whose input column ow * sW + shift lies in [0, inW).
          const first = Math.max(0, Math.ceil(-shift / sW));
          const end = Math.min(outW, Math.floor((inW - 1 - shift) / sW) + 1);
          for (let od = 0; od < outD; od++) {
            const id = od * sD - pD + kd * dD;
            if (id < 0 || id >= inD) continue;
            for (let oh = 0; oh < outH; oh++) {
              const ih = oh * sH - pH + kh * dH;
              if (ih < 0 || ih >= inH) continue;
              const xRow = xBase + (id * inH + ih) * inW + shift;
              const yRow = yBase + (od * outH + oh) * outW;
              for (let ow = first; ow < end; ow++) y[yRow + ow] += weight * x[xRow + ow * sW];
            }
          }
        }
      }
    }
  }
}
