/**
 * Tensors as the native backend's kernels see them. float32 carries the model's values; int64
 * carries shape arithmetic (Shape, Gather, Slice, Concat on indices) and is stored as float64
 * numbers, exact up to 2^53, so that one plain loop serves every numeric type; bool is one byte
 * per element (0 or 1). The model layer converts at its boundary (src/model/native/convert.ts).
 */

import { pooledArray } from './bufferPool.js';
import { sizeOf } from '../tensor/shape.js';

export { sizeOf };

export type ElemType = 'float32' | 'int64' | 'int32' | 'bool';

export type NativeData = Float32Array | Float64Array | Int32Array | Uint8Array;

export interface NativeTensor {
  readonly type: ElemType;
  readonly shape: readonly number[];
  readonly data: NativeData;
}

const STORAGE = {
  float32: Float32Array,
  int64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const satisfies Record<ElemType, new (length: number) => NativeData>;

/** A zero-filled tensor of `type` and `shape`, reusing a freed intermediate's memory when it can. */
export function allocate(type: ElemType, shape: readonly number[]): NativeTensor {
  return { type, shape, data: pooledArray(STORAGE[type], sizeOf(shape)) };
}

/** Wraps data already laid out row-major; throws when the length disagrees with the shape. */
export function tensor(type: ElemType, shape: readonly number[], data: NativeData): NativeTensor {
  if (!(data instanceof STORAGE[type])) throw new TypeError(`${type} tensor needs a ${STORAGE[type].name}, got ${data.constructor.name}`);
  if (data.length !== sizeOf(shape)) throw new RangeError(`tensor of shape [${shape.join(',')}] needs ${sizeOf(shape)} values, got ${data.length}`);
  return { type, shape, data };
}

/** A zero-filled tensor of the source's type, of its shape unless another is given. */
export function like(source: NativeTensor, shape: readonly number[] = source.shape): NativeTensor {
  return allocate(source.type, shape);
}

/** The data storage class for a type (Float64Array for int64). */
export function storageOf(type: ElemType): (typeof STORAGE)[ElemType] {
  return STORAGE[type];
}

/** Reads an int64 (or int32) tensor as plain integers: shapes, axes, indices, pads. */
export function toIntegers(t: NativeTensor): number[] {
  // A plain loop: Array.from on a typed array costs ~0.5 µs here, more than a small op's work.
  const data = t.data;
  const n = data.length;
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = data[i];
  return values;
}

/** Whether `t` holds exactly `values` (a cached shape, axes or scales input still valid). */
export function holdsValues(t: NativeTensor, values: readonly number[]): boolean {
  const data = t.data;
  const n = data.length;
  if (n !== values.length) return false;
  for (let i = 0; i < n; i++) if (data[i] !== values[i]) return false;
  return true;
}

/**
 * Whether an optional 1-D integer input still holds `values` (undefined: the input was absent
 * then; it must be absent now).
 */
export function holdsInput(t: NativeTensor | undefined, values: readonly number[] | undefined): boolean {
  if (t === undefined) return values === undefined;
  return values !== undefined && t.shape.length <= 1 && holdsValues(t, values);
}

/** Whether two shapes are equal, dim by dim. */
export function sameDims(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** An int64 tensor of rank 1 from integers, drawn from the lent pool. */
export function int64Vector(values: readonly number[]): NativeTensor {
  const n = values.length;
  const data = pooledArray(Float64Array, n);
  for (let i = 0; i < n; i++) data[i] = values[i];
  return { type: 'int64', shape: [n], data };
}

export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
