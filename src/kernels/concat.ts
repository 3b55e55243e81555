import { normalizeAxis } from './axes.js';
import { OpError, type OpFactory } from './op.js';
import { allocate, shapeText, sizeOf, type NativeTensor } from './tensor.js';

/** ONNX Concat-1 default; axis is required from opset 4. */
const LEGACY_DEFAULT_AXIS = 1;

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
  return {
    outputTypes: [type as NonNullable<typeof type>],
    run(inputs) {
      const parts = inputs as readonly NativeTensor[];
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
      const y = allocate(first.type, shape);
      const outer = sizeOf(shape.slice(0, axis));
      const inner = sizeOf(shape.slice(axis + 1));
      const rowOut = total * inner;
      let offset = 0;
      for (const p of parts) {
        const block = p.shape[axis] * inner;
        for (let o = 0; o < outer; o++) {
          y.data.set(p.data.subarray(o * block, (o + 1) * block) as never, o * rowOut + offset);
        }
        offset += block;
      }
      return [y];
    },
  };
};
