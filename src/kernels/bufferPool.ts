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

type Storage = new (length: number) => NativeData;

export class BufferPool {
  private readonly free = new Map<Storage, Map<number, NativeData[]>>();

  /** Keeps `data` for reuse if it spans its whole buffer (a view into a larger one does not). */
  give(data: NativeData): void {
    if (data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength || data.length === 0) return;
    const storage = data.constructor as Storage;
    let byLength = this.free.get(storage);
    if (byLength === undefined) {
      byLength = new Map();
      this.free.set(storage, byLength);
    }
    const list = byLength.get(data.length);
    if (list === undefined) byLength.set(data.length, [data]);
    else list.push(data);
  }

  take(storage: Storage, length: number): NativeData | undefined {
    const data = this.free.get(storage)?.get(length)?.pop();
    return data?.fill(0);
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
