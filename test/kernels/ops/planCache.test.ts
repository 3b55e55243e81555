/**
 * Kernels keep the plan of the last input shapes and shape-like inputs they saw (output shape,
 * strides, index maps, broadcast walk). One kernel run over changing inputs must give what a
 * fresh kernel gives for each, errors included.
 */
import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createAdd } from '../../../src/kernels/add.js';
import { createConcat } from '../../../src/kernels/concat.js';
import { createFlatten } from '../../../src/kernels/flatten.js';
import { createGather } from '../../../src/kernels/gather.js';
import type { OpFactory } from '../../../src/kernels/op.js';
import { createMax } from '../../../src/kernels/max.js';
import { createMul } from '../../../src/kernels/mul.js';
import { createPad } from '../../../src/kernels/pad.js';
import { createReshape } from '../../../src/kernels/reshape.js';
import { createResize } from '../../../src/kernels/resize.js';
import { createShape } from '../../../src/kernels/shape.js';
import { createSlice } from '../../../src/kernels/slice.js';
import { createSoftmax } from '../../../src/kernels/softmax.js';
import { createSqueeze } from '../../../src/kernels/squeeze.js';
import { sizeOf, type NativeTensor } from '../../../src/kernels/tensor.js';
import { createUnsqueeze } from '../../../src/kernels/unsqueeze.js';
import { createUpsample } from '../../../src/kernels/upsample.js';
import { createWhere } from '../../../src/kernels/where.js';
import { f32, i64, of, runNode } from './runNode.js';

function ramp(shape: number[]): NativeTensor {
  return f32(shape, Array.from({ length: sizeOf(shape) }, (_, i) => i * 0.25 - 3));
}

function outcome(run: () => NativeTensor[]): unknown {
  try {
    return run().map((t) => ({ type: t.type, shape: [...t.shape], data: [...t.data] }));
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function expectSameAsFresh(create: OpFactory, runs: (NativeTensor | undefined)[][], attributes = Attributes.of({}), opset = 13): void {
  const kernel = create({
    opType: 'Test', name: 'node', opset, attributes, inputTypes: runs[0].map((t) => t?.type), constants: runs[0].map(() => undefined), outputCount: 1,
  });
  for (const inputs of runs) {
    const fresh = outcome(() => runNode(create, inputs, { attributes, opset }));
    expect(outcome(() => kernel.run(inputs, inputs.map(() => false)))).toEqual(fresh);
  }
}

describe('plans kept between runs', () => {
  it('Reshape', () => {
    const spec = (...v: number[]): NativeTensor => i64([v.length], v);
    expectSameAsFresh(createReshape, [
      [ramp([2, 3, 4]), spec(6, -1)], [ramp([2, 3, 4]), spec(6, -1)], [ramp([2, 3, 4]), spec(-1, 6)], [ramp([4, 3, 2]), spec(-1, 6)],
      [ramp([4, 3, 2]), spec(5, -1)], [ramp([4, 3, 2]), spec(-1, 6)], [ramp([2, 3, 4]), spec(0, -1)], [ramp([5, 3, 4]), spec(0, -1)],
    ]);
  });

  it('Squeeze, Unsqueeze, Flatten and Gather', () => {
    const axes = (...v: number[]): NativeTensor => i64([v.length], v);
    expectSameAsFresh(createSqueeze, [
      [ramp([1, 3, 1])], [ramp([1, 3, 1]), axes(0)], [ramp([1, 3, 1]), axes(0)], [ramp([1, 3, 1]), axes(2)], [ramp([1, 3, 2]), axes(2)], [ramp([1, 3, 2]), axes(0)], [ramp([1, 3, 2])],
    ]);
    expectSameAsFresh(createUnsqueeze, [
      [ramp([3]), axes(0)], [ramp([3]), axes(0)], [ramp([3]), axes(-1)], [ramp([2, 3]), axes(-1)], [ramp([2, 3]), axes(0, 0)], [ramp([2, 3]), axes(0, 3)],
    ]);
    expectSameAsFresh(createFlatten, [[ramp([2, 3, 4])], [ramp([2, 3, 4])], [ramp([3, 4])], [ramp([3])], [ramp([])]], Attributes.of({ axis: 1 }, ['axis']));
    expectSameAsFresh(createGather, [
      [ramp([4, 3]), i64([], [1])], [ramp([4, 3]), i64([], [-1])], [ramp([4, 3]), i64([2], [0, 3])], [ramp([4, 3]), i64([2], [0, 4])],
      [ramp([2, 3]), i64([2], [0, 1])], [ramp([2, 100]), i64([2], [1, 0])], [ramp([]), i64([], [0])],
    ]);
  });

  it('Pad', () => {
    const v = (...x: number[]): NativeTensor => i64([x.length], x);
    expectSameAsFresh(createPad, [
      [ramp([2, 3]), v(0, 1, 1, 0)], [ramp([2, 3]), v(0, 1, 1, 0)], [ramp([2, 3]), v(1, 1, 1, 1)], [ramp([3, 3]), v(1, 1, 1, 1)],
      [ramp([3, 3]), v(1, 1, 1, 1), f32([], [7])], [ramp([3, 3]), v(1, 1), undefined, v(1)], [ramp([3, 3]), v(1, 1), undefined, v(0)],
      [ramp([3, 3]), v(1, 1), undefined, v(0)], [ramp([3, 3]), v(1, 1, 1, 1)], [ramp([3, 3]), v(-1, 0, 0, -1)], [ramp([3, 3]), v(1, 1)],
    ], Attributes.of({}), 18);
    expectSameAsFresh(createPad, [[ramp([2, 3]), v(0, 2, 1, 0)], [ramp([2, 3]), v(0, 2, 1, 0)], [ramp([3, 3]), v(2, 2, 2, 2)], [ramp([1, 3]), v(0, 4, 0, 4)]], Attributes.of({ mode: 'reflect' }));
  });

  it('Shape', () => {
    expectSameAsFresh(createShape, [[ramp([2, 3])], [ramp([2, 3])], [ramp([3, 2])], [ramp([1, 2, 3])], [ramp([])]]);
  });

  it('Slice', () => {
    const v = (...x: number[]): NativeTensor => i64([x.length], x);
    const data = i64([4], [1, 8, 8, 3]);
    expectSameAsFresh(createSlice, [
      [data, v(1), v(3)], [data, v(1), v(3)], [data, v(0), v(1)], [data, v(-1), v(-5), v(0), v(-1)], [data, v(-1), v(-5), v(0), v(-2)],
      [data, v(1, 2), v(3)], [i64([2], [4, 5]), v(0), v(1)],
    ]);
    expectSameAsFresh(createSlice, [
      [ramp([3, 4, 5]), v(1, 0), v(3, 4), v(0, 2)], [ramp([3, 4, 5]), v(1, 0), v(3, 4), v(0, 2)], [ramp([3, 4, 6]), v(1, 0), v(3, 4), v(0, 2)],
      [ramp([3, 4, 6]), v(1, 0), v(3, 4), v(0, 2), v(1, 0)], [ramp([3, 4, 6]), v(1, 0), v(3, 4), v(0, 2), v(1, 2)], [ramp([3, 4, 6]), v(1), v(3), v(1), v(-1)],
    ]);
  });

  it('Concat', () => {
    const attributes = Attributes.of({ axis: 1 }, ['axis']);
    expectSameAsFresh(createConcat, [
      [ramp([2, 3]), ramp([2, 1])], [ramp([2, 3]), ramp([2, 1])], [ramp([2, 100]), ramp([2, 70])], [ramp([1, 100]), ramp([1, 70])],
      [ramp([2, 3]), ramp([3, 1])], [ramp([2, 3]), ramp([2, 1])], [ramp([2, 0]), ramp([2, 1])],
    ], attributes);
  });

  it('Add and Mul', () => {
    const runs = [
      [ramp([2, 3]), ramp([3])], [ramp([2, 3]), ramp([3])], [ramp([2, 3]), ramp([2, 1])], [ramp([2, 3, 4]), ramp([3, 1])],
      [ramp([2, 3]), ramp([4])], [ramp([2, 3]), ramp([2, 3])], [ramp([1]), ramp([2, 3])], [ramp([2, 3, 4]), ramp([3, 1])],
    ];
    expectSameAsFresh(createAdd, runs);
    expectSameAsFresh(createMul, runs);
  });

  it('Max and Where', () => {
    expectSameAsFresh(createMax, [
      [ramp([2, 3]), ramp([3]), ramp([1])], [ramp([2, 3]), ramp([3]), ramp([1])], [ramp([2, 3]), ramp([3]), ramp([4, 1, 1])], [ramp([2, 3]), ramp([3]), ramp([2, 1])],
      [ramp([2, 3]), ramp([2]), ramp([1])],
    ]);
    expectSameAsFresh(createMax, [[ramp([2, 3]), ramp([3])], [ramp([2, 3]), ramp([3])], [ramp([2, 3]), ramp([2, 1])], [ramp([4]), ramp([2, 1])]]);
    const mask = (shape: number[]): NativeTensor => of('bool', shape, Uint8Array.from({ length: sizeOf(shape) }, (_, i) => i % 3 === 0 ? 1 : 0));
    expectSameAsFresh(createWhere, [
      [mask([2, 3]), ramp([3]), ramp([1])], [mask([2, 3]), ramp([3]), ramp([1])], [mask([3]), ramp([2, 3]), ramp([1])], [mask([3]), ramp([2, 3]), ramp([2, 1])],
      [mask([3]), ramp([2, 4]), ramp([1])],
    ]);
  });

  it('Softmax', () => {
    expectSameAsFresh(createSoftmax, [[ramp([2, 3])], [ramp([2, 3])], [ramp([2, 5])], [ramp([4])]]);
    expectSameAsFresh(createSoftmax, [[ramp([2, 3, 2])], [ramp([2, 3, 2])], [ramp([2, 5, 3])], [ramp([4])]], Attributes.of({ axis: 1 }, ['axis']));
  });

  it('Resize and Upsample', () => {
    const attributes = Attributes.of({ mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' });
    const scales = (...s: number[]): NativeTensor => f32([s.length], s);
    const none = f32([0], []);
    expectSameAsFresh(createResize, [
      [ramp([1, 2, 3, 3]), none, scales(1, 1, 2, 2)], [ramp([1, 2, 3, 3]), none, scales(1, 1, 2, 2)], [ramp([1, 2, 3, 3]), none, scales(1, 1, 2, 3)],
      [ramp([1, 2, 3, 4]), none, scales(1, 1, 2, 3)], [ramp([1, 2, 3, 4]), none, scales(1, 1, 0.5, 0.5)], [ramp([1, 2, 3, 4]), none, scales(1, 1, 2)],
      [ramp([1, 2, 3, 4]), none, none, i64([4], [1, 2, 5, 5])], [ramp([1, 2, 3, 4]), none, none, i64([4], [1, 2, 6, 5])],
      [ramp([1, 2, 40, 80]), none, scales(1, 1, 2, 2)],
    ], attributes, 13);
    expectSameAsFresh(createUpsample, [
      [ramp([1, 1, 2, 2]), scales(1, 1, 2, 2)], [ramp([1, 1, 2, 2]), scales(1, 1, 2, 2)], [ramp([1, 1, 2, 2]), scales(1, 1, 3, 2)], [ramp([1, 1, 3, 2]), scales(1, 1, 3, 2)],
    ], Attributes.of({ mode: 'nearest' }), 9);
  });
});
