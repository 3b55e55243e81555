import { constantIntegers, inputIntegers, normalizeAxes, viewRun } from './axes.js';
import { expectInputs, expectType, OpError, type OpFactory } from './op.js';
import { shapeText } from './tensor.js';

/**
 * Squeeze: removes the size-1 dims listed in axes (all size-1 dims when axes is absent),
 * sharing the data's buffer. axes is an attribute before opset 13, an optional input from 13.
 * https://onnx.ai/onnx/operators/onnx__Squeeze.html
 */
export const createSqueeze: OpFactory = (node) => {
  const axesAsInput = node.opset >= 13;
  const [type] = expectInputs(node, 1, axesAsInput ? 2 : 1, ['float32', 'int64', 'int32', 'bool']);
  if (axesAsInput && node.inputTypes[1] !== undefined) expectType(node, 1, ['int64']);
  const known = axesAsInput ? constantIntegers(node, 1, 'axes') : node.attributes.ints('axes');
  return {
    outputTypes: [type],
    run: viewRun(node, axesAsInput && known === undefined ? 1 : undefined, (x, inputs) => {
      const axes = axesAsInput ? inputIntegers(node, known, inputs, 1, 'axes') : known;
      if (axes === undefined) return x.shape.filter((d) => d !== 1);
      const drop = normalizeAxes(node, axes, x.shape.length);
      for (const a of drop) {
        if (x.shape[a] !== 1) throw new OpError(node, `cannot squeeze axis ${a} of shape ${shapeText(x.shape)}: its size is ${x.shape[a]}, not 1`);
      }
      return x.shape.filter((_, i) => !drop.includes(i));
    }),
  };
};
