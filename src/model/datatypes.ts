/**
 * Open Inference Protocol datatypes: their element storage, their ONNX counterparts
 * (TensorProto.DataType, https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) and Triton's
 * config spelling (TYPE_FP32...).
 */
import type { Datatype, TypedData } from './types.js';

type TypedArrayConstructor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedData; BYTES_PER_ELEMENT: number };

/** The typed array each datatype is stored in (src/model/types.ts documents BOOL and FP16). */
export const STORAGE: Readonly<Record<Datatype, TypedArrayConstructor>> = {
  BOOL: Uint8Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  UINT64: BigUint64Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  INT64: BigInt64Array,
  FP16: Uint16Array,
  FP32: Float32Array,
  FP64: Float64Array,
};

export function itemSize(datatype: Datatype): number {
  return STORAGE[datatype].BYTES_PER_ELEMENT;
}

/** TensorProto.DataType numbers for the datatypes the service handles. */
const ONNX_ELEM_TYPES: ReadonlyMap<number, Datatype> = new Map<number, Datatype>([
  [1, 'FP32'],
  [2, 'UINT8'],
  [3, 'INT8'],
  [4, 'UINT16'],
  [5, 'INT16'],
  [6, 'INT32'],
  [7, 'INT64'],
  [9, 'BOOL'],
  [10, 'FP16'],
  [11, 'FP64'],
  [12, 'UINT32'],
  [13, 'UINT64'],
]);

export function datatypeFromOnnx(elemType: number): Datatype | undefined {
  return ONNX_ELEM_TYPES.get(elemType);
}

/** Triton's model-config spelling: FP32 -> TYPE_FP32. */
export function tritonType(datatype: Datatype): string {
  return `TYPE_${datatype}`;
}

/** Accepts either spelling, FP32 or TYPE_FP32. */
export function parseDatatype(text: string): Datatype | undefined {
  const bare = text.startsWith('TYPE_') ? text.slice('TYPE_'.length) : text;
  return bare in STORAGE ? (bare as Datatype) : undefined;
}

/**
 * The same bytes seen as `datatype`'s storage: the array itself when it already is, a view when
 * aligned, a copy only when not. Callers that built their data from a binary body with another
 * typed array class still get what the backend expects.
 */
export function viewAs(datatype: Datatype, data: TypedData): TypedData {
  const Storage = STORAGE[datatype];
  if (data instanceof Storage) return data;
  const length = Math.floor(data.byteLength / Storage.BYTES_PER_ELEMENT);
  if (data.byteOffset % Storage.BYTES_PER_ELEMENT === 0) return new Storage(data.buffer, data.byteOffset, length);
  const copy = new Uint8Array(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return new Storage(copy.buffer, 0, length);
}
