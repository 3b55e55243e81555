import { afterAll, describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createConv } from '../../../src/kernels/conv.js';
import { setSgemmBackend, type SgemmBackend } from '../../../src/kernels/matrixProduct.js';
import { expectClose, naiveConv2d, randomTensor, type Conv2dOptions } from './linearReference.js';
import { f32, runNode } from './runNode.js';

const INTS = ['group'];

function convAttributes(o: Conv2dOptions & { autoPad?: string; kernelShape?: number[] }): Attributes {
  const values: Record<string, number | number[] | string> = {};
  if (o.strides) values.strides = o.strides;
  if (o.pads) values.pads = o.pads;
  if (o.dilations) values.dilations = o.dilations;
  if (o.group) values.group = o.group;
  if (o.autoPad) values.auto_pad = o.autoPad;
  if (o.kernelShape) values.kernel_shape = o.kernelShape;
  return Attributes.of(values, INTS);
}

const X5 = f32([1, 1, 5, 5], Array.from({ length: 25 }, (_, i) => i));
const W3 = f32([1, 1, 3, 3], new Array(9).fill(1));

describe.each<SgemmBackend>(['auto', 'typescript'])('Conv (%s sgemm)', (backend) => {
  afterAll(() => setSgemmBackend('auto'));

  it('sums 3x3 windows of a literal 5x5 image, with and without padding', () => {
    setSgemmBackend(backend);
    // ONNX's basic_conv example: https://onnx.ai/onnx/operators/onnx__Conv.html#examples
    expect(Array.from(runNode(createConv, [X5, W3])[0].data)).toEqual([54, 63, 72, 99, 108, 117, 144, 153, 162]);
    const [padded] = runNode(createConv, [X5, W3], { attributes: convAttributes({ pads: [1, 1, 1, 1] }) });
    expect(padded.shape).toEqual([1, 1, 5, 5]);
    expect(Array.from(padded.data.slice(0, 5))).toEqual([12, 21, 27, 33, 24]);
  });

  it.each<[string, Conv2dOptions]>([
    ['defaults', {}],
    ['asymmetric pads and strides', { pads: [1, 0, 2, 1], strides: [2, 3] }],
    ['dilations', { dilations: [2, 1], pads: [1, 1, 1, 1] }],
    ['groups', { group: 2, strides: [1, 2] }],
  ])('matches the naive reference: %s', (_name, options) => {
    setSgemmBackend(backend);
    const group = options.group ?? 1;
    const x = randomTensor([2, 4, 9, 8], 1);
    const w = randomTensor([6, 4 / group, 3, 2], 2);
    const bias = randomTensor([6], 3);
    const expected = naiveConv2d(x, w, bias.data, options);
    for (const constantInputs of [[], [1, 2]]) {
      const [y] = runNode(createConv, [x, w, bias], { attributes: convAttributes(options), constantInputs });
      expectClose(y, expected.shape, expected.data);
    }
  });

  it.each<[string, Conv2dOptions]>([
    ['pads and strides', { pads: [1, 1, 1, 1], strides: [2, 1] }],
    ['dilations and asymmetric pads', { pads: [0, 2, 1, 0], dilations: [1, 2] }],
    ['column stride 2', { pads: [1, 1, 1, 1], strides: [1, 2] }],
  ])('runs depthwise convolutions (group = C = M) directly: %s', (_name, options) => {
    setSgemmBackend(backend);
    const x = randomTensor([2, 5, 7, 13], 4);
    const w = randomTensor([5, 1, 3, 3], 5);
    const bias = randomTensor([5], 6);
    const expected = naiveConv2d(x, w, bias.data, { ...options, group: 5 });
    for (const constantInputs of [[], [1, 2]]) {
      const [y] = runNode(createConv, [x, w, bias], { attributes: convAttributes({ ...options, group: 5 }), constantInputs });
      expectClose(y, expected.shape, expected.data);
    }
  });

  it.each<[string, number[], Conv2dOptions]>([
    // Rows of 8 and 16: whole runs of 4 adjacent pixels (the 16-pixel loop), as in tiny_detector.
    ['stride 1, pads 1, 8x8', [1, 8, 8, 8], { pads: [1, 1, 1, 1] }],
    ['stride 1, 16 wide, 2 images', [2, 3, 5, 16], { pads: [1, 1, 1, 1] }],
    ['stride 2, pads 1 (gathered)', [1, 8, 8, 8], { pads: [1, 1, 1, 1], strides: [2, 2] }],
    ['stride 2, odd size, asymmetric pads', [2, 6, 9, 11], { pads: [0, 1, 2, 0], strides: [2, 2] }],
    ['dilation 2, pads 2', [1, 4, 10, 12], { pads: [2, 2, 2, 2], dilations: [2, 2] }],
    ['no padding, rows not a multiple of 4', [3, 7, 6, 7], {}],
    ['one output pixel per plane', [1, 9, 3, 3], {}],
  ])('runs depthwise convolutions vectorised over output pixels: %s', (_name, xShape, options) => {
    setSgemmBackend(backend);
    const c = xShape[1];
    const x = randomTensor(xShape, 50 + c);
    const w = randomTensor([c, 1, 3, 3], 60 + c);
    const bias = randomTensor([c], 70 + c);
    for (const withBias of [true, false]) {
      const inputs = withBias ? [x, w, bias] : [x, w];
      const expected = naiveConv2d(x, w, withBias ? bias.data : undefined, { ...options, group: c });
      for (const constantInputs of [[], withBias ? [1, 2] : [1]]) {
        const [y] = runNode(createConv, inputs, { attributes: convAttributes({ ...options, group: c }), constantInputs });
        expectClose(y, expected.shape, expected.data);
      }
    }
  });

  it('keeps depthwise results right when the input shape and the weights change between runs', () => {
    setSgemmBackend(backend);
    const options = { pads: [1, 1, 1, 1], group: 4 };
    const kernel = createConv({
      opType: 'Conv',
      name: 'dw',
      opset: 13,
      attributes: convAttributes(options),
      inputTypes: ['float32', 'float32', 'float32'],
      constants: [undefined, undefined, undefined],
      outputCount: 1,
    });
    for (const [i, shape] of [[1, 4, 8, 8], [3, 4, 5, 9], [1, 4, 8, 8]].entries()) {
      const x = randomTensor(shape, 80 + i);
      const w = randomTensor([4, 1, 3, 3], 90 + i);
      const bias = randomTensor([4], 100 + i);
      const expected = naiveConv2d(x, w, bias.data, options);
      expectClose(kernel.run([x, w, bias], [false, false, false])[0], expected.shape, expected.data);
    }
  });

  it('runs 3-D depthwise convolutions, padded along depth (tap-by-tap loop) or not', () => {
    setSgemmBackend(backend);
    const x = randomTensor([1, 3, 1, 6, 6], 110);
    const w = randomTensor([3, 1, 1, 3, 3], 111);
    const expected = naiveConv2d({ ...x, shape: [1, 3, 6, 6] }, { ...w, shape: [3, 1, 3, 3] }, undefined, { pads: [1, 1, 1, 1], group: 3 });
    const [y] = runNode(createConv, [x, w], { attributes: convAttributes({ pads: [0, 1, 1, 0, 1, 1], group: 3 }) });
    expectClose(y, [1, 3, 1, 6, 6], expected.data);
    // Depth padding 1 with a depth-1 kernel: planes at depth 0 and 2 are the bias (zero) only.
    const [z] = runNode(createConv, [x, w], { attributes: convAttributes({ pads: [1, 1, 1, 1, 1, 1], group: 3 }) });
    expect(z.shape).toEqual([1, 3, 3, 6, 6]);
    for (let ch = 0; ch < 3; ch++) {
      expectClose({ ...z, shape: [36], data: z.data.slice((ch * 3 + 1) * 36, (ch * 3 + 2) * 36) }, [36], expected.data.slice(ch * 36, (ch + 1) * 36));
      expect(Array.from(z.data.slice(ch * 3 * 36, (ch * 3 + 1) * 36)).every((v) => v === 0)).toBe(true);
    }
  });

  it('reads X directly for 1x1 convolutions', () => {
    setSgemmBackend(backend);
    const x = randomTensor([2, 8, 5, 5], 6);
    const w = randomTensor([16, 8, 1, 1], 7);
    const expected = naiveConv2d(x, w, undefined);
    expectClose(runNode(createConv, [x, w], { constantInputs: [1] })[0], expected.shape, expected.data);
  });

  it.each([
    ['SAME_UPPER', [0, 0, 1, 1]],
    ['SAME_LOWER', [1, 1, 0, 0]],
    ['VALID', [0, 0, 0, 0]],
  ])('pads for auto_pad %s', (autoPad, pads) => {
    setSgemmBackend(backend);
    const x = randomTensor([1, 2, 6, 6], 8);
    const w = randomTensor([3, 2, 3, 3], 9);
    const expected = naiveConv2d(x, w, undefined, { pads, strides: autoPad === 'VALID' ? [1, 1] : [2, 2] });
    const options = { autoPad, strides: autoPad === 'VALID' ? [1, 1] : [2, 2] };
    const [y] = runNode(createConv, [x, w], { attributes: convAttributes(options) });
    expectClose(y, expected.shape, expected.data);
  });

  it.each([1, 3, 4, 5, 8, 13, 16])('matches the reference for %i output channels on small and large images, one kernel', (m) => {
    // Small images take wasm's direct loop, large ones im2col + GEMM; leftover output channels
    // (past a multiple of 8 or 4) and pixels (past a multiple of 4) take the edge paths.
    setSgemmBackend(backend);
    const w = randomTensor([m, 3, 3, 3], 20 + m);
    const bias = randomTensor([m], 30 + m);
    const options = { pads: [1, 0, 1, 2], strides: [2, 1] };
    const kernel = createConv({
      opType: 'Conv',
      name: 'conv',
      opset: 21,
      attributes: convAttributes(options),
      inputTypes: ['float32', 'float32', 'float32'],
      constants: [undefined, w, bias],
      outputCount: 1,
    });
    for (const size of [5, 7, 200, 6]) {
      const x = randomTensor([1, 3, size, size], 40 + size);
      const expected = naiveConv2d(x, w, bias.data, options);
      expectClose(kernel.run([x, w, bias], [false, false, false])[0], expected.shape, expected.data);
    }
  });

  it('convolves 1-D inputs as a 2-D image of height 1', () => {
    setSgemmBackend(backend);
    const x = randomTensor([2, 3, 11], 10);
    const w = randomTensor([4, 3, 3], 11);
    const expected = naiveConv2d({ ...x, shape: [2, 3, 1, 11] }, { ...w, shape: [4, 3, 1, 3] }, undefined, { strides: [1, 2], pads: [0, 1, 0, 2], dilations: [1, 2] });
    const [y] = runNode(createConv, [x, w], { attributes: convAttributes({ strides: [2], pads: [1, 2], dilations: [2], kernelShape: [3] }) });
    expectClose(y, [2, 4, expected.shape[3]], expected.data);
  });

  it('convolves 3-D inputs (a depth of one matches 2-D)', () => {
    setSgemmBackend(backend);
    const x = randomTensor([1, 2, 1, 5, 5], 12);
    const w = randomTensor([3, 2, 1, 3, 3], 13);
    const expected = naiveConv2d({ ...x, shape: [1, 2, 5, 5] }, { ...w, shape: [3, 2, 3, 3] }, undefined, { pads: [1, 1, 1, 1] });
    const [y] = runNode(createConv, [x, w], { attributes: convAttributes({ pads: [0, 1, 1, 0, 1, 1] }) });
    expectClose(y, [1, 3, 1, 5, 5], expected.data);
  });
});

describe('Conv errors', () => {
  it('rejects bad ranks, channel mismatches, bad groups and kernel_shape disagreements', () => {
    expect(() => runNode(createConv, [f32([1, 4], [1, 2, 3, 4]), W3])).toThrow(/\[N, C, spatial/);
    expect(() => runNode(createConv, [randomTensor([1, 2, 5, 5], 1), W3])).toThrow(/X has 2 channels but W shape \[1,1,3,3\]/);
    expect(() => runNode(createConv, [randomTensor([1, 2, 5, 5], 1), randomTensor([3, 1, 3, 3], 2)], { attributes: convAttributes({ group: 2 }) })).toThrow(/not a multiple of group 2/);
    expect(() => runNode(createConv, [X5, W3], { attributes: Attributes.of({ group: 0 }, INTS) })).toThrow(/group must be positive/);
    expect(() => runNode(createConv, [X5, W3], { attributes: convAttributes({ kernelShape: [2, 2] }) })).toThrow(/disagrees with W shape/);
    expect(() => runNode(createConv, [X5, W3, f32([2], [1, 2])])).toThrow(/input B shape \[2\] must be \[1\]/);
    expect(() => runNode(createConv, [X5, W3], { attributes: convAttributes({ pads: [1, 1] }) })).toThrow(/pads has 2 values, expected 4/);
    expect(() => runNode(createConv, [X5, W3], { attributes: Attributes.of({ auto_pad: 'SAME' }) })).toThrow(/auto_pad 'SAME'/);
    expect(() => runNode(createConv, [f32([1, 1, 2, 2], [1, 2, 3, 4]), W3])).toThrow(/does not fit/);
  });
});
