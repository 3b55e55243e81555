import { normalizeAxis } from './axes.js';
import { OpError, type OpFactory } from './op.js';
import { allocate, sameDims, shapeText, sizeOf, type NativeTensor } from './tensor.js';

/** ONNX Concat-1 default; axis is required from opset 4. */
const LEGACY_DEFAULT_AXIS = 1;

/** Blocks up to this many elements are copied by a loop, longer ones by TypedArray.set. */
const SMALL_BLOCK = 64;

/**
 * Concat: joins the inputs along axis; every other dim must agree. Empty inputs are allowed.
 * https://onnx.ai/onnx/operators/onnx__Concat.html
 */
export const createConcat: OpFactory = (node) => {
  if (node.inputTypes.length === 0) throw new OpError(node, 'expects at least 1 input');
  const type = node.inputTypes[0];
  node.inputTypes.forEach((t, i) => {
    if (t === undefined || t !== type) throw new OpError(node, `input ${i} has type ${t ?? 'none'}, input 0 has ${type ?? 'none'}`);
  });
  const axisAttribute = node.attributes.int('axis') ?? (node.opset < 4 ? LEGACY_DEFAULT_AXIS : undefined);
  if (axisAttribute === undefined) throw new OpError(node, 'attribute axis is required');
  const count = node.inputTypes.length;
  // The last input shapes seen and their plan: the output shape, the number of outer blocks
  // and each input's block length. A run with the same shapes skips the checks and planning.
  const lastShapes: (readonly number[])[] = [];
  let outShape: readonly number[] | undefined;
  let outer = 0;
  let rowOut = 0;
  const blocks = new Array<number>(count).fill(0);
  const plan = (parts: readonly NativeTensor[]): void => {
    outShape = undefined;
    const first = parts[0];
    const rank = first.shape.length;
    if (rank === 0) throw new OpError(node, 'cannot concatenate scalars (rank 0)');
    const axis = normalizeAxis(node, axisAttribute, rank);
    let total = 0;
    for (const [i, p] of parts.entries()) {
      if (p.shape.length !== rank || p.shape.some((d, k) => k !== axis && d !== first.shape[k])) {
        throw new OpError(node, `input ${i} shape ${shapeText(p.shape)} does not match input 0 shape ${shapeText(first.shape)} outside axis ${axis}`);
      }
      total += p.shape[axis];
    }
    const shape = first.shape.slice();
    shape[axis] = total;
    const inner = sizeOf(shape.slice(axis + 1));
    outer = sizeOf(shape.slice(0, axis));
    rowOut = total * inner;
    for (let i = 0; i < count; i++) {
      blocks[i] = parts[i].shape[axis] * inner;
      lastShapes[i] = parts[i].shape.slice();
    }
    outShape = shape;
  };
  return {
    outputTypes: [type as NonNullable<typeof type>],
    run(inputs) {
      const parts = inputs as readonly NativeTensor[];
      let fresh = outShape !== undefined;
      for (let i = 0; i < count && fresh; i++) fresh = sameDims(parts[i].shape, lastShapes[i]);
      if (!fresh) plan(parts);
      const y = allocate(parts[0].type, outShape as readonly number[]);
      const out = y.data;
      let offset = 0;
      for (let i = 0; i < count; i++) {
        const data = parts[i].data;
        const block = blocks[i];
        if (outer === 1 && block > SMALL_BLOCK) {
          out.set(data as never, offset);
        } else if (block > SMALL_BLOCK) {
          for (let o = 0; o < outer; o++) out.set(data.subarray(o * block, (o + 1) * block) as never, o * rowOut + offset);
        } else {
          // A subarray (a new typed array) costs more than copying a few elements.
          for (let o = 0, src = 0; o < outer; o++) {
            for (let j = 0, dst = o * rowOut + offset; j < block; j++) out[dst + j] = data[src++];
          }
        }
        offset += block;
      }
      return [y];
    },
  };
};
