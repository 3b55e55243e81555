import { TensorTooLarge } from '../errors.js';

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Throws 413 TENSOR_TOO_LARGE when a tensor of this shape would exceed the element limit. */
export function checkElementLimit(field: string, shape: readonly number[], maxElements: number): number {
  const n = sizeOf(shape);
  if (n > maxElements) throw new TensorTooLarge(field, n, maxElements);
  return n;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
