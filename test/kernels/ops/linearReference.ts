/** Naive float64 references for the linear, convolution and pooling op tests. */
import { expect } from 'vitest';
import type { NativeTensor } from '../../../src/kernels/tensor.js';
import { seededRandom } from '../helpers.js';

/** Float32 sums of up to ~1000 terms of size ~1 against float64: error relative to max(1, |y|). */
export const SUM_TOLERANCE = 1e-4;

export function randomTensor(shape: number[], seed: number): NativeTensor {
  const next = seededRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = next() * 2 - 1;
  return { type: 'float32', shape, data };
}

/** C = A * B in float64 (row-major m x k times k x n). */
export function naiveMatMul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  }
  return c;
}

export interface Conv2dOptions {
  strides?: number[];
  pads?: number[];
  dilations?: number[];
  group?: number;
}

/** Conv over [N, C, H, W] with W [M, C/group, kH, kW], explicit pads [top, left, bottom, right]. */
export function naiveConv2d(x: NativeTensor, w: NativeTensor, bias: ArrayLike<number> | undefined, o: Conv2dOptions = {}): { shape: number[]; data: Float64Array } {
  const [n, c, h, wd] = x.shape;
  const [m, cg, kh, kw] = w.shape;
  const [sh, sw] = o.strides ?? [1, 1];
  const [ph0, pw0, ph1, pw1] = o.pads ?? [0, 0, 0, 0];
  const [dh, dw] = o.dilations ?? [1, 1];
  const group = o.group ?? 1;
  const mg = m / group;
  const oh = Math.floor((h + ph0 + ph1 - (dh * (kh - 1) + 1)) / sh) + 1;
  const ow = Math.floor((wd + pw0 + pw1 - (dw * (kw - 1) + 1)) / sw) + 1;
  const y = new Float64Array(n * m * oh * ow);
  for (let b = 0; b < n; b++) {
    for (let mm = 0; mm < m; mm++) {
      const g = Math.floor(mm / mg);
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          let s = bias?.[mm] ?? 0;
          for (let cc = 0; cc < cg; cc++) {
            for (let u = 0; u < kh; u++) {
              for (let v = 0; v < kw; v++) {
                const ih = i * sh - ph0 + u * dh;
                const iw = j * sw - pw0 + v * dw;
                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                s += x.data[((b * c + g * cg + cc) * h + ih) * wd + iw] * w.data[((mm * cg + cc) * kh + u) * kw + v];
              }
            }
          }
          y[((b * m + mm) * oh + i) * ow + j] = s;
        }
      }
    }
  }
  return { shape: [n, m, oh, ow], data: y };
}

/** Expects `actual` to match `expected` within SUM_TOLERANCE times max(1, |expected|). */
export function expectClose(actual: NativeTensor, expectedShape: number[], expected: ArrayLike<number>, tolerance = SUM_TOLERANCE): void {
  expect(actual.shape).toEqual(expectedShape);
  expect(actual.data.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual.data[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(error <= worst)) {
      worst = error;
      at = i;
    }
  }
  expect(worst, `worst relative error at ${at}: got ${actual.data[at]}, expected ${expected[at]}`).toBeLessThanOrEqual(tolerance);
}
