import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createMaxPool } from '../../../src/kernels/maxPool.js';
import { f32, runNode } from './runNode.js';

const INTS = ['ceil_mode', 'storage_order'];
const X4 = f32([1, 1, 4, 4], Array.from({ length: 16 }, (_, i) => i + 1));

/** Max over windows of a [1, 1, H, W] image; pads [top, left, bottom, right]. */
function naiveMaxPool2d(x: number[], h: number, w: number, k: number[], s: number[], pads: number[], d: number[], oh: number, ow: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
    let best = -Infinity;
    for (let u = 0; u < k[0]; u++) for (let v = 0; v < k[1]; v++) {
      const r = i * s[0] - pads[0] + u * d[0];
      const c = j * s[1] - pads[1] + v * d[1];
      if (r >= 0 && r < h && c >= 0 && c < w) best = Math.max(best, x[r * w + c]);
    }
    out.push(best);
  }
  return out;
}

describe('MaxPool', () => {
  it('pools literal 2x2 windows', () => {
    const [y] = runNode(createMaxPool, [X4], { attributes: Attributes.of({ kernel_shape: [2, 2], strides: [2, 2] }) });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(y.data)).toEqual([6, 8, 14, 16]);
  });

  it.each([
    ['pads', { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, [3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 4, 4],
    ['strides and asymmetric pads', { kernel_shape: [2, 3], strides: [2, 1], pads: [0, 1, 1, 0] }, [2, 3], [2, 1], [0, 1, 1, 0], [1, 1], 2, 3],
    ['dilations', { kernel_shape: [2, 2], dilations: [2, 2] }, [2, 2], [1, 1], [0, 0, 0, 0], [2, 2], 2, 2],
    ['ceil_mode', { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }, [3, 3], [2, 2], [0, 0, 0, 0], [1, 1], 2, 2],
    ['SAME_UPPER', { kernel_shape: [2, 2], strides: [3, 3], auto_pad: 'SAME_UPPER' }, [2, 2], [3, 3], [0, 0, 1, 1], [1, 1], 2, 2],
    ['SAME_LOWER', { kernel_shape: [3, 3], auto_pad: 'SAME_LOWER' }, [3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 4, 4],
    ['VALID', { kernel_shape: [3, 2], auto_pad: 'VALID' }, [3, 2], [1, 1], [0, 0, 0, 0], [1, 1], 2, 3],
  ])('matches the naive loop with %s', (_name, values, k, s, pads, d, oh, ow) => {
    const [y] = runNode(createMaxPool, [X4], { attributes: Attributes.of(values as Record<string, number | number[] | string>, INTS) });
    expect(y.shape).toEqual([1, 1, oh, ow]);
    expect(Array.from(y.data)).toEqual(naiveMaxPool2d(Array.from(X4.data), 4, 4, k, s, pads, d, oh, ow));
  });

  it('ignores ceil_mode before opset 10 and drops a last window starting in the padding', () => {
    const values = { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 };
    expect(runNode(createMaxPool, [X4], { opset: 8, attributes: Attributes.of(values, INTS) })[0].shape).toEqual([1, 1, 1, 1]);
    // in 5, pads 1+1, k 2, s 2: ceil gives 4 windows, but the 4th would start at 6 > 5 + 1 - 1.
    const x = f32([1, 1, 5], [1, 2, 3, 4, 5]);
    const [y] = runNode(createMaxPool, [x], { attributes: Attributes.of({ kernel_shape: [2], strides: [2], pads: [1, 1], ceil_mode: 1 }, INTS) });
    expect(Array.from(y.data)).toEqual([1, 3, 5]);
  });

  it('pools 1-D inputs and propagates NaN', () => {
    const [y] = runNode(createMaxPool, [f32([1, 2, 4], [1, NaN, 3, 2, -1, -5, -2, -3])], { attributes: Attributes.of({ kernel_shape: [2] }) });
    expect(Array.from(y.data)).toEqual([NaN, NaN, 3, -1, -2, -2]);
  });

  it('refuses the Indices output, integer inputs and a missing kernel_shape at load', () => {
    expect(() => runNode(createMaxPool, [X4], { outputCount: 2, attributes: Attributes.of({ kernel_shape: [2, 2] }) })).toThrow(/Indices output .* not supported/);
    expect(() => runNode(createMaxPool, [{ type: 'int32', shape: [1, 1, 2, 2], data: new Int32Array(4) }], { attributes: Attributes.of({ kernel_shape: [2, 2] }) })).toThrow(/type int32, which is not supported \(float32\)/);
    expect(() => runNode(createMaxPool, [X4])).toThrow(/kernel_shape is required/);
    expect(() => runNode(createMaxPool, [X4], { attributes: Attributes.of({ kernel_shape: [2] }) })).toThrow(/needs 1 spatial axes/);
    expect(() => runNode(createMaxPool, [X4], { attributes: Attributes.of({ kernel_shape: [2, 2], strides: [0, 1] }) })).toThrow(/strides must be positive/);
  });

  it.each([
    [[2, 2], [2, 2], [0, 0, 0, 0], 1, 10, 10],
    [[3, 3], [2, 2], [0, 0, 0, 0], 1, 9, 11],
    [[3, 3], [1, 1], [1, 1, 1, 1], 0, 7, 13],
    [[3, 2], [3, 2], [1, 0, 2, 1], 1, 8, 9],
    [[5, 5], [2, 2], [2, 2, 2, 2], 0, 6, 6],
  ])('matches the naive loop on several planes: kernel %j strides %j pads %j ceil %i (%i x %i)', (k, s, pads, ceil, h, w) => {
    const planes = 3;
    const values = Array.from({ length: planes * h * w }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    values[5] = NaN;
    const [y] = runNode(createMaxPool, [f32([1, planes, h, w], values)], { attributes: Attributes.of({ kernel_shape: k, strides: s, pads, ceil_mode: ceil }, INTS) });
    const [oh, ow] = [y.shape[2], y.shape[3]];
    const expected: number[] = [];
    for (let p = 0; p < planes; p++) {
      const plane = values.slice(p * h * w, (p + 1) * h * w);
      const naive = naiveMaxPool2d(plane, h, w, k, s, pads, [1, 1], oh, ow);
      // Math.max propagates NaN as MaxPool does.
      expected.push(...naive);
    }
    expect(Array.from(y.data)).toEqual(expected.map((v) => Math.fround(v)));
  });
});
