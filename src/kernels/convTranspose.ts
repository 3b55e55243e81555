/**
 * ConvTranspose: the gradient of Conv with respect to its input; every input pixel i scatters
 * Y[n, m, i * strides - padBegin + k * dilations] += X[n, c, i] * W[c, m, k], then Y += B[m].
 * https://onnx.ai/onnx/operators/onnx__ConvTranspose.html (version 11 changed no semantics here)
 *
 * Output size: strides * (in - 1) + output_padding + (kernel - 1) * dilations + 1 - padBegin -
 * padEnd. With output_shape (or auto_pad SAME_*, which asks for in * strides), the total padding
 * follows from it and splits as the spec says: SAME_UPPER puts the odd one at the end, else at
 * the beginning. Each group is a GEMM (X_g^T x W_g, W_g packed once when constant) then col2im.
 */
import { allocateFloat32 } from './bufferPool.js';
import { expectFloatInputs } from './expectFloat.js';
import { chunkRows, col2im, scratchArray } from './im2col.js';
import { createMatrixProduct, type MatrixProduct } from './matrixProduct.js';
import { OpError, type NodeInfo, type OpKernel } from './op.js';
import { readWindowAttributes, type Window3, type WindowAttributes } from './poolGeometry.js';
import { shapeText, sizeOf, type NativeTensor } from './tensor.js';

/** ONNX default (https://onnx.ai/onnx/operators/onnx__ConvTranspose.html#attributes). */
const DEFAULT_GROUP = 1;

export function createConvTranspose(node: NodeInfo): OpKernel {
  expectFloatInputs(node, 2, 3);
  const attributes = readWindowAttributes(node, false);
  const group = node.attributes.int('group', DEFAULT_GROUP);
  if (group < 1) throw new OpError(node, `group must be positive, got ${group}`);
  const outputPadding = node.attributes.ints('output_padding');
  const outputShape = node.attributes.ints('output_shape');
  const constantW = node.constants[1];
  let products: MatrixProduct[] | undefined;
  const pack = (w: NativeTensor): MatrixProduct[] => {
    const cg = w.shape[0] / group;
    const columns = sizeOf(w.shape.slice(1));
    const into = products ?? Array.from({ length: group }, () => createMatrixProduct());
    for (let g = 0; g < group; g++) {
      into[g].setB({ data: w.data as Float32Array, offset: g * cg * columns, rowStride: columns, colStride: 1 }, cg, columns);
    }
    return into;
  };
  if (constantW !== undefined) {
    checkWeights(node, constantW.shape, group);
    products = pack(constantW);
  }

  return {
    outputTypes: ['float32'],
    run(inputs) {
      const [x, w, bias] = inputs as [NativeTensor, NativeTensor, NativeTensor | undefined];
      const rank = x.shape.length;
      if (rank < 3 || rank > 5) throw new OpError(node, `input X must be [N, C, spatial...] with 1 to 3 spatial axes, got shape ${shapeText(x.shape)}`);
      if (w.shape.length !== rank) throw new OpError(node, `input W shape ${shapeText(w.shape)} must have X's rank ${rank}`);
      checkWeights(node, w.shape, group);
      const [n, c] = x.shape;
      if (w.shape[0] !== c) throw new OpError(node, `X has ${c} channels but W shape ${shapeText(w.shape)} expects ${w.shape[0]}`);
      const m = w.shape[1] * group;
      if (bias !== undefined && (bias.shape.length !== 1 || bias.shape[0] !== m)) {
        throw new OpError(node, `input B shape ${shapeText(bias.shape)} must be [${m}]`);
      }
      const win = transposedWindow(node, attributes, x.shape.slice(2), w.shape.slice(2), outputPadding, outputShape);
      const shape = [n, m, ...win.input.slice(3 - (rank - 2))];
      const y = allocateFloat32(sizeOf(shape));
      const out = { type: 'float32' as const, shape, data: y };
      if (y.length === 0) return [out];
      if (constantW === undefined) products = pack(w);
      scatter(x.data as Float32Array, n, c / group, w.shape[1], products!, win, y);
      if (bias !== undefined) {
        const b = bias.data as Float32Array;
        const volume = sizeOf(win.input);
        for (let plane = 0, at = 0; plane < n * m; plane++) {
          const shift = b[plane % m];
          for (let end = at + volume; at < end; at++) y[at] += shift;
        }
      }
      return [out];
    },
  };
}

function checkWeights(node: NodeInfo, shape: readonly number[], group: number): void {
  if (shape.length < 3) throw new OpError(node, `input W must be [C, M/group, kernel...], got shape ${shapeText(shape)}`);
  if (shape[0] % group !== 0) throw new OpError(node, `W has ${shape[0]} input channels, not a multiple of group ${group}`);
}

/** The window with `input` the (larger) output image and `output` the input image, as col2im reads it. */
function transposedWindow(
  node: NodeInfo,
  a: WindowAttributes,
  spatial: readonly number[],
  kernel: readonly number[],
  outputPadding: number[] | undefined,
  outputShape: number[] | undefined,
): Window3 {
  const rank = spatial.length;
  if (a.kernelShape !== undefined && shapeText(a.kernelShape) !== shapeText(kernel)) {
    throw new OpError(node, `kernel_shape ${shapeText(a.kernelShape)} disagrees with W's kernel ${shapeText(kernel)}`);
  }
  const list = (name: string, values: number[] | undefined, length: number, fallback: number): number[] => {
    if (values === undefined) return new Array<number>(length).fill(fallback);
    if (values.length !== length) throw new OpError(node, `${name} has ${values.length} values, expected ${length}`);
    return values;
  };
  const strides = list('strides', a.strides, rank, 1);
  const dilations = list('dilations', a.dilations, rank, 1);
  const pads = list('pads', a.pads, 2 * rank, 0);
  const extra = list('output_padding', outputPadding, rank, 0);
  const wanted = outputShape === undefined ? undefined : outputShape.slice(-rank);
  if (wanted !== undefined && wanted.length !== rank) throw new OpError(node, `output_shape [${outputShape!.join(',')}] has fewer than ${rank} spatial axes`);
  const padBegin: number[] = [];
  const output: number[] = [];
  for (let i = 0; i < rank; i++) {
    const natural = strides[i] * (spatial[i] - 1) + extra[i] + (kernel[i] - 1) * dilations[i] + 1;
    const same = a.autoPad === 'SAME_UPPER' || a.autoPad === 'SAME_LOWER';
    let size: number;
    let begin: number;
    if (wanted !== undefined || same) {
      size = wanted !== undefined ? wanted[i] : spatial[i] * strides[i];
      const total = natural - size;
      begin = a.autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
    } else if (a.autoPad === 'VALID') {
      size = natural;
      begin = 0;
    } else {
      size = natural - pads[i] - pads[i + rank];
      begin = pads[i];
    }
    if (size < 1) throw new OpError(node, `output axis ${i + 2} would have size ${size}`);
    padBegin.push(begin);
    output.push(size);
  }
  const lead = 3 - rank;
  const one = (values: readonly number[], fill: number): number[] => [...new Array<number>(lead).fill(fill), ...values];
  return {
    rank,
    kernel: one(kernel, 1),
    strides: one(strides, 1),
    dilations: one(dilations, 1),
    padBegin: one(padBegin, 0),
    padEnd: one(new Array<number>(rank).fill(0), 0),
    input: one(output, 1),
    output: one(spatial, 1),
  };
}

/** Per image and group: X_g^T x W_g into a scratch tile of columns, added into Y by col2im. */
function scatter(x: Float32Array, n: number, cg: number, mg: number, products: MatrixProduct[], win: Window3, y: Float32Array): void {
  const groups = products.length;
  const inVolume = sizeOf(win.output);
  const outVolume = sizeOf(win.input);
  const columns = mg * sizeOf(win.kernel);
  const rows = chunkRows(columns, inVolume);
  const tile = scratchArray(1, rows * columns);
  for (let image = 0; image < n; image++) {
    for (let g = 0; g < groups; g++) {
      const xOffset = (image * groups + g) * cg * inVolume;
      const yOffset = (image * groups + g) * mg * outVolume;
      for (let first = 0; first < inVolume; first += rows) {
        const count = Math.min(rows, inVolume - first);
        products[g].multiply(count, { data: x, offset: xOffset + first, rowStride: 1, colStride: inVolume }, tile, 0);
        col2im(tile, mg, win, first, count, y, yOffset);
      }
    }
  }
}
