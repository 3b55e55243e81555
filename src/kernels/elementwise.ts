/**
 * What the elementwise op layers share: the type groups they accept, the input accessor and
 * the in-place output. An op writes into an input's storage when the executor says no later
 * node reads it and that input already has the output's type and shape; reading element i
 * before writing element i keeps that safe for every elementwise loop.
 */
import { OpError, type NodeInfo } from './op.js';
import { allocate, type ElemType, type NativeTensor } from './tensor.js';

/** Element storage that holds numbers: float32, int64 (as float64) and int32. */
export type NumericData = Float32Array | Float64Array | Int32Array;

export const FLOAT_TYPES: readonly ElemType[] = ['float32'];
/** Types of the shape-arithmetic ops (Add, Mul, Neg, Max...). */
export const NUMERIC_TYPES: readonly ElemType[] = ['float32', 'int64', 'int32'];
export const ALL_TYPES: readonly ElemType[] = ['float32', 'int64', 'int32', 'bool'];

/** Input i, which the factory declared required; throws if the executor left it out. */
export function required(node: Pick<NodeInfo, 'opType' | 'name'>, inputs: readonly (NativeTensor | undefined)[], i: number): NativeTensor {
  const input = inputs[i];
  if (input === undefined) throw new OpError(node, `input ${i} is missing`);
  return input;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let axis = 0; axis < a.length; axis++) if (a[axis] !== b[axis]) return false;
  return true;
}

/**
 * The output tensor: the storage of the first of `candidates` that is reusable and already
 * of `type` and `shape`, else a fresh zero-filled tensor.
 */
export function reuseOrAllocate(
  inputs: readonly (NativeTensor | undefined)[],
  reusable: readonly boolean[],
  candidates: readonly number[],
  type: ElemType,
  shape: readonly number[],
): NativeTensor {
  for (const i of candidates) {
    const input = inputs[i];
    if (input !== undefined && reusable[i] && input.type === type && sameShape(input.shape, shape)) {
      return { type, shape, data: input.data };
    }
  }
  return allocate(type, shape);
}

/** Checks that all present inputs share input 0's type (ONNX's single type variable T). */
export function expectSameTypes(node: NodeInfo, inputs: readonly number[]): void {
  const first = node.inputTypes[inputs[0]];
  for (const i of inputs) {
    const type = node.inputTypes[i];
    if (type !== undefined && type !== first) {
      throw new OpError(node, `input ${i} has type ${type} but input ${inputs[0]} has ${first ?? 'none'}; they must match`);
    }
  }
}
