import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createConstantOfShape } from '../../../src/kernels/constantOfShape.js';
import { i64, runNode } from './runNode.js';

const { AttributeType } = onnxProto.onnx.AttributeProto;
const { DataType } = onnxProto.onnx.TensorProto;

describe('ConstantOfShape', () => {
  it('fills float32 zeros by default', () => {
    const [y] = runNode(createConstantOfShape, [i64([2], [2, 3])]);
    expect(y).toMatchObject({ type: 'float32', shape: [2, 3] });
    expect([...y.data]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('fills the value attribute, of its type; an empty shape gives a scalar', () => {
    const attributes = new Attributes('test', [{ name: 'value', type: AttributeType.TENSOR, t: { dims: [1], dataType: DataType.INT64, int64Data: [5] } }]);
    const [y] = runNode(createConstantOfShape, [i64([1], [3])], { attributes });
    expect(y.type).toBe('int64');
    expect([...y.data]).toEqual([5, 5, 5]);
    expect(runNode(createConstantOfShape, [i64([0], [])], { attributes })[0].shape).toEqual([]);
    expect(runNode(createConstantOfShape, [i64([2], [0, 4])])[0].shape).toEqual([0, 4]);
  });

  it('refuses negative dims and a value of more than one element', () => {
    expect(() => runNode(createConstantOfShape, [i64([1], [-1])], { constantInputs: [0] })).toThrow(/negative dimension/);
    const attributes = new Attributes('test', [{ name: 'value', type: AttributeType.TENSOR, t: { dims: [2], dataType: DataType.FLOAT, floatData: [1, 2] } }]);
    expect(() => runNode(createConstantOfShape, [i64([1], [1])], { attributes })).toThrow(/value must hold one element/);
  });
});
