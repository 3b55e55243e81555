import { constantIntegers, inputIntegers } from './axes.js';
import { expectInputs, expectType, OpError, type OpFactory } from './op.js';
import { allocate, shapeText, type NativeTensor } from './tensor.js';

/** ONNX default: a float32 zero. https://onnx.ai/onnx/operators/onnx__ConstantOfShape.html */
const DEFAULT_VALUE: NativeTensor = { type: 'float32', shape: [1], data: new Float32Array(1) };

/**
 * ConstantOfShape: a tensor of the given shape (a 1-D int64 input; empty gives a scalar)
 * filled with the one-element `value` attribute, of that value's type.
 * https://onnx.ai/onnx/operators/onnx__ConstantOfShape.html
 */
export const createConstantOfShape: OpFactory = (node) => {
  expectInputs(node, 1, 1, ['int64']);
  expectType(node, 0, ['int64']);
  let value: NativeTensor;
  try {
    value = node.attributes.tensor('value') ?? DEFAULT_VALUE;
  } catch (e) {
    throw new OpError(node, (e as Error).message);
  }
  if (value.data.length !== 1) throw new OpError(node, `value must hold one element, got shape ${shapeText(value.shape)}`);
  const fill = value.data[0];
  const check = (shape: number[]): number[] => {
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new OpError(node, `shape ${shapeText(shape)} has a negative dimension`);
    return shape;
  };
  const known = constantIntegers(node, 0, 'shape');
  if (known !== undefined) check(known);
  return {
    outputTypes: [value.type],
    run(inputs) {
      const shape = check(inputIntegers(node, known, inputs, 0, 'shape') ?? []);
      const y = allocate(value.type, shape);
      if (fill !== 0) y.data.fill(fill);
      return [y];
    },
  };
};
