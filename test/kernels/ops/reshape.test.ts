import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createReshape } from '../../../src/kernels/reshape.js';
import { f32, i64, runNode } from './runNode.js';

const x = f32([2, 3, 4], Array.from({ length: 24 }, (_, i) => i));

describe('Reshape', () => {
  it.each([
    [[4, 6], [4, 6]],
    [[-1], [24]],
    [[2, -1], [2, 12]],
    [[0, 0, -1], [2, 3, 4]],
    [[0, 4, 3], [2, 4, 3]],
    [[1, -1, 1, 4], [1, 6, 1, 4]],
  ])('shape %j gives %j, sharing the data', (spec, shape) => {
    const [y] = runNode(createReshape, [x, i64([spec.length], spec)], { constantInputs: [1] });
    expect(y.shape).toEqual(shape);
    expect(y.data).toBe(x.data);
  });

  it('takes a shape computed at run time (int64 data too)', () => {
    const [y] = runNode(createReshape, [i64([2, 2], [1, 2, 3, 4]), i64([1], [4])]);
    expect(y).toMatchObject({ type: 'int64', shape: [4] });
  });

  it('reshapes to and from scalars and empty tensors', () => {
    expect(runNode(createReshape, [f32([1, 1], [5]), i64([0], [])])[0].shape).toEqual([]);
    expect(runNode(createReshape, [f32([0, 3], []), i64([2], [3, -1])])[0].shape).toEqual([3, 0]);
  });

  it('keeps 0 as a zero dimension with allowzero=1 (opset 14)', () => {
    const attributes = Attributes.of({ allowzero: 1 }, ['allowzero']);
    expect(runNode(createReshape, [f32([0, 3, 4], []), i64([3], [3, 4, 0])], { attributes })[0].shape).toEqual([3, 4, 0]);
    // Before opset 14 the attribute does not exist: 0 copies.
    expect(runNode(createReshape, [x, i64([3], [0, 3, 4])], { attributes, opset: 13 })[0].shape).toEqual([2, 3, 4]);
  });

  it('names the op, node and both shapes when sizes disagree', () => {
    expect(() => runNode(createReshape, [f32([2, 3], [1, 2, 3, 4, 5, 6]), i64([2], [4, -1])])).toThrow(
      "Test 'node': cannot reshape [2,3] (6 elements) into [4,-1]",
    );
    expect(() => runNode(createReshape, [x, i64([2], [-1, -1])], { constantInputs: [1] })).toThrow(/more than one -1/);
    expect(() => runNode(createReshape, [x, i64([2], [-2, 12])])).toThrow(/below -1/);
    expect(() => runNode(createReshape, [x, i64([2], [0, -1])], { attributes: Attributes.of({ allowzero: 1 }, ['allowzero']) })).toThrow(/both 0 and -1/);
  });
});
