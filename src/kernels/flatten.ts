import { normalizeAxis, viewRun } from './axes.js';
import { expectInputs, OpError, type OpFactory } from './op.js';
import { sizeOf } from './tensor.js';

/** ONNX default: https://onnx.ai/onnx/operators/onnx__Flatten.html */
const DEFAULT_AXIS = 1;

/**
 * Flatten: reshapes X to [prod(dims[0..axis)), prod(dims[axis..))], sharing X's data.
 * https://onnx.ai/onnx/operators/onnx__Flatten.html
 * axis is in [-rank, rank] (negative from opset 11); axis = rank gives [size, 1].
 */
export const createFlatten: OpFactory = (node) => {
  const [type] = expectInputs(node, 1, 1, ['float32', 'int64', 'int32', 'bool']);
  const axis = node.attributes.int('axis', DEFAULT_AXIS);
  if (axis < 0 && node.opset < 11) throw new OpError(node, `negative axis ${axis} needs opset 11`);
  return {
    outputTypes: [type],
    run: viewRun(node, undefined, (x) => {
      const rank = x.shape.length;
      // axis = rank is allowed: every dim goes to the outer side.
      const split = axis === rank ? rank : normalizeAxis(node, axis, rank);
      return [sizeOf(x.shape.slice(0, split)), sizeOf(x.shape.slice(split))];
    }),
  };
};
