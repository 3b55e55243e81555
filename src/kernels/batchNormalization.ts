/**
 * BatchNormalization, inference: Y = scale * (X - mean) / sqrt(var + epsilon) + B per channel
 * (axis 1), computed as Y = X * a + b with a = scale / sqrt(var + epsilon), b = B - mean * a.
 * https://onnx.ai/onnx/operators/onnx__BatchNormalization.html
 *
 * Versions: 6 (is_test, spatial), 7 (drops is_test), 9 (drops spatial), 14 (training_mode,
 * three outputs), 15 (scale/mean types apart from X's). Training (batch statistics, running
 * mean and variance outputs) is refused at load. spatial = 0 (6 and 7) gives the statistics
 * one value per (channel, position): shape X.shape[1:]. a and b are folded at load when all
 * four statistics are constants.
 */
import { allocateFloat32 } from './bufferPool.js';
import { expectFloatInputs } from './expectFloat.js';
import { OpError, type NodeInfo, type OpKernel } from './op.js';
import { shapeText, sizeOf, type NativeTensor } from './tensor.js';

/** ONNX default (https://onnx.ai/onnx/operators/onnx__BatchNormalization.html#attributes). */
const DEFAULT_EPSILON = 1e-5;

export function createBatchNormalization(node: NodeInfo): OpKernel {
  expectFloatInputs(node, 5, 5);
  const { attributes, opset } = node;
  const training = opset >= 14 && attributes.int('training_mode', 0) !== 0;
  if (training || node.outputCount > 1) {
    throw new OpError(node, `training mode (batch statistics, ${node.outputCount} outputs) is not supported; export the model for inference (training_mode=0, one output)`);
  }
  const epsilon = attributes.float('epsilon', DEFAULT_EPSILON);
  const spatial = opset >= 9 || attributes.int('spatial', 1) !== 0;
  const constants = node.constants.slice(1, 5);
  let folded: [Float64Array, Float64Array] | undefined;
  if (constants.every((t) => t !== undefined)) folded = fold(constants as NativeTensor[], epsilon);

  return {
    outputTypes: ['float32'],
    run(inputs) {
      const x = inputs[0] as NativeTensor;
      if (x.shape.length < 2) throw new OpError(node, `input X must be [N, C, ...], got shape ${shapeText(x.shape)}`);
      const statShape = spatial ? [x.shape[1]] : x.shape.slice(1);
      const count = sizeOf(statShape);
      const names = ['scale', 'B', 'mean', 'var'];
      for (let i = 1; i < 5; i++) {
        const t = inputs[i] as NativeTensor;
        if (sizeOf(t.shape) !== count || (t.shape.length !== statShape.length && t.shape.length !== 1)) {
          throw new OpError(node, `input ${names[i - 1]} shape ${shapeText(t.shape)} must be ${shapeText(statShape)} for X shape ${shapeText(x.shape)}`);
        }
      }
      const [a, b] = folded ?? fold(inputs.slice(1, 5) as NativeTensor[], epsilon);
      const data = x.data as Float32Array;
      const y = allocateFloat32(data.length);
      // Per channel, `inner` positions share a and b; with spatial = 0 every position has its own.
      const inner = spatial ? sizeOf(x.shape.slice(2)) : 1;
      for (let at = 0, s = 0; at < data.length; s = s + 1 === count ? 0 : s + 1) {
        const scale = a[s];
        const shift = b[s];
        for (let end = at + inner; at < end; at++) y[at] = data[at] * scale + shift;
      }
      return [{ type: 'float32', shape: x.shape, data: y }];
    },
  };
}

/** [a, b] with a = scale / sqrt(var + epsilon), b = B - mean * a, in float64 kept in float64. */
function fold([scale, bias, mean, variance]: NativeTensor[], epsilon: number): [Float64Array, Float64Array] {
  const n = scale.data.length;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const factor = scale.data[i] / Math.sqrt(variance.data[i] + epsilon);
    a[i] = factor;
    b[i] = bias.data[i] - mean.data[i] * factor;
  }
  return [a, b];
}
