import { afterAll, describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createConvTranspose } from '../../../src/kernels/convTranspose.js';
import { setSgemmBackend, type SgemmBackend } from '../../../src/kernels/matrixProduct.js';
import type { NativeTensor } from '../../../src/kernels/tensor.js';
import { expectClose, randomTensor } from './linearReference.js';
import { f32, runNode } from './runNode.js';

interface Options {
  strides?: number[];
  pads?: number[];
  dilations?: number[];
  group?: number;
  outputPadding?: number[];
}

/** The scatter definition in float64, 2-D: y[o * s - pad + k * d] += x[i] * w[c, m, k]. */
function naiveConvTranspose2d(x: NativeTensor, w: NativeTensor, o: Options): { shape: number[]; data: Float64Array } {
  const [n, c, h, wd] = x.shape;
  const [, mg, kh, kw] = w.shape;
  const [sh, sw] = o.strides ?? [1, 1];
  const [ph0, pw0, ph1, pw1] = o.pads ?? [0, 0, 0, 0];
  const [dh, dw] = o.dilations ?? [1, 1];
  const [eh, ew] = o.outputPadding ?? [0, 0];
  const group = o.group ?? 1;
  const cg = c / group;
  const m = mg * group;
  const oh = sh * (h - 1) + eh + (kh - 1) * dh + 1 - ph0 - ph1;
  const ow = sw * (wd - 1) + ew + (kw - 1) * dw + 1 - pw0 - pw1;
  const y = new Float64Array(n * m * oh * ow);
  for (let b = 0; b < n; b++) for (let cc = 0; cc < c; cc++) for (let i = 0; i < h; i++) for (let j = 0; j < wd; j++) {
    const g = Math.floor(cc / cg);
    for (let mm = 0; mm < mg; mm++) for (let u = 0; u < kh; u++) for (let v = 0; v < kw; v++) {
      const yi = i * sh - ph0 + u * dh;
      const yj = j * sw - pw0 + v * dw;
      if (yi < 0 || yi >= oh || yj < 0 || yj >= ow) continue;
      y[((b * m + g * mg + mm) * oh + yi) * ow + yj] += x.data[((b * c + cc) * h + i) * wd + j] * w.data[((cc * mg + mm) * kh + u) * kw + v];
    }
  }
  return { shape: [n, m, oh, ow], data: y };
}

function attributes(o: Options & { autoPad?: string; outputShape?: number[] }): Attributes {
  const v: Record<string, number | number[] | string> = {};
  if (o.strides) v.strides = o.strides;
  if (o.pads) v.pads = o.pads;
  if (o.dilations) v.dilations = o.dilations;
  if (o.group) v.group = o.group;
  if (o.outputPadding) v.output_padding = o.outputPadding;
  if (o.autoPad) v.auto_pad = o.autoPad;
  if (o.outputShape) v.output_shape = o.outputShape;
  return Attributes.of(v, ['group']);
}

describe.each<SgemmBackend>(['auto', 'typescript'])('ConvTranspose (%s sgemm)', (backend) => {
  afterAll(() => setSgemmBackend('auto'));

  it('spreads a literal 1x1 input over the kernel', () => {
    setSgemmBackend(backend);
    const [y] = runNode(createConvTranspose, [f32([1, 1, 1, 1], [2]), f32([1, 1, 2, 2], [1, 2, 3, 4]), f32([1], [1])]);
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(y.data)).toEqual([3, 5, 7, 9]);
  });

  it.each<[string, Options]>([
    ['defaults', {}],
    ['strides, pads and output_padding', { strides: [2, 3], pads: [1, 0, 0, 1], outputPadding: [1, 2] }],
    ['dilations', { dilations: [2, 2] }],
    ['groups', { group: 2, strides: [2, 2] }],
  ])('matches the naive scatter: %s', (_name, options) => {
    setSgemmBackend(backend);
    const group = options.group ?? 1;
    const x = randomTensor([2, 4, 5, 4], 1);
    const w = randomTensor([4, 6 / group, 3, 3], 2);
    const expected = naiveConvTranspose2d(x, w, options);
    for (const constantInputs of [[], [1]]) {
      expectClose(runNode(createConvTranspose, [x, w], { attributes: attributes(options), constantInputs })[0], expected.shape, expected.data);
    }
  });

  it('derives pads from output_shape and auto_pad', () => {
    setSgemmBackend(backend);
    const x = randomTensor([1, 2, 3, 3], 3);
    const w = randomTensor([2, 1, 3, 3], 4);
    // Natural size 2 * 2 + 3 = 7; asking 6 leaves total padding 1, at the beginning unless SAME_UPPER.
    const lower = naiveConvTranspose2d(x, w, { strides: [2, 2], pads: [1, 1, 0, 0] });
    expectClose(runNode(createConvTranspose, [x, w], { attributes: attributes({ strides: [2, 2], outputShape: [6, 6] }) })[0], lower.shape, lower.data);
    const upper = naiveConvTranspose2d(x, w, { strides: [2, 2], pads: [0, 0, 1, 1] });
    expectClose(runNode(createConvTranspose, [x, w], { attributes: attributes({ strides: [2, 2], autoPad: 'SAME_UPPER' }) })[0], upper.shape, upper.data);
  });

  it('runs 1-D as 2-D of height 1', () => {
    setSgemmBackend(backend);
    const x = randomTensor([1, 3, 6], 5);
    const w = randomTensor([3, 2, 4], 6);
    const expected = naiveConvTranspose2d({ ...x, shape: [1, 3, 1, 6] }, { ...w, shape: [3, 2, 1, 4] }, { strides: [1, 2], pads: [0, 1, 0, 1] });
    const [y] = runNode(createConvTranspose, [x, w], { attributes: attributes({ strides: [2], pads: [1, 1] }) });
    expectClose(y, [1, 2, expected.shape[3]], expected.data);
  });

  it('rejects channel mismatches, bad groups and bias shapes', () => {
    const x = randomTensor([1, 2, 3, 3], 1);
    expect(() => runNode(createConvTranspose, [x, randomTensor([3, 1, 2, 2], 2)])).toThrow(/X has 2 channels but W shape \[3,1,2,2\]/);
    expect(() => runNode(createConvTranspose, [x, randomTensor([3, 1, 2, 2], 2)], { attributes: attributes({ group: 2 }) })).toThrow(/not a multiple of group 2/);
    expect(() => runNode(createConvTranspose, [x, randomTensor([2, 1, 2, 2], 2), f32([2], [1, 2])])).toThrow(/input B shape \[2\] must be \[1\]/);
    expect(() => runNode(createConvTranspose, [x, randomTensor([2, 1, 2], 2)])).toThrow(/must have X's rank 4/);
  });
});
