import { describe, expect, it } from 'vitest';
import { createPRelu } from '../../../src/kernels/prelu.js';
import { EDGE_VALUES } from '../helpers.js';
import { broadcastReference, expectInputsUntouched, expectWritesInPlace, randomF32 } from './opCases.js';
import { f32, i64, runNode } from './runNode.js';

const preluReference = (x: number, slope: number): number => (x >= 0 ? x : slope * x);

/** NCHW input [1, 2, 2, 2]: channel 0 then channel 1. */
const X = f32([1, 2, 2, 2], [-1, 2, -3, 4, -5, 6, -7, 8]);
const PER_CHANNEL = [-0.1, 2, -0.30000001192092896, 4, -10, 6, -14, 8];

describe('PRelu', () => {
  it.each([
    { name: 'scalar [] slope', x: f32([3], [-2, 0, 3]), slope: f32([], [0.5]), y: [-1, 0, 3] },
    { name: 'slope of X shape', x: f32([2], [-2, -4]), slope: f32([2], [0.5, 0.25]), y: [-1, -1] },
    { name: 'last-axis slope', x: f32([2, 2], [-1, -1, -1, 1]), slope: f32([2], [2, 3]), y: [-2, -3, -2, 1] },
    { name: '(C,1,1) slope', x: X, slope: f32([2, 1, 1], [0.1, 2]), y: PER_CHANNEL },
    { name: '(1,C,1,1) slope', x: X, slope: f32([1, 2, 1, 1], [0.1, 2]), y: PER_CHANNEL },
    { name: 'NaN propagates', x: f32([1], [NaN]), slope: f32([1], [0.5]), y: [NaN] },
  ])('$name', ({ x, slope, y }) => {
    const [out] = runNode(createPRelu, [x, slope]);
    expect(out.shape).toEqual(x.shape);
    expect(Array.from(out.data)).toEqual(y.map(Math.fround));
  });

  it('reads a slope of C elements per channel before opset 7, whatever its shape', () => {
    for (const shape of [[2], [2, 1, 1], [1, 2, 1, 1]]) {
      const [out] = runNode(createPRelu, [X, f32(shape, [0.1, 2])], { opset: 6 });
      expect(Array.from(out.data)).toEqual(PER_CHANNEL.map(Math.fround));
    }
    const [shared] = runNode(createPRelu, [X, f32([1], [2])], { opset: 6 });
    expect(Array.from(shared.data)).toEqual([-2, 2, -6, 4, -10, 6, -14, 8]);
  });

  it('keeps ONNX one-way broadcasting from opset 7: a (C) slope aligns with the last axis', () => {
    // C == W: valid, but per column, not per channel.
    const [out] = runNode(createPRelu, [X, f32([2], [0.1, 2])]);
    expect(Array.from(out.data)).toEqual([-0.1, 2, -0.3, 4, -0.5, 6, -0.7, 8].map(Math.fround));
    expect(() => runNode(createPRelu, [f32([1, 3, 2], [1, 1, 1, 1, 1, 1]), f32([3], [1, 1, 1])])).toThrow(
      "Test 'node': slope shape [3] does not broadcast to X shape [1,3,2]",
    );
  });

  it('matches the formula over the edge values against every slope', () => {
    const values = Array.from(EDGE_VALUES, Math.fround);
    const x = f32([values.length, values.length], values.flatMap(() => values));
    const slope = f32([values.length, 1], values);
    const ref = broadcastReference([x, slope], preluReference);
    expect(Array.from(runNode(createPRelu, [x, slope])[0].data)).toEqual(Array.from(Float32Array.from(ref.values)));
  });

  it('matches the formula on random data with a general broadcast', () => {
    const x = randomF32([2, 3, 4, 5], 21);
    const slope = randomF32([3, 1, 5], 22);
    const ref = broadcastReference([x, slope], preluReference);
    expect(Array.from(runNode(createPRelu, [x, slope])[0].data)).toEqual(Array.from(Float32Array.from(ref.values)));
  });

  it('works in place into X only', () => {
    expectWritesInPlace(createPRelu, [f32([2, 2], [-1, 2, -3, 4]), f32([2], [0.5, 0.5])], 0);
    expectInputsUntouched(createPRelu, [f32([2], [-1, 2]), f32([2], [0.5, 0.5])]);
  });

  it('refuses other types and a slope of another type at load', () => {
    expect(() => runNode(createPRelu, [i64([1], [1]), i64([1], [1])])).toThrow(/input 0 has type int64, which is not supported \(float32\)/);
    expect(() => runNode(createPRelu, [f32([1], [1]), i64([1], [1])])).toThrow(/input 1 has type int64, which is not supported \(float32\)/);
  });
});
