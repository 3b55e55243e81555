import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createUpsample } from '../../../src/kernels/upsample.js';
import { f32, runNode } from './runNode.js';

const { AttributeType } = onnxProto.onnx.AttributeProto;
const x = f32([1, 1, 2, 2], [1, 2, 3, 4]);

describe('Upsample', () => {
  it('nearest by a scales input (opset 9) repeats pixels', () => {
    const [y] = runNode(createUpsample, [x, f32([4], [1, 1, 2, 3])], { opset: 9, attributes: Attributes.of({ mode: 'nearest' }) });
    expect(y.shape).toEqual([1, 1, 4, 6]);
    expect([...y.data]).toEqual([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4]);
  });

  it('linear by a scales attribute (opset 7, spec example)', () => {
    const [y] = runNode(createUpsample, [x], {
      opset: 7,
      attributes: new Attributes('test', [
        { name: 'mode', type: AttributeType.STRING, s: new TextEncoder().encode('linear') },
        { name: 'scales', type: AttributeType.FLOATS, floats: [1, 1, 2, 4] },
      ]),
    });
    expect(y.shape).toEqual([1, 1, 4, 8]);
    expect([...y.data.subarray(0, 8)]).toEqual([1, 1.25, 1.5, 1.75, 2, 2, 2, 2]);
    expect([...y.data.subarray(8, 16)]).toEqual([2, 2.25, 2.5, 2.75, 3, 3, 3, 3]);
  });

  it('is refused from opset 10, and scales below 1 are refused', () => {
    expect(() => runNode(createUpsample, [x, f32([4], [1, 1, 2, 2])], { opset: 10 })).toThrow(/deprecated from opset 10; use Resize/);
    expect(() => runNode(createUpsample, [x], { opset: 7, attributes: Attributes.of({ scales: [1, 1, 0.5, 1] }) })).toThrow(/must be >= 1/);
  });
});
