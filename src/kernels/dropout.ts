import { required } from './axes.js';
import { expectInputs, OpError, type NodeInfo, type OpFactory } from './op.js';
import { allocate, type ElemType, type NativeTensor } from './tensor.js';

/** ONNX default: https://onnx.ai/onnx/operators/onnx__Dropout.html */
const DEFAULT_RATIO = 0.5;

function isTrue(t: NativeTensor | undefined): boolean {
  return t !== undefined && t.data.length > 0 && t.data[0] !== 0;
}

/** Training with ratio 0 drops nothing, so it is the identity too. */
function drops(ratio: NativeTensor | undefined): boolean {
  return (ratio === undefined || ratio.data.length === 0 ? DEFAULT_RATIO : ratio.data[0]) !== 0;
}

function refuseTraining(node: NodeInfo): never {
  throw new OpError(node, 'training mode is not supported: the native backend runs inference only');
}

/**
 * Dropout at inference: y = x (shared, not copied) and, when asked for, a mask of all true.
 * https://onnx.ai/onnx/operators/onnx__Dropout.html
 * The mask is T before opset 10, bool from 10. From opset 12 ratio and training_mode are
 * inputs; training_mode true is refused unless ratio is 0 (at load when both are known
 * then, else at run): random masks would not match onnxruntime's anyway.
 */
export const createDropout: OpFactory = (node) => {
  const inputsForm = node.opset >= 12;
  const [type] = expectInputs(node, 1, inputsForm ? 3 : 1, ['float32']);
  if (node.opset < 7 && node.attributes.int('is_test', 0) === 0 && node.outputCount > 1) {
    throw new OpError(node, 'is_test=0 with a mask output is training mode, which the native backend does not run');
  }
  if (inputsForm && isTrue(node.constants[2]) && (node.inputTypes[1] === undefined || (node.constants[1] !== undefined && drops(node.constants[1])))) {
    refuseTraining(node);
  }
  const maskType: ElemType = node.opset >= 10 ? 'bool' : type;
  const outputTypes = node.outputCount > 1 ? [type, maskType] : [type];
  return {
    outputTypes,
    run(inputs) {
      const x = required(node, inputs, 0);
      if (inputsForm && isTrue(inputs[2]) && drops(inputs[1])) refuseTraining(node);
      if (node.outputCount < 2) return [x];
      const mask = allocate(maskType, x.shape);
      mask.data.fill(1);
      return [x, mask];
    },
  };
};
