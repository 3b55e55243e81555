import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createConstant } from '../../../src/kernels/constant.js';
import { runNode } from './runNode.js';

const { AttributeType } = onnxProto.onnx.AttributeProto;
const { DataType } = onnxProto.onnx.TensorProto;

function tensorAttribute(name: string, dims: number[], dataType: number, field: Record<string, number[]>): Attributes {
  return new Attributes('test', [{ name, type: AttributeType.TENSOR, t: { dims, dataType, ...field } }]);
}

describe('Constant', () => {
  it('outputs the value tensor, a fresh copy per run', () => {
    const attributes = tensorAttribute('value', [2], DataType.FLOAT, { floatData: [1.5, -2] });
    const [a] = runNode(createConstant, [], { attributes });
    const [b] = runNode(createConstant, [], { attributes });
    expect(a).toMatchObject({ type: 'float32', shape: [2] });
    expect([...a.data]).toEqual([1.5, -2]);
    expect(a.data).not.toBe(b.data);
  });

  it('reads int64 tensors and the value_float(s) / value_int(s) forms', () => {
    const [t] = runNode(createConstant, [], { attributes: tensorAttribute('value', [], DataType.INT64, { int64Data: [7] }) });
    expect(t).toMatchObject({ type: 'int64', shape: [] });
    expect([...runNode(createConstant, [], { attributes: Attributes.of({ value_float: 0.5 }) })[0].data]).toEqual([0.5]);
    expect(runNode(createConstant, [], { attributes: Attributes.of({ value_floats: [0.5, 1.5] }) })[0].shape).toEqual([2]);
    const [i] = runNode(createConstant, [], { attributes: Attributes.of({ value_int: 3 }, ['value_int']) });
    expect(i).toMatchObject({ type: 'int64', shape: [] });
    const [is] = runNode(createConstant, [], { attributes: Attributes.of({ value_ints: [1, -1] }, ['value_ints']) });
    expect([...is.data]).toEqual([1, -1]);
  });

  it('refuses no value, strings and unsupported tensor types at load', () => {
    expect(() => runNode(createConstant, [])).toThrow(/needs exactly one value attribute, got none/);
    expect(() => runNode(createConstant, [], { attributes: Attributes.of({ value_string: 'a' }) })).toThrow(/value_string is not supported/);
    expect(() => runNode(createConstant, [], { attributes: tensorAttribute('value', [1], DataType.DOUBLE, { doubleData: [1] }) })).toThrow(
      /Test 'node'.*FP64 is not supported/,
    );
  });
});
