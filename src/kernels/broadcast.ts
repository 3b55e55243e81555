/**
 * Unidirectional (one-way) broadcasting, the form PRelu uses for its slope: `from` stretches
 * into `to`'s shape, never the other way. https://onnx.ai/onnx/repo-docs/Broadcasting.html
 * Shapes align at their last axis (numpy rules): a missing or size-1 axis of `from` repeats.
 */

/** Whether `from` broadcasts into `to` without changing `to`. */
export function unidirectionalBroadcastable(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const offset = to.length - from.length;
  for (let axis = 0; axis < from.length; axis++) {
    const size = from[axis];
    if (size !== 1 && size !== to[axis + offset]) return false;
  }
  return true;
}

/**
 * How to walk `from` alongside a flat walk over `to`, from cheapest to most general.
 * - same: element i of `to` reads element i of `from` (equal sizes).
 * - scalar: every element reads element 0 (`from` has one element).
 * - channel: `to` is [outer, channels, inner] once flattened, and element (o, c, k) reads
 *   element c. Covers per-channel slopes ([C,1,1] against [N,C,H,W]) and last-axis ones.
 * - general: `index[i]` is the element of `from` that element i of `to` reads.
 */
export type UnidirectionalBroadcast =
  | { readonly kind: 'same' }
  | { readonly kind: 'scalar' }
  | { readonly kind: 'channel'; readonly outer: number; readonly channels: number; readonly inner: number }
  | { readonly kind: 'general'; readonly index: Int32Array };

/** The walk for `from` into `to`, or undefined when `from` does not broadcast. */
export function planUnidirectionalBroadcast(
  from: readonly number[],
  to: readonly number[],
): UnidirectionalBroadcast | undefined {
  if (!unidirectionalBroadcastable(from, to)) return undefined;
  if (product(from) === 1) return { kind: 'scalar' };
  const offset = to.length - from.length;
  // Axes where `from` varies must form one run, ignoring axes of size 1 in `to`
  // (they do not move the flat index).
  let first = -1;
  let last = -1;
  let runBroken = false;
  for (let axis = 0; axis < to.length; axis++) {
    if (to[axis] === 1) continue;
    const varies = axis >= offset && from[axis - offset] !== 1;
    if (varies) {
      if (runBroken) return { kind: 'general', index: broadcastIndexMap(from, to) };
      if (first < 0) first = axis;
      last = axis;
    } else if (first >= 0) {
      runBroken = true;
    }
  }
  const outer = product(to.slice(0, first));
  const inner = product(to.slice(last + 1));
  if (outer === 1 && inner === 1) return { kind: 'same' };
  return { kind: 'channel', outer, channels: product(to.slice(first, last + 1)), inner };
}

/** For each element of `to` in row-major order, the row-major index of the `from` element it reads. */
export function broadcastIndexMap(from: readonly number[], to: readonly number[]): Int32Array {
  const rank = to.length;
  const offset = rank - from.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let axis = rank - 1; axis >= offset; axis--) {
    const size = from[axis - offset];
    strides[axis] = size === 1 ? 0 : stride;
    stride *= size;
  }
  const total = product(to);
  const index = new Int32Array(total);
  const counter = new Array<number>(rank).fill(0);
  let source = 0;
  for (let i = 0; i < total; i++) {
    index[i] = source;
    // Odometer step: bump the last axis, carrying into earlier axes as they wrap.
    for (let axis = rank - 1; axis >= 0; axis--) {
      source += strides[axis];
      if (++counter[axis] < to[axis]) break;
      source -= strides[axis] * to[axis];
      counter[axis] = 0;
    }
  }
  return index;
}

/** Number of elements of a shape; 1 for the scalar shape []. */
export function product(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) count *= size;
  return count;
}
