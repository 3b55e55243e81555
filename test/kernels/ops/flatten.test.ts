import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createFlatten } from '../../../src/kernels/flatten.js';
import { f32, i64, runNode } from './runNode.js';

const x = f32([2, 3, 4], Array.from({ length: 24 }, (_, i) => i));

describe('Flatten', () => {
  it.each([
    [undefined, [2, 12]],
    [0, [1, 24]],
    [2, [6, 4]],
    [3, [24, 1]],
    [-1, [6, 4]],
    [-3, [1, 24]],
  ])('axis %s gives %j and shares the data', (axis, shape) => {
    const attributes = axis === undefined ? Attributes.of({}) : Attributes.of({ axis }, ['axis']);
    const [y] = runNode(createFlatten, [x], { attributes });
    expect(y.shape).toEqual(shape);
    expect(y.data).toBe(x.data);
  });

  it('works on int64, scalars and empty tensors', () => {
    expect(runNode(createFlatten, [i64([], [7])], { attributes: Attributes.of({ axis: 0 }, ['axis']) })[0].shape).toEqual([1, 1]);
    expect(runNode(createFlatten, [f32([0, 3], [])])[0].shape).toEqual([0, 3]);
    expect(runNode(createFlatten, [i64([2, 2], [1, 2, 3, 4])])[0].type).toBe('int64');
  });

  it('refuses an out-of-range axis, and a negative one before opset 11', () => {
    expect(() => runNode(createFlatten, [x], { attributes: Attributes.of({ axis: 4 }, ['axis']) })).toThrow(/Test 'node': axis 4 is out of range/);
    expect(() => runNode(createFlatten, [x], { opset: 9, attributes: Attributes.of({ axis: -1 }, ['axis']) })).toThrow(/negative axis -1 needs opset 11/);
  });
});
