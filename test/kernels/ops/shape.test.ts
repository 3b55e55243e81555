import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createShape } from '../../../src/kernels/shape.js';
import { f32, runNode } from './runNode.js';

const x = f32([3, 4, 5], new Array(60).fill(0));

describe('Shape', () => {
  it.each([
    [{}, [3, 4, 5]],
    [{ start: 1 }, [4, 5]],
    [{ end: -1 }, [3, 4]],
    [{ start: -10 }, [3, 4, 5]],
    [{ start: 1, end: 10 }, [4, 5]],
    [{ start: 2, end: 1 }, []],
  ])('%j gives %j', (attrs, expected) => {
    const [y] = runNode(createShape, [x], { attributes: Attributes.of(attrs, ['start', 'end']) });
    expect(y.type).toBe('int64');
    expect([...y.data]).toEqual(expected);
  });

  it('ignores start/end before opset 15 and gives [] for a scalar', () => {
    expect([...runNode(createShape, [x], { opset: 13, attributes: Attributes.of({ start: 1 }, ['start']) })[0].data]).toEqual([3, 4, 5]);
    expect(runNode(createShape, [f32([], [1])])[0].shape).toEqual([0]);
  });
});
