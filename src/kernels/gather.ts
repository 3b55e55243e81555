import { normalizeAxis, required } from './axes.js';
import { expectInputs, expectType, OpError, type OpFactory } from './op.js';
import { allocate, sameDims, shapeText, sizeOf } from './tensor.js';

/** ONNX default: https://onnx.ai/onnx/operators/onnx__Gather.html */
const DEFAULT_AXIS = 0;

/**
 * Gather: y[a..., i..., b...] = data[a..., indices[i...], b...] along axis; negative indices
 * count from the end (opset >= 11). Out-of-range indices are an error.
 * https://onnx.ai/onnx/operators/onnx__Gather.html
 */
export const createGather: OpFactory = (node) => {
  const [type] = expectInputs(node, 2, 2, ['float32', 'int64', 'int32', 'bool']);
  expectType(node, 1, ['int64', 'int32']);
  const axisAttribute = node.attributes.int('axis', DEFAULT_AXIS);
  // The plan for the last data and indices shapes seen: output shape, axis, outer and inner sizes.
  let lastData: readonly number[] | undefined;
  let lastIndices: readonly number[] = [];
  let outShape: readonly number[] = [];
  let axis = 0;
  let outer = 0;
  let inner = 0;
  return {
    outputTypes: [type],
    run(inputs) {
      const x = required(node, inputs, 0);
      const indices = required(node, inputs, 1);
      if (lastData === undefined || !sameDims(x.shape, lastData) || !sameDims(indices.shape, lastIndices)) {
        lastData = undefined;
        if (x.shape.length === 0) throw new OpError(node, 'data must have rank >= 1, got a scalar');
        axis = normalizeAxis(node, axisAttribute, x.shape.length);
        outer = sizeOf(x.shape.slice(0, axis));
        inner = sizeOf(x.shape.slice(axis + 1));
        outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
        lastData = x.shape.slice();
        lastIndices = indices.shape.slice();
      }
      const dim = x.shape[axis];
      const y = allocate(type, outShape);
      const idx = indices.data;
      const count = idx.length;
      for (let i = 0; i < count; i++) {
        if (idx[i] < -dim || idx[i] >= dim) {
          throw new OpError(node, `index ${idx[i]} is out of range for axis ${axis} of data shape ${shapeText(x.shape)}`);
        }
      }
      const src = x.data;
      const out = y.data;
      if (inner === 1) {
        for (let o = 0, w = 0; o < outer; o++) {
          const base = o * dim;
          for (let i = 0; i < count; i++) {
            const k = idx[i];
            out[w++] = src[base + (k < 0 ? k + dim : k)];
          }
        }
      } else {
        for (let o = 0, w = 0; o < outer; o++) {
          for (let i = 0; i < count; i++, w += inner) {
            const k = idx[i] < 0 ? idx[i] + dim : idx[i];
            const start = (o * dim + k) * inner;
            if (inner > 64) out.set(src.subarray(start, start + inner) as never, w);
            else for (let j = 0; j < inner; j++) out[w + j] = src[start + j];
          }
        }
      }
      return [y];
    },
  };
};
