import { constantIntegers, inputIntegers, viewRun } from './axes.js';
import { expectInputs, expectType, OpError, type NodeInfo, type OpFactory } from './op.js';
import { shapeText, sizeOf } from './tensor.js';

type Where = Pick<NodeInfo, 'opType' | 'name'>;

/** Checks what can be checked without the data's shape: one -1 at most, nothing below -1. */
function checkSpec(node: Where, spec: readonly number[], allowZero: boolean): void {
  if (spec.some((d) => !Number.isInteger(d) || d < -1)) throw new OpError(node, `shape ${shapeText(spec)} has a dimension below -1`);
  if (spec.filter((d) => d === -1).length > 1) throw new OpError(node, `shape ${shapeText(spec)} has more than one -1`);
  if (allowZero && spec.includes(0) && spec.includes(-1)) {
    throw new OpError(node, `shape ${shapeText(spec)} has both 0 and -1, which allowzero=1 forbids`);
  }
}

/**
 * The output shape: 0 copies the input's dim at that index (unless allowZero, where it means 0)
 * and -1 takes whatever size is left. Throws naming both shapes when the sizes disagree.
 */
export function reshapedShape(node: Where, from: readonly number[], spec: readonly number[], allowZero: boolean): number[] {
  checkSpec(node, spec, allowZero);
  const shape = spec.map((d, i) => {
    if (d !== 0 || allowZero) return d;
    if (i >= from.length) throw new OpError(node, `shape ${shapeText(spec)} copies dim ${i} (0) but the input ${shapeText(from)} has rank ${from.length}`);
    return from[i];
  });
  const size = sizeOf(from);
  const inferred = shape.indexOf(-1);
  let known = 1;
  for (const d of shape) if (d !== -1) known *= d;
  if (inferred >= 0) {
    if (known !== 0 && size % known === 0) shape[inferred] = size / known;
  } else if (known === size) {
    return shape;
  }
  if (shape.includes(-1) || sizeOf(shape) !== size) {
    throw new OpError(node, `cannot reshape ${shapeText(from)} (${size} elements) into ${shapeText(spec)}`);
  }
  return shape;
}

/**
 * Reshape: the data under a new shape given by the `shape` input (opset >= 5), sharing the
 * data's buffer. allowzero (opset >= 14) makes 0 a literal zero dimension.
 * https://onnx.ai/onnx/operators/onnx__Reshape.html
 */
export const createReshape: OpFactory = (node) => {
  const [type] = expectInputs(node, 2, 2, ['float32', 'int64', 'int32', 'bool']);
  expectType(node, 1, ['int64']);
  const allowZero = node.opset >= 14 && node.attributes.int('allowzero', 0) === 1;
  const known = constantIntegers(node, 1, 'shape');
  if (known !== undefined) checkSpec(node, known, allowZero);
  return {
    outputTypes: [type],
    run: viewRun(node, known === undefined ? 1 : undefined, (x, inputs) =>
      reshapedShape(node, x.shape, inputIntegers(node, known, inputs, 1, 'shape') ?? [], allowZero),
    ),
  };
};
