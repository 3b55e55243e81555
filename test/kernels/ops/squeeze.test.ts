import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createSqueeze } from '../../../src/kernels/squeeze.js';
import { f32, i64, runNode } from './runNode.js';

const x = f32([1, 3, 1, 2], [1, 2, 3, 4, 5, 6]);

describe('Squeeze', () => {
  it('removes every size-1 dim without axes, sharing the data', () => {
    const [y] = runNode(createSqueeze, [x]);
    expect(y.shape).toEqual([3, 2]);
    expect(y.data).toBe(x.data);
  });

  it('takes axes as an input from opset 13 (negative too)', () => {
    expect(runNode(createSqueeze, [x, i64([1], [-2])])[0].shape).toEqual([1, 3, 2]);
    expect(runNode(createSqueeze, [x, i64([2], [0, 2])], { constantInputs: [1] })[0].shape).toEqual([3, 2]);
  });

  it('takes axes as an attribute before opset 13', () => {
    expect(runNode(createSqueeze, [x], { opset: 11, attributes: Attributes.of({ axes: [0] }, ['axes']) })[0].shape).toEqual([3, 1, 2]);
  });

  it('squeezes to a scalar and handles int64', () => {
    expect(runNode(createSqueeze, [i64([1, 1], [9])])[0]).toMatchObject({ type: 'int64', shape: [] });
  });

  it('refuses a dim that is not 1 and an axis out of range', () => {
    expect(() => runNode(createSqueeze, [x, i64([1], [1])])).toThrow(/cannot squeeze axis 1 of shape \[1,3,1,2\]: its size is 3/);
    expect(() => runNode(createSqueeze, [x, i64([1], [4])])).toThrow(/axes 4 is out of range for rank 4/);
  });
});
