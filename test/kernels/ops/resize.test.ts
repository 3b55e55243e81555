import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createResize } from '../../../src/kernels/resize.js';
import { f32, i64, runNode } from './runNode.js';

const TOLERANCE = 1e-6;
const x = f32([1, 1, 2, 2], [1, 2, 3, 4]);
const scales = (s: number[]) => f32([s.length], s);
const attrs = (a: Record<string, string | number>) => ({ attributes: Attributes.of(a) });

function close(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThan(TOLERANCE));
}

describe('Resize', () => {
  it('nearest upsampling by scales repeats pixels (spec example)', () => {
    const [y] = runNode(createResize, [x, undefined, scales([1, 1, 2, 3])]);
    expect(y.shape).toEqual([1, 1, 4, 6]);
    expect([...y.data]).toEqual([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4]);
  });

  it('linear half_pixel upsampling (spec example)', () => {
    const [y] = runNode(createResize, [x, undefined, scales([1, 1, 2, 2])], attrs({ mode: 'linear' }));
    close(y.data, [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4]);
  });

  it('linear align_corners and asymmetric', () => {
    const row = f32([1, 3], [0, 1, 2]);
    close(runNode(createResize, [row, undefined, undefined, i64([2], [1, 5])], attrs({ mode: 'linear', coordinate_transformation_mode: 'align_corners' }))[0].data, [0, 0.5, 1, 1.5, 2]);
    close(runNode(createResize, [row, undefined, scales([1, 2])], attrs({ mode: 'linear', coordinate_transformation_mode: 'asymmetric' }))[0].data, [0, 0.5, 1, 1.5, 2, 2]);
  });

  it.each([
    ['round_prefer_floor', [1, 2, 2, 3]],
    ['round_prefer_ceil', [1, 2, 3, 3]],
    ['floor', [1, 1, 2, 3]],
    ['ceil', [1, 2, 3, 3]],
  ])('nearest_mode %s (asymmetric, scale 4/3)', (nearest, expected) => {
    const row = f32([1, 3], [1, 2, 3]);
    const [y] = runNode(createResize, [row, undefined, undefined, i64([2], [1, 4])], attrs({ coordinate_transformation_mode: 'asymmetric', nearest_mode: nearest }));
    // x_original = 0, 0.75, 1.5, 2.25
    expect([...y.data]).toEqual(expected);
  });

  it('downsamples with sizes, pytorch_half_pixel to one pixel, and keeps aspect ratio (opset 18)', () => {
    const big = f32([1, 4], [1, 2, 3, 4]);
    close(runNode(createResize, [big, undefined, undefined, i64([2], [1, 1])], attrs({ mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel' }))[0].data, [1]);
    const [y] = runNode(createResize, [f32([2, 4], new Array(8).fill(1)), undefined, undefined, i64([2], [4, 4])], attrs({ keep_aspect_ratio_policy: 'not_larger' }));
    expect(y.shape).toEqual([2, 4]);
    const [axes] = runNode(createResize, [big, undefined, scales([2])], { attributes: Attributes.of({ axes: [-1] }, ['axes']) });
    expect(axes.shape).toEqual([1, 8]);
  });

  it('tf_crop_and_resize writes the extrapolation value outside the roi', () => {
    const row = f32([1, 3], [1, 2, 3]);
    const roi = f32([4], [0, 0.5, 1, 1.5]);
    const [y] = runNode(createResize, [row, roi, undefined, i64([2], [1, 3])], attrs({ mode: 'linear', coordinate_transformation_mode: 'tf_crop_and_resize', extrapolation_value: 10 }));
    close(y.data, [2, 3, 10]);
  });

  it('opset 10 takes scales only, with asymmetric coordinates', () => {
    close(runNode(createResize, [f32([2], [1, 3]), scales([2])], { opset: 10, ...attrs({ mode: 'linear' }) })[0].data, [1, 2, 3, 3]);
  });

  it('refuses cubic, antialias, bad scale counts and both scales and sizes', () => {
    expect(() => runNode(createResize, [x, undefined, scales([1, 1, 2, 2])], attrs({ mode: 'cubic' }))).toThrow(/mode 'cubic' is not supported/);
    expect(() => runNode(createResize, [x, undefined, scales([1, 1, 2, 2])], { attributes: Attributes.of({ mode: 'linear', antialias: 1 }, ['antialias']) })).toThrow(/antialias/);
    expect(() => runNode(createResize, [x, undefined, scales([2, 2])])).toThrow(/scales has 2 values; input shape \[1,1,2,2\] needs 4/);
    expect(() => runNode(createResize, [x, undefined, scales([1, 1, 2, 2]), i64([4], [1, 1, 4, 4])])).toThrow(/exactly one of scales and sizes/);
    expect(() => runNode(createResize, [x, undefined, scales([1, 1, 2, 2])], attrs({ coordinate_transformation_mode: 'half_pixel_symmetric' }), )).not.toThrow();
  });
});
