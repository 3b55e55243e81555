import { constantIntegers, inputIntegers, normalizeAxis, required } from './axes.js';
import { expectInputs, expectType, OpError, type NodeInfo, type OpFactory } from './op.js';
import { allocate, shapeText, sizeOf, type NativeTensor } from './tensor.js';

/** ONNX default: https://onnx.ai/onnx/operators/onnx__Split.html */
const DEFAULT_AXIS = 0;

/** Part sizes along the axis: explicit, equal (they must divide the dim), or num_outputs chunks. */
function partSizes(node: NodeInfo, dim: number, split: readonly number[] | undefined, numOutputs: number | undefined): number[] {
  const count = node.outputCount;
  if (split !== undefined && split.length > 0) {
    if (split.length !== count) throw new OpError(node, `split [${split.join(',')}] has ${split.length} parts for ${count} outputs`);
    if (split.some((s) => s < 0) || split.reduce((a, b) => a + b, 0) !== dim) {
      throw new OpError(node, `split [${split.join(',')}] does not add up to the axis size ${dim}`);
    }
    return split.slice();
  }
  if (numOutputs !== undefined) {
    // Opset 18: chunks of ceil(dim / n), the last one smaller when n does not divide dim.
    const chunk = Math.ceil(dim / numOutputs);
    return Array.from({ length: count }, (_, i) => Math.max(0, Math.min(chunk, dim - i * chunk)));
  }
  if (dim % count !== 0) throw new OpError(node, `axis size ${dim} does not split into ${count} equal parts`);
  return new Array<number>(count).fill(dim / count);
}

/**
 * Split: cuts the input along axis into the outputs, by the `split` sizes (an attribute before
 * opset 13, an optional input from 13), else equally, else (opset 18) by num_outputs.
 * https://onnx.ai/onnx/operators/onnx__Split.html
 */
export const createSplit: OpFactory = (node) => {
  const splitAsInput = node.opset >= 13;
  const [type] = expectInputs(node, 1, splitAsInput ? 2 : 1, ['float32', 'int64', 'int32', 'bool']);
  if (splitAsInput && node.inputTypes[1] !== undefined) expectType(node, 1, ['int64']);
  const axisAttribute = node.attributes.int('axis', DEFAULT_AXIS);
  const known = splitAsInput ? constantIntegers(node, 1, 'split') : node.attributes.ints('split');
  const numOutputs = node.opset >= 18 ? node.attributes.int('num_outputs') : undefined;
  if (numOutputs !== undefined) {
    if (node.inputTypes[1] !== undefined) throw new OpError(node, 'give either the split input or num_outputs, not both');
    if (numOutputs !== node.outputCount) throw new OpError(node, `num_outputs ${numOutputs} but the node has ${node.outputCount} outputs`);
  }
  return {
    outputTypes: new Array(node.outputCount).fill(type),
    run(inputs) {
      const x = required(node, inputs, 0);
      if (x.shape.length === 0) throw new OpError(node, `cannot split a scalar (shape ${shapeText(x.shape)})`);
      const axis = normalizeAxis(node, axisAttribute, x.shape.length);
      const split = splitAsInput ? inputIntegers(node, known, inputs, 1, 'split') : known;
      const sizes = partSizes(node, x.shape[axis], split, numOutputs);
      const outer = sizeOf(x.shape.slice(0, axis));
      const inner = sizeOf(x.shape.slice(axis + 1));
      const rowIn = x.shape[axis] * inner;
      const outputs: NativeTensor[] = [];
      let offset = 0;
      for (const size of sizes) {
        const shape = x.shape.slice();
        shape[axis] = size;
        const y = allocate(x.type, shape);
        const block = size * inner;
        for (let o = 0; o < outer; o++) {
          const start = o * rowIn + offset;
          // A subarray (a new typed array) costs more than copying a few elements.
          if (block > 64) y.data.set(x.data.subarray(start, start + block) as never, o * block);
          else for (let j = 0; j < block; j++) y.data[o * block + j] = x.data[start + j];
        }
        offset += block;
        outputs.push(y);
      }
      return outputs;
    },
  };
};
