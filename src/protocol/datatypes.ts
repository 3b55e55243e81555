/**
 * Open Inference Protocol datatypes as typed arrays: element sizes, allocation, and views over
 * raw little-endian bytes (the binary tensor extension's layout). Storage follows
 * src/model/types.ts: BOOL is one byte of 0 or 1, FP16 is the raw half bits, 64-bit integers are
 * BigInt64Array/BigUint64Array.
 */
import { itemSize, STORAGE } from '../model/datatypes.js';
import { DATATYPES, type Datatype, type TypedData } from '../model/types.js';

/** The binary extension sends raw bytes in little-endian order; typed arrays use the host's. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function isDatatype(value: string): value is Datatype {
  return (DATATYPES as readonly string[]).includes(value);
}

export const byteSize = itemSize;

export function allocate(datatype: Datatype, length: number): TypedData {
  return new STORAGE[datatype](new ArrayBuffer(length * itemSize(datatype)), 0, length);
}

/** True when `data` is the storage `datatype` asks for (so a backend can take it as is). */
export function hasStorageOf(datatype: Datatype, data: TypedData): boolean {
  return data instanceof STORAGE[datatype];
}

/**
 * A typed array over `bytes` (little-endian elements). Wraps the same memory when the offset is a
 * multiple of the element size, which Buffer pooling does not guarantee; copies otherwise.
 */
export function fromBytes(datatype: Datatype, bytes: Uint8Array): TypedData {
  const Ctor = STORAGE[datatype];
  const length = bytes.byteLength / Ctor.BYTES_PER_ELEMENT;
  if (!HOST_IS_LITTLE_ENDIAN) return swapFromLittleEndian(datatype, bytes, length);
  if (bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0) {
    return new Ctor(bytes.buffer, bytes.byteOffset, length);
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Ctor(copy.buffer, 0, length);
}

/** The bytes of a tensor, little-endian, without copying on a little-endian host. */
export function toBytes(data: TypedData): Uint8Array {
  if (!HOST_IS_LITTLE_ENDIAN) return swapToLittleEndian(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function swapFromLittleEndian(datatype: Datatype, bytes: Uint8Array, length: number): TypedData {
  const out = allocate(datatype, length);
  const size = out.BYTES_PER_ELEMENT;
  const target = new Uint8Array(out.buffer);
  for (let i = 0; i < length; i++) {
    for (let b = 0; b < size; b++) target[i * size + b] = bytes[i * size + (size - 1 - b)];
  }
  return out;
}

function swapToLittleEndian(data: TypedData): Uint8Array {
  const size = data.BYTES_PER_ELEMENT;
  const source = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  for (let i = 0; i < data.length; i++) {
    for (let b = 0; b < size; b++) out[i * size + b] = source[i * size + (size - 1 - b)];
  }
  return out;
}
