import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createPad } from '../../../src/kernels/pad.js';
import { f32, i64, of, runNode } from './runNode.js';

const x = f32([3, 2], [1, 1.2, 2.3, 3.4, 4.5, 5.7]);
const mode = (m: string) => ({ attributes: Attributes.of({ mode: m }) });

describe('Pad', () => {
  it('pads with a constant (the spec examples)', () => {
    const [y] = runNode(createPad, [x, i64([4], [0, 2, 0, 0]), f32([], [0])]);
    expect(y.shape).toEqual([3, 4]);
    expect([...y.data]).toEqual([0, 0, 1, 1.2, 0, 0, 2.3, 3.4, 0, 0, 4.5, 5.7].map(Math.fround));
    const [v] = runNode(createPad, [f32([2], [1, 2]), i64([2], [1, 1]), f32([], [9])]);
    expect([...v.data]).toEqual([9, 1, 2, 9]);
  });

  it.each([
    ['reflect', [1, 1.2, 1, 1.2, 2.3, 3.4, 2.3, 3.4, 4.5, 5.7, 4.5, 5.7]],
    ['edge', [1, 1, 1, 1.2, 2.3, 2.3, 2.3, 3.4, 4.5, 4.5, 4.5, 5.7]],
  ])('pads in %s mode', (m, expected) => {
    const [y] = runNode(createPad, [x, i64([4], [0, 2, 0, 0])], mode(m));
    expect([...y.data]).toEqual(expected.map(Math.fround));
  });

  it('reflects past the far edge and wraps (opset 19)', () => {
    const row = i64([4], [1, 2, 3, 4]);
    expect([...runNode(createPad, [row, i64([2], [3, 3])], mode('reflect'))[0].data]).toEqual([4, 3, 2, 1, 2, 3, 4, 3, 2, 1]);
    expect([...runNode(createPad, [row, i64([2], [2, 1])], mode('wrap'))[0].data]).toEqual([3, 4, 1, 2, 3, 4, 1]);
  });

  it('crops with negative pads, takes axes (opset 18) and works on int32', () => {
    const [y] = runNode(createPad, [x, i64([4], [-1, 0, 0, -1])]);
    expect([...y.data]).toEqual([2.3, 4.5].map(Math.fround));
    const [a] = runNode(createPad, [x, i64([2], [1, 0]), undefined, i64([1], [-1])]);
    expect(a.shape).toEqual([3, 3]);
    const [n] = runNode(createPad, [of('int32', [2], Int32Array.of(1, 2)), i64([2], [1, 0]), of('int32', [], Int32Array.of(-7))]);
    expect([...n.data]).toEqual([-7, 1, 2]);
  });

  it('takes pads and value as attributes before opset 11', () => {
    const attributes = Attributes.of({ pads: [1, 0], value: 2.5 }, ['pads']);
    expect([...runNode(createPad, [f32([1], [1])], { opset: 2, attributes })[0].data]).toEqual([2.5, 1]);
  });

  it('refuses a bad pads length, an unknown mode, and wrap before opset 19', () => {
    expect(() => runNode(createPad, [x, i64([2], [1, 1])])).toThrow(/pads has 2 values; input shape \[3,2\] needs 4/);
    expect(() => runNode(createPad, [x, i64([4], [0, 0, 0, 0])], mode('mirror'))).toThrow(/mode 'mirror' is not one of/);
    expect(() => runNode(createPad, [x, i64([4], [0, 0, 0, 0])], { ...mode('wrap'), opset: 18 })).toThrow(/mode 'wrap'/);
    expect(() => runNode(createPad, [f32([0], []), i64([2], [1, 1])], mode('edge'))).toThrow(/cannot pad an empty axis/);
  });
});
