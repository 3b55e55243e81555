import { constantIntegers, inputIntegers, normalizeAxes, viewRun } from './axes.js';
import { expectInputs, expectType, OpError, type OpFactory } from './op.js';

/**
 * Unsqueeze: inserts size-1 dims at the given axes of the output (axes may be negative and in
 * any order), sharing the data's buffer. axes is an attribute before opset 13, an input from 13.
 * https://onnx.ai/onnx/operators/onnx__Unsqueeze.html
 */
export const createUnsqueeze: OpFactory = (node) => {
  const axesAsInput = node.opset >= 13;
  const [type] = expectInputs(node, axesAsInput ? 2 : 1, axesAsInput ? 2 : 1, ['float32', 'int64', 'int32', 'bool']);
  if (axesAsInput) expectType(node, 1, ['int64']);
  const known = axesAsInput ? constantIntegers(node, 1, 'axes') : node.attributes.ints('axes');
  if (!axesAsInput && known === undefined) throw new OpError(node, 'attribute axes is required');
  return {
    outputTypes: [type],
    run: viewRun(node, known === undefined ? 1 : undefined, (x, inputs) => {
      const axes = inputIntegers(node, known, inputs, 1, 'axes') ?? [];
      const rank = x.shape.length + axes.length;
      const inserted = normalizeAxes(node, axes, rank);
      const shape = new Array<number>(rank);
      for (let i = 0, j = 0; i < rank; i++) shape[i] = inserted.includes(i) ? 1 : x.shape[j++];
      return shape;
    }),
  };
};
