import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/model/types.js';
import { validateInferRequest, type InferTarget } from '../../src/model/validateInputs.js';

const MLP: InferTarget = {
  modelName: 'm',
  maxBatchSize: 64,
  inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
  outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 3] }],
};
const TWO_INPUTS: InferTarget = {
  modelName: 'pair',
  maxBatchSize: 0,
  inputs: [
    { name: 'a', datatype: 'FP32', shape: [2] },
    { name: 'b', datatype: 'INT64', shape: [-1] },
  ],
  outputs: [
    { name: 'y', datatype: 'FP32', shape: [2] },
    { name: 'z', datatype: 'FP32', shape: [2] },
  ],
};

const fp32 = (name: string, shape: number[], length = shape.reduce((a, b) => a * b, 1)): Tensor => ({
  name,
  datatype: 'FP32',
  shape,
  data: new Float32Array(length),
});
const int64 = (name: string, shape: number[]): Tensor => ({ name, datatype: 'INT64', shape, data: new BigInt64Array(shape[0]) });

describe('validateInferRequest', () => {
  it('accepts a good request, returning every output and the batch size', () => {
    expect(validateInferRequest(MLP, [fp32('x', [5, 4])])).toEqual({ outputNames: ['probs'], batchSize: 5 });
    expect(validateInferRequest(TWO_INPUTS, [int64('b', [3]), fp32('a', [2])], ['z', 'y', 'z'])).toEqual({
      outputNames: ['z', 'y'],
      batchSize: 1,
    });
  });

  it('counts an empty batch as one inference, as Triton does', () => {
    expect(validateInferRequest(MLP, [fp32('x', [0, 4])]).batchSize).toBe(1);
  });

  it.each<[string, InferTarget, Tensor[], string[] | undefined, string]>([
    ['unknown output', MLP, [fp32('x', [1, 4])], ['logits'], "unexpected inference output 'logits' for model 'm'"],
    ['repeated input', MLP, [fp32('x', [1, 4]), fp32('x', [1, 4])], undefined, "input 'x' already exists in request"],
    [
      'missing input',
      TWO_INPUTS,
      [fp32('a', [2])],
      undefined,
      "expected 2 inputs but got 1 inputs for model 'pair'. Got inputs ['a'], but missing required inputs ['b']. Please provide all required inputs.",
    ],
    [
      'no inputs',
      MLP,
      [],
      undefined,
      "expected 1 inputs but got 0 inputs for model 'm'. Got inputs [], but missing required inputs ['x']. Please provide all required inputs.",
    ],
    ['unknown input', MLP, [fp32('y', [1, 4])], undefined, "unexpected inference input 'y' for model 'm'"],
    ['batch too large', MLP, [fp32('x', [65, 4])], undefined, "inference request batch-size must be <= 64 for 'm'"],
    ['scalar with batching', MLP, [fp32('x', [])], undefined, "input 'x' has no shape but model requires batch dimension for 'm'"],
    [
      'wrong datatype',
      MLP,
      [{ name: 'x', datatype: 'FP64', shape: [1, 4], data: new Float64Array(4) }],
      undefined,
      "inference input 'x' data-type is 'FP64', but model 'm' expects 'FP32'",
    ],
    ['wrong shape', MLP, [fp32('x', [2, 3])], undefined, "unexpected shape for input 'x' for model 'm'. Expected [-1,4], got [2,3]"],
    ['wrong rank', TWO_INPUTS, [fp32('a', [1, 2]), int64('b', [1])], undefined, "unexpected shape for input 'a' for model 'pair'. Expected [2], got [1,2]"],
    ['wildcard in request', MLP, [fp32('x', [1, -1], 4)], undefined, "All input dimensions should be specified for input 'x' for model 'm', got [1,-1]"],
    ['short data', MLP, [fp32('x', [2, 4], 7)], undefined, "input byte size mismatch for input 'x' for model 'm'. Expected 32, got 28"],
    ['long data', MLP, [fp32('x', [2, 4], 10)], undefined, "input byte size mismatch for input 'x' for model 'm'. Expected 32, got 40"],
  ])('rejects %s with Triton wording', (_case, target, inputs, outputs, message) => {
    expect(() => validateInferRequest(target, inputs, outputs)).toThrow(message);
    expect(() => validateInferRequest(target, inputs, outputs)).toThrow(
      expect.objectContaining({ code: 'INVALID_INFER_REQUEST', statusCode: 400, message }),
    );
  });

  it('checks that batched inputs agree on the batch size', () => {
    const target: InferTarget = { ...TWO_INPUTS, maxBatchSize: 8, inputs: [{ name: 'a', datatype: 'FP32', shape: [-1, 2] }, { name: 'b', datatype: 'FP32', shape: [-1] }] };
    expect(() => validateInferRequest(target, [fp32('a', [2, 2]), fp32('b', [3])])).toThrow("input 'b' batch size does not match other inputs for 'pair'");
  });
});
