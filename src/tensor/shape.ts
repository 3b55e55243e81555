import { InvalidTensor, TensorTooLarge } from '../errors.js';

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * The element count of a request tensor's shape: 400 for a dimension that is not a
 * non-negative integer, 413 TENSOR_TOO_LARGE above the element limit. The route schemas ask for
 * non-negative integers, but Ajv's type coercion turns the strings "Infinity", "-Infinity" and
 * "1e400" into non-finite numbers that pass them (ajv-validator/ajv#2212).
 */
export function checkElementLimit(field: string, shape: readonly number[], maxElements: number): number {
  const bad = shape.findIndex((d) => !Number.isSafeInteger(d) || d < 0);
  if (bad >= 0) throw new InvalidTensor(`${field}.shape[${bad}] is ${shape[bad]}; expected a non-negative integer`);
  const n = sizeOf(shape);
  if (n > maxElements) throw new TensorTooLarge(field, n, maxElements);
  return n;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
