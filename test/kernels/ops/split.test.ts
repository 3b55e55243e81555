import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createSplit } from '../../../src/kernels/split.js';
import { f32, i64, runNode } from './runNode.js';

const x = f32([2, 6], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
const values = (ts: { data: ArrayLike<number> }[]) => ts.map((t) => [...Array.from(t.data)]);

describe('Split', () => {
  it('splits equally by the output count', () => {
    const ys = runNode(createSplit, [x], { outputCount: 3, attributes: Attributes.of({ axis: 1 }, ['axis']) });
    expect(ys.map((y) => y.shape)).toEqual([[2, 2], [2, 2], [2, 2]]);
    expect(values(ys)).toEqual([[1, 2, 7, 8], [3, 4, 9, 10], [5, 6, 11, 12]]);
  });

  it('takes split sizes as an input from opset 13, an attribute before', () => {
    const ys = runNode(createSplit, [x, i64([2], [2, 4])], { outputCount: 2, attributes: Attributes.of({ axis: -1 }, ['axis']) });
    expect(values(ys)).toEqual([[1, 2, 7, 8], [3, 4, 5, 6, 9, 10, 11, 12]]);
    const old = runNode(createSplit, [x], { opset: 11, outputCount: 2, attributes: Attributes.of({ axis: 0, split: [1, 1] }, ['axis', 'split']) });
    expect(values(old)).toEqual([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]);
  });

  it('splits by num_outputs from opset 18, the last part smaller', () => {
    const ys = runNode(createSplit, [i64([5], [1, 2, 3, 4, 5])], { opset: 18, outputCount: 2, attributes: Attributes.of({ num_outputs: 2 }, ['num_outputs']) });
    expect(values(ys)).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('gives empty parts for zero sizes', () => {
    const ys = runNode(createSplit, [f32([0], []), i64([3], [0, 0, 0])], { outputCount: 3 });
    expect(ys.map((y) => y.shape)).toEqual([[0], [0], [0]]);
  });

  it('refuses sizes that do not add up or parts that are not equal', () => {
    expect(() => runNode(createSplit, [x, i64([2], [1, 2])], { outputCount: 2 })).toThrow(/split \[1,2\] does not add up to the axis size 2/);
    expect(() => runNode(createSplit, [x], { outputCount: 4, attributes: Attributes.of({ axis: 1 }, ['axis']) })).toThrow(/axis size 6 does not split into 4 equal parts/);
  });
});
