/**
 * AveragePool: Y[n, c, o] = sum of X over the window at o * strides - padBegin (taps k *
 * dilations apart) / count, count = the taps inside X, or with count_include_pad the taps inside
 * X and its explicit padding. https://onnx.ai/onnx/operators/onnx__AveragePool.html
 *
 * Versions: 1; 7 adds count_include_pad; 10 ceil_mode; 11 changes pads wording; 19 adds
 * dilations. Taps past the padding (ceil_mode's last window) never count.
 */
import { allocateFloat32 } from './bufferPool.js';
import { expectFloatInputs } from './expectFloat.js';
import { OpError, type NodeInfo, type OpKernel } from './op.js';
import { outputSpatial, readWindowAttributes, resolveWindow, type Window3 } from './poolGeometry.js';
import { shapeText, sizeOf, type NativeTensor } from './tensor.js';

export function createAveragePool(node: NodeInfo): OpKernel {
  expectFloatInputs(node, 1, 1);
  const attributes = readWindowAttributes(node, node.opset >= 10);
  const kernel = attributes.kernelShape;
  if (kernel === undefined) throw new OpError(node, 'kernel_shape is required');
  const countPadding = node.opset >= 7 && node.attributes.int('count_include_pad', 0) !== 0;
  /** The window for the last input shape (the geometry is worked out once per shape). */
  let lastShape: number[] = [];
  let lastWin: Window3 | undefined;
  return {
    outputTypes: ['float32'],
    run(inputs) {
      const x = inputs[0] as NativeTensor;
      if (x.shape.length !== kernel.length + 2) {
        throw new OpError(node, `input X shape ${shapeText(x.shape)} needs ${kernel.length} spatial axes for kernel_shape ${shapeText(kernel)}`);
      }
      let win = lastWin;
      if (win === undefined || lastShape.length !== x.shape.length || lastShape.some((v, i) => v !== x.shape[i])) {
        win = lastWin = resolveWindow(node, attributes, x.shape.slice(2), kernel);
        lastShape = [...x.shape];
      }
      const shape = [x.shape[0], x.shape[1], ...outputSpatial(win)];
      const y = allocateFloat32(sizeOf(shape));
      if (y.length > 0) averagePool(x.data as Float32Array, x.shape[0] * x.shape[1], win, countPadding, y);
      return [{ type: 'float32', shape, data: y }];
    },
  };
}

/**
 * One axis of the window, worked out once per shape: output o sums taps first[o] .. first[o] +
 * (taps[o] - 1) * dilation of X (those inside X) and counts[o] taps towards the divisor.
 */
interface AxisRanges {
  first: Int32Array;
  taps: Int32Array;
  counts: Int32Array;
}

/** Per window (kept while the window is), per count_include_pad: the three axes' ranges. */
const rangesCache = new WeakMap<Window3, AxisRanges[][]>();

function axisRanges(input: number, output: number, kernel: number, stride: number, dilation: number, padBegin: number, padEnd: number, countPadding: boolean): AxisRanges {
  const first = new Int32Array(output);
  const taps = new Int32Array(output);
  const counts = new Int32Array(output);
  // With count_include_pad a tap counts when it lies in X or its padding: [-padBegin, in + padEnd).
  const low = countPadding ? -padBegin : 0;
  const high = countPadding ? input + padEnd : input;
  for (let o = 0; o < output; o++) {
    const start = o * stride - padBegin;
    let inside = 0;
    let counted = 0;
    let firstInside = -1;
    for (let k = 0, i = start; k < kernel; k++, i += dilation) {
      if (i >= low && i < high) counted++;
      if (i >= 0 && i < input) {
        if (firstInside < 0) firstInside = i;
        inside++;
      }
    }
    first[o] = Math.max(0, firstInside);
    taps[o] = inside;
    counts[o] = counted;
  }
  return { first, taps, counts };
}

/**
 * Mean over each window of `planes` planes. The taps inside X along each axis are a run worked
 * out per axis and output index (so the loops have no bounds tests), the divisor is the product
 * of the per-axis counts, and sums run in float64 in kd, kh, kw order.
 */
export function averagePool(x: Float32Array, planes: number, win: Window3, countPadding: boolean, y: Float32Array): void {
  const [inD, inH, inW] = win.input;
  const [outD, outH, outW] = win.output;
  const [dD, dH, dW] = win.dilations;
  const key = countPadding ? 1 : 0;
  let cached = rangesCache.get(win);
  if (cached === undefined) rangesCache.set(win, (cached = []));
  const axes = (cached[key] ??= [0, 1, 2].map((a) =>
    axisRanges(win.input[a], win.output[a], win.kernel[a], win.strides[a], win.dilations[a], win.padBegin[a], win.padEnd[a], countPadding),
  ));
  const [depth, height, width] = axes;
  const inPlane = inD * inH * inW;
  const rowStride = dH * inW;
  const sliceStride = dD * inH * inW;
  let at = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * inPlane;
    for (let od = 0; od < outD; od++) {
      const tapsD = depth.taps[od];
      const d0 = base + depth.first[od] * inH * inW;
      for (let oh = 0; oh < outH; oh++) {
        const tapsH = height.taps[oh];
        const h0 = d0 + height.first[oh] * inW;
        const countDH = depth.counts[od] * height.counts[oh];
        for (let ow = 0; ow < outW; ow++) {
          const count = countDH * width.counts[ow];
          const tapsW = width.taps[ow];
          const w0 = h0 + width.first[ow];
          let sum = 0;
          for (let kd = 0, slice = w0; kd < tapsD; kd++, slice += sliceStride) {
            for (let kh = 0, row = slice; kh < tapsH; kh++, row += rowStride) {
              for (let kw = 0, i = row; kw < tapsW; kw++, i += dW) sum += x[i];
            }
          }
          y[at++] = count === 0 ? 0 : sum / count;
        }
      }
    }
  }
}
