/**
 * Decodes a serialized ONNX TensorProto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto)
 * into a typed array tagged with its Open Inference Protocol datatype.
 */
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { type LongLike, toNumber } from './long.js';

const { TensorProto } = onnxProto.onnx;

export type TensorData =
  | Float32Array
  | Float64Array
  | BigInt64Array
  | Int32Array
  | Int8Array
  | Uint8Array
  | Uint16Array;

export interface OnnxTensor {
  name: string;
  /** Open Inference Protocol datatype: FP32, FP64, INT64, INT32, INT8, UINT8, UINT16, BOOL, FP16. */
  dtype: string;
  shape: number[];
  /** BOOL is one byte per element (0 or 1); FP16 holds the raw IEEE half bits. */
  data: TensorData;
}

interface DtypeSpec {
  dtype: string;
  itemsize: number;
  /** The typed field that carries the values when raw_data is absent. */
  field: 'floatData' | 'doubleData' | 'int32Data' | 'int64Data';
  view(buffer: ArrayBufferLike, byteOffset: number, length: number): TensorData;
  fromNumbers(values: number[]): TensorData;
}

const D = TensorProto.DataType;
// Narrow integer, bool and float16 values travel in int32_data (float16 as its bit pattern).
const SPECS: ReadonlyMap<number, DtypeSpec> = new Map<number, DtypeSpec>([
  [D.FLOAT, { dtype: 'FP32', itemsize: 4, field: 'floatData', view: (b, o, n) => new Float32Array(b, o, n), fromNumbers: (v) => Float32Array.from(v) }],
  [D.DOUBLE, { dtype: 'FP64', itemsize: 8, field: 'doubleData', view: (b, o, n) => new Float64Array(b, o, n), fromNumbers: (v) => Float64Array.from(v) }],
  [D.INT64, { dtype: 'INT64', itemsize: 8, field: 'int64Data', view: (b, o, n) => new BigInt64Array(b, o, n), fromNumbers: (v) => BigInt64Array.from(v, BigInt) }],
  [D.INT32, { dtype: 'INT32', itemsize: 4, field: 'int32Data', view: (b, o, n) => new Int32Array(b, o, n), fromNumbers: (v) => Int32Array.from(v) }],
  [D.INT8, { dtype: 'INT8', itemsize: 1, field: 'int32Data', view: (b, o, n) => new Int8Array(b, o, n), fromNumbers: (v) => Int8Array.from(v) }],
  [D.UINT8, { dtype: 'UINT8', itemsize: 1, field: 'int32Data', view: (b, o, n) => new Uint8Array(b, o, n), fromNumbers: (v) => Uint8Array.from(v) }],
  [D.UINT16, { dtype: 'UINT16', itemsize: 2, field: 'int32Data', view: (b, o, n) => new Uint16Array(b, o, n), fromNumbers: (v) => Uint16Array.from(v) }],
  [D.BOOL, { dtype: 'BOOL', itemsize: 1, field: 'int32Data', view: (b, o, n) => new Uint8Array(b, o, n), fromNumbers: (v) => Uint8Array.from(v, (x) => (x ? 1 : 0)) }],
  [D.FLOAT16, { dtype: 'FP16', itemsize: 2, field: 'int32Data', view: (b, o, n) => new Uint16Array(b, o, n), fromNumbers: (v) => Uint16Array.from(v) }],
]);

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads one TensorProto. raw_data is little-endian; when it sits aligned for its element type the
 * result is a view that shares memory with `bytes`, otherwise a copy.
 */
export function readTensorProto(bytes: Uint8Array): OnnxTensor {
  return tensorFromProto(TensorProto.decode(bytes));
}

/** The same, for a TensorProto already decoded (a graph initializer, an attribute value). */
export function tensorFromProto(message: onnx.ITensorProto): OnnxTensor {
  // create() fills in the defaults a plain ITensorProto may lack; decoded messages already have them.
  const proto = message instanceof TensorProto ? message : TensorProto.create(message);
  const name = proto.name;
  const fail = (problem: string): never => {
    throw new Error(`TensorProto '${name}': ${problem}`);
  };
  const spec = SPECS.get(proto.dataType);
  if (spec === undefined) {
    const typeName = D[proto.dataType] ?? 'unknown';
    const supported = [...SPECS.values()].map((s) => s.dtype).join(', ');
    return fail(`data type ${typeName} (${proto.dataType}) is not supported; supported: ${supported}`);
  }
  if (proto.dataLocation === TensorProto.DataLocation.EXTERNAL || proto.externalData.length > 0) {
    return fail('external data is not supported; embed the values in raw_data');
  }
  if (proto.segment != null) fail('segmented tensors are not supported');

  const shape = proto.dims.map((dim) => {
    const value = toNumber(dim);
    return Number.isSafeInteger(value) && value >= 0 ? value : fail(`dims [${proto.dims.map(toNumber).join(',')}] must be non-negative`);
  });
  const count = shape.reduce((a, b) => a * b, 1);

  const raw = proto.rawData;
  if (raw.length > 0 || count === 0) {
    if (raw.length !== count * spec.itemsize) {
      fail(`raw_data holds ${raw.length} bytes but shape [${shape.join(',')}] of ${spec.dtype} needs ${count * spec.itemsize}`);
    }
    return { name, dtype: spec.dtype, shape, data: readRaw(raw, count, spec) };
  }
  const values = proto[spec.field];
  if (values.length !== count) {
    fail(`${spec.field} holds ${values.length} values but shape [${shape.join(',')}] needs ${count}`);
  }
  const data =
    spec.field === 'int64Data' ? BigInt64Array.from(values as (number | LongLike)[], toBigInt) : spec.fromNumbers(values as number[]);
  return { name, dtype: spec.dtype, shape, data };
}

function readRaw(raw: Uint8Array, count: number, spec: DtypeSpec): TensorData {
  if (LITTLE_ENDIAN_HOST && raw.byteOffset % spec.itemsize === 0) return spec.view(raw.buffer, raw.byteOffset, count);
  // new Uint8Array(raw) copies; Buffer#slice (raw may be a Buffer) would not.
  const copy = new Uint8Array(raw);
  if (!LITTLE_ENDIAN_HOST) {
    for (let i = 0; i < copy.length; i += spec.itemsize) copy.subarray(i, i + spec.itemsize).reverse();
  }
  return spec.view(copy.buffer, 0, count);
}

function toBigInt(value: number | LongLike): bigint {
  if (typeof value === 'number') return BigInt(value);
  return BigInt.asIntN(64, (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0));
}
