import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/model/types.js';
import { instancesToTensor, predictions, topClasses } from '../../src/protocol/v1Predict.js';

describe('instancesToTensor', () => {
  it("stacks the instances along a new batch dimension, in the model input's datatype", () => {
    const tensor = instancesToTensor({ name: 'x', datatype: 'INT32', shape: [-1, 2, 2] }, [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], 100);
    expect(tensor).toEqual({ name: 'x', datatype: 'INT32', shape: [2, 2, 2], data: new Int32Array([1, 2, 3, 4, 5, 6, 7, 8]) });
    expect(instancesToTensor({ name: 'x', datatype: 'FP32', shape: [-1] }, [1, 2], 100).shape).toEqual([2]);
  });
});

describe('predictions', () => {
  const a: Tensor = { name: 'a', datatype: 'FP32', shape: [2, 2], data: new Float32Array([1, 2, 3, NaN]) };
  const b: Tensor = { name: 'b', datatype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) };

  it('one output: the rows, nested to the row shape', () => {
    expect(predictions([a])).toEqual([[1, 2], [3, 'NaN']]);
  });

  it('several outputs: one object per row, keyed by output name', () => {
    expect(predictions([a, b])).toEqual([
      { a: [1, 2], b: true },
      { a: [3, 'NaN'], b: false },
    ]);
  });
});

describe('topClasses', () => {
  it('ranks each row, labels when there are labels', () => {
    const scores: Tensor = { name: 'p', datatype: 'FP64', shape: [2, 3], data: new Float64Array([0.1, 0.7, 0.2, 0.5, 0.25, 0.25]) };
    expect(topClasses(scores, 2, ['a', 'b', 'c'])).toEqual([
      [{ index: 1, label: 'b', score: 0.7 }, { index: 2, label: 'c', score: 0.2 }],
      [{ index: 0, label: 'a', score: 0.5 }, { index: 1, label: 'b', score: 0.25 }],
    ]);
    expect(topClasses(scores, 1, undefined)).toEqual([[{ index: 1, score: 0.7 }], [{ index: 0, score: 0.5 }]]);
  });
});
