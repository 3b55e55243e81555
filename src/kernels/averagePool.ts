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
      if (y.length > 0) averagePool(x.data as Float32Array, x.shape[0] * x.shape[1], win, countPadding, y);
      return [{ type: 'float32', shape, data: y }];
    },
  };
}

/** Mean over each window of `planes` planes. */
export function averagePool(x: Float32Array, planes: number, win: Window3, countPadding: boolean, y: Float32Array): void {
  const [inD, inH, inW] = win.input;
  const [outD, outH, outW] = win.output;
  const [kD, kH, kW] = win.kernel;
  const [sD, sH, sW] = win.strides;
  const [dD, dH, dW] = win.dilations;
  const [pD, pH, pW] = win.padBegin;
  // With count_include_pad a tap counts when it lies in X or its padding: [-padBegin, in + padEnd).
  const [lowD, lowH, lowW] = countPadding ? [-pD, -pH, -pW] : [0, 0, 0];
  const [highD, highH, highW] = countPadding ? [inD + win.padEnd[0], inH + win.padEnd[1], inW + win.padEnd[2]] : [inD, inH, inW];
  const inPlane = inD * inH * inW;
  let at = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * inPlane;
    for (let od = 0; od < outD; od++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) {
          let sum = 0;
          let count = 0;
          for (let kd = 0, id = od * sD - pD; kd < kD; kd++, id += dD) {
            if (id < lowD || id >= highD) continue;
            const depthInside = id >= 0 && id < inD;
            for (let kh = 0, ih = oh * sH - pH; kh < kH; kh++, ih += dH) {
              if (ih < lowH || ih >= highH) continue;
              const inside = depthInside && ih >= 0 && ih < inH;
              const row = base + (id * inH + ih) * inW;
              for (let kw = 0, iw = ow * sW - pW; kw < kW; kw++, iw += dW) {
                if (iw < lowW || iw >= highW) continue;
                count++;
                if (inside && iw >= 0 && iw < inW) sum += x[row + iw];
              }
            }
          }
          y[at++] = count === 0 ? 0 : sum / count;
        }
      }
    }
  }
}
