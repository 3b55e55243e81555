import { required } from './axes.js';
import { expectInputs, type OpFactory } from './op.js';

/**
 * Identity: y = x, returned as the same tensor (the executor tracks the aliasing).
 * https://onnx.ai/onnx/operators/onnx__Identity.html
 */
export const createIdentity: OpFactory = (node) => {
  const [type] = expectInputs(node, 1, 1, ['float32', 'int64', 'int32', 'bool']);
  return {
    outputTypes: [type],
    run: (inputs) => [required(node, inputs, 0)],
  };
};
