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
import { outputSpatial, readWindowAttributes, resolveWindow, type Window3 } from './poolGeometry.js';
import { shapeText, sizeOf, type NativeTensor } from './tensor.js';

export function createMaxPool(node: NodeInfo): OpKernel {
  expectFloatInputs(node, 1, 1);
  if (node.outputCount > 1) throw new OpError(node, 'the Indices output (argmax positions) is not supported; use one output');
  const attributes = readWindowAttributes(node, node.opset >= 10);
  const kernel = attributes.kernelShape;
  if (kernel === undefined) throw new OpError(node, 'kernel_shape is required');
  return {
    outputTypes: ['float32'],
    run(inputs) {
      const x = inputs[0] as NativeTensor;
      if (x.shape.length !== kernel.length + 2) {
        throw new OpError(node, `input X shape ${shapeText(x.shape)} needs ${kernel.length} spatial axes for kernel_shape ${shapeText(kernel)}`);
      }
      const win = resolveWindow(node, attributes, x.shape.slice(2), kernel);
      const shape = [x.shape[0], x.shape[1], ...outputSpatial(win)];
      const y = allocateFloat32(sizeOf(shape));
      if (y.length > 0) maxPool(x.data as Float32Array, x.shape[0] * x.shape[1], win, y);
      return [{ type: 'float32', shape, data: y }];
    },
  };
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
