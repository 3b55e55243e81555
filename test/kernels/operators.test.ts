import { describe, expect, it } from 'vitest';
import { findOperator, OPERATORS } from '../../src/kernels/operators.js';

/** The ops the native backend promises (issue 4), with the first opset each exists at in ONNX. */
const PROMISED: Record<string, number> = {
  Relu: 6, LeakyRelu: 6, PRelu: 6, Elu: 6, Selu: 6, Celu: 12, ThresholdedRelu: 10, Sigmoid: 6, HardSigmoid: 6,
  Tanh: 6, Softplus: 6, Clip: 6, Softmax: 6, LogSoftmax: 6,
  Gemm: 6, MatMul: 6,
  Add: 6, Sub: 6, Mul: 6, Div: 6, Pow: 6, Sqrt: 6, Exp: 6, Log: 6, Neg: 6, Abs: 6, Max: 6, Min: 6, Equal: 6, Where: 9,
  Conv: 6, ConvTranspose: 6, MaxPool: 6, AveragePool: 6, GlobalAveragePool: 6, GlobalMaxPool: 6, BatchNormalization: 6,
  Flatten: 6, Reshape: 6, Transpose: 6, Concat: 6, Split: 6, Slice: 6, Squeeze: 6, Unsqueeze: 6, Gather: 6, Shape: 6,
  Constant: 6, ConstantOfShape: 9, Identity: 6, Dropout: 6, Cast: 6, Pad: 6, Resize: 10, Upsample: 7,
  ReduceMean: 6, ReduceSum: 6, ReduceMax: 6,
};

describe('operator table', () => {
  it.each(Object.entries(PROMISED))('%s has a row at every opset from %i to 21', (opType, first) => {
    for (let opset = first; opset <= 21; opset++) expect(findOperator(opType, opset), `${opType} at opset ${opset}`).toBeDefined();
  });

  it('picks the newest version not above the model opset', () => {
    expect(findOperator('Softmax', 12)?.since).toBe(11);
    expect(findOperator('Softmax', 13)?.since).toBe(13);
    expect(findOperator('PRelu', 6)?.since).toBe(6);
    expect(findOperator('PRelu', 8)?.since).toBe(7);
    expect(findOperator('Erf', 13)).toBeUndefined();
  });

  it('lists each (op, version) once', () => {
    const keys = OPERATORS.map((e) => `${e.opType}@${e.since}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
