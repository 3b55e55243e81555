/**
 * Reuse of freed intermediates' memory across a model's runs. On this machine an off-heap typed
 * array costs 0.7–3 µs to allocate (a 1 KiB one about 1 µs), more than a small kernel's whole
 * work, so a tiny model's run was mostly allocation. The executor (src/model/native/execute.ts)
 * lends each run its plan's pool and gives back every intermediate once nothing reads or aliases
 * it; kernels draw their outputs through allocate() and allocateFloat32(), which take from the
 * lent pool, zero-filled as a fresh array is, and fall back to a new array.
 *
 * Runs are synchronous and never interleave, so one module-level "current pool" is enough.
 */
import type { NativeData } from './tensor.js';

type Storage = (new (length: number) => NativeData) & { readonly BYTES_PER_ELEMENT: number };

/**
 * Arrays up to this many bytes live on V8's heap, where a new one costs tens of nanoseconds and
 * asking for its `.buffer` would allocate one: not worth keeping.
 */
const SMALL_BYTES = 64;

/** One number per (storage class, length): the length times 4 plus the class's index. */
function keyOf(storage: Storage, length: number): number {
  const index = storage === Float32Array ? 0 : storage === Float64Array ? 1 : storage === Int32Array ? 2 : 3;
  return length * 4 + index;
}

export class BufferPool {
  private readonly free = new Map<number, NativeData[]>();

  /** Keeps `data` for reuse if it spans its whole buffer (a view into a larger one does not). */
  give(data: NativeData): void {
    if (data.byteLength <= SMALL_BYTES || data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength) return;
    const key = keyOf(data.constructor as Storage, data.length);
    const list = this.free.get(key);
    if (list === undefined) this.free.set(key, [data]);
    else list.push(data);
  }

  take(storage: Storage, length: number): NativeData | undefined {
    if (length * storage.BYTES_PER_ELEMENT <= SMALL_BYTES) return undefined;
    return this.free.get(keyOf(storage, length))?.pop()?.fill(0);
  }
}

let lent: BufferPool | undefined;

/** Lends `pool` to allocations until the next call (undefined ends the loan). */
export function lendPool(pool: BufferPool | undefined): void {
  lent = pool;
}

export function pooledArray(storage: Storage, length: number): NativeData {
  return lent?.take(storage, length) ?? new storage(length);
}

export function allocateFloat32(length: number): Float32Array {
  return pooledArray(Float32Array, length) as Float32Array;
}
