import { required } from './axes.js';
import { expectInputs, type OpFactory } from './op.js';
import { allocate, sameDims } from './tensor.js';

/**
 * Shape: the input's dims as a 1-D int64 tensor, dims[start:end] from opset 15 (negative
 * values count from the end; both are clamped to [0, rank]).
 * https://onnx.ai/onnx/operators/onnx__Shape.html
 */
export const createShape: OpFactory = (node) => {
  expectInputs(node, 1, 1, ['float32', 'int64', 'int32', 'bool']);
  const start = node.opset >= 15 ? node.attributes.int('start', 0) : 0;
  const end = node.opset >= 15 ? node.attributes.int('end') : undefined;
  // The last input dims seen and what they give: the output's dims and shape.
  let lastDims: readonly number[] = [];
  let values: readonly number[] = [];
  let outShape: readonly number[] = [0];
  return {
    outputTypes: ['int64'],
    run(inputs) {
      const dims = required(node, inputs, 0).shape;
      if (!sameDims(dims, lastDims)) {
        const rank = dims.length;
        const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
        lastDims = dims.slice();
        values = dims.slice(clamp(start), end === undefined ? rank : clamp(end));
        outShape = [values.length];
      }
      const y = allocate('int64', outShape);
      const data = y.data;
      for (let i = 0; i < values.length; i++) data[i] = values[i];
      return [y];
    },
  };
};
