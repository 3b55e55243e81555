import { expectInputs, OpError, type NodeInfo, type OpFactory } from './op.js';
import { type NativeTensor } from './tensor.js';

/** The one value attribute a Constant carries, as a tensor. */
function constantValue(node: NodeInfo): NativeTensor {
  const a = node.attributes;
  const given = a.names().filter((n) => n.startsWith('value') || n === 'sparse_value');
  if (given.length !== 1) throw new OpError(node, `needs exactly one value attribute, got ${given.length ? given.join(', ') : 'none'}`);
  const name = given[0];
  switch (name) {
    case 'value': {
      const t = a.tensor('value');
      if (t === undefined) throw new OpError(node, 'attribute value has no tensor');
      return t;
    }
    case 'value_float':
      return { type: 'float32', shape: [], data: Float32Array.of(a.float(name, 0)) };
    case 'value_floats':
      return { type: 'float32', shape: [a.floats(name, []).length], data: Float32Array.from(a.floats(name, [])) };
    case 'value_int':
      return { type: 'int64', shape: [], data: Float64Array.of(a.int(name, 0)) };
    case 'value_ints':
      return { type: 'int64', shape: [a.ints(name, []).length], data: Float64Array.from(a.ints(name, [])) };
    default:
      throw new OpError(node, `attribute ${name} is not supported by the native backend (value, value_float(s), value_int(s) are)`);
  }
}

/**
 * Constant: outputs the tensor held in its attribute (value; value_float(s) and value_int(s)
 * from opset 12). Each run hands out a copy, so that a consumer working in place cannot change
 * the constant for later requests.
 * https://onnx.ai/onnx/operators/onnx__Constant.html
 */
export const createConstant: OpFactory = (node) => {
  expectInputs(node, 0, 0);
  let value: NativeTensor;
  try {
    value = constantValue(node);
  } catch (e) {
    if (e instanceof OpError) throw e;
    throw new OpError(node, (e as Error).message);
  }
  return {
    outputTypes: [value.type],
    run: () => [{ type: value.type, shape: value.shape, data: value.data.slice() }],
  };
};
