import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { readTensorProto, type TensorData } from '../../src/onnx/tensorProto.js';
import { hasTestData, TESTDATA_DIR, warnIfMissing } from '../conformance/onnxTestData.js';

const { TensorProto } = onnxProto.onnx;
const D = TensorProto.DataType;

const encode = (fields: onnx.ITensorProto): Uint8Array => TensorProto.encode(fields).finish();
const load = (path: string) => readTensorProto(readFileSync(join(TESTDATA_DIR, 'node', path)));
type TypedArrayCtor = new (length: number) => TensorData;
const toArray = (data: TensorData): (number | bigint)[] => Array.from(data as ArrayLike<number | bigint>);

/** IEEE 754 binary16 bits to a number, to check FP16 tensors against their float32 casts. */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

warnIfMissing();

describe.skipIf(!hasTestData)('readTensorProto on libonnx-testdata', () => {
  it('reads float32 raw_data (test_relu)', () => {
    const x = load('test_relu/test_data_set_0/input_0.pb');
    const y = load('test_relu/test_data_set_0/output_0.pb');
    expect([x.name, x.dtype, x.shape]).toEqual(['x', 'FP32', [3, 4, 5]]);
    expect(x.data).toBeInstanceOf(Float32Array);
    expect(x.data[0]).toBeCloseTo(1.7640524, 6);
    expect(toArray(y.data)).toEqual(Array.from(x.data as Float32Array, (v) => Math.max(v, 0)));
  });

  it('reads float64 raw_data (test_cast_DOUBLE_to_FLOAT)', () => {
    const x = load('test_cast_DOUBLE_to_FLOAT/test_data_set_0/input_0.pb');
    const y = load('test_cast_DOUBLE_to_FLOAT/test_data_set_0/output_0.pb');
    expect([x.dtype, x.shape, y.dtype]).toEqual(['FP64', [3, 4], 'FP32']);
    expect(toArray(y.data)).toEqual(Array.from(x.data as Float64Array, Math.fround));
  });

  it('reads float16 raw_data as bits (test_cast_FLOAT16_to_FLOAT)', () => {
    const x = load('test_cast_FLOAT16_to_FLOAT/test_data_set_0/input_0.pb');
    const y = load('test_cast_FLOAT16_to_FLOAT/test_data_set_0/output_0.pb');
    expect([x.dtype, x.shape]).toEqual(['FP16', [3, 4]]);
    expect(x.data).toBeInstanceOf(Uint16Array);
    expect(toArray(y.data)).toEqual(Array.from(x.data as Uint16Array, halfToFloat));
  });

  const integerCases: [string, string, TypedArrayCtor, (v: number) => number | bigint][] = [
    ['test_max_int64', 'INT64', BigInt64Array, BigInt],
    ['test_max_int32', 'INT32', Int32Array, Number],
    ['test_max_int8', 'INT8', Int8Array, Number],
    ['test_max_uint8', 'UINT8', Uint8Array, Number],
  ];
  it.each(integerCases)('reads integer raw_data (%s)', (folder, dtype, ctor, cast) => {
    const read = (file: string) => load(`${folder}/test_data_set_0/${file}.pb`);
    const [a, b, max] = [read('input_0'), read('input_1'), read('output_0')];
    expect([a.name, a.dtype, a.shape, max.name]).toEqual(['data_0', dtype, [3], 'result']);
    expect(a.data).toBeInstanceOf(ctor);
    expect(toArray(a.data)).toEqual([3, 2, 1].map(cast));
    expect(toArray(b.data)).toEqual([1, 4, 4].map(cast));
    expect(toArray(max.data)).toEqual([3, 4, 4].map(cast));
  });

  it('reads bool raw_data as 0/1 bytes (test_and2d)', () => {
    const read = (file: string) => load(`test_and2d/test_data_set_0/${file}.pb`);
    const [x, y, and] = [read('input_0'), read('input_1'), read('output_0')];
    expect([x.dtype, x.shape]).toEqual(['BOOL', [3, 4]]);
    expect(toArray(and.data)).toEqual(Array.from(x.data as Uint8Array, (v, i) => v & (y.data as Uint8Array)[i]));
  });

  it.each([
    ['test_max_int16/test_data_set_0/input_0.pb', /data type INT16 \(5\) is not supported/],
    ['test_cast_FLOAT_to_STRING/test_data_set_0/output_0.pb', /'output': data type STRING \(8\) is not supported/],
  ])('rejects unsupported data types (%s)', (path, message) => {
    expect(() => load(path)).toThrow(message);
  });
});

describe('readTensorProto on typed fields', () => {
  const typedCases: [onnx.ITensorProto, string, TypedArrayCtor, number[]][] = [
    [{ dataType: D.FLOAT, floatData: [1.5, -0, Infinity] }, 'FP32', Float32Array, [1.5, -0, Infinity]],
    [{ dataType: D.DOUBLE, doubleData: [1e-310, -2.5, NaN] }, 'FP64', Float64Array, [1e-310, -2.5, NaN]],
    [{ dataType: D.INT32, int32Data: [-2147483648, 0, 2147483647] }, 'INT32', Int32Array, [-2147483648, 0, 2147483647]],
    [{ dataType: D.INT8, int32Data: [-128, -1, 127] }, 'INT8', Int8Array, [-128, -1, 127]],
    [{ dataType: D.UINT8, int32Data: [0, 128, 255] }, 'UINT8', Uint8Array, [0, 128, 255]],
    [{ dataType: D.UINT16, int32Data: [0, 1, 65535] }, 'UINT16', Uint16Array, [0, 1, 65535]],
    [{ dataType: D.BOOL, int32Data: [1, 0, 1] }, 'BOOL', Uint8Array, [1, 0, 1]],
    [{ dataType: D.FLOAT16, int32Data: [0x3c00, 0x8000, 0x7c00] }, 'FP16', Uint16Array, [0x3c00, 0x8000, 0x7c00]],
  ];
  it.each(typedCases)('reads %o', (fields, dtype, ctor, values) => {
    const tensor = readTensorProto(encode({ name: 't', dims: [3], ...fields }));
    expect([tensor.name, tensor.dtype, tensor.shape]).toEqual(['t', dtype, [3]]);
    expect(tensor.data).toBeInstanceOf(ctor);
    expect(toArray(tensor.data)).toEqual(values);
  });

  it('reads int64_data beyond 2^53 exactly', () => {
    // protobufjs takes 64-bit values as {low, high} words; these are -2^63, 2^53 + 1 and -1.
    const int64Data = [{ low: 0, high: -0x80000000 }, { low: 1, high: 0x200000 }, { low: -1, high: -1 }];
    const tensor = readTensorProto(encode({ dataType: D.INT64, dims: [3], int64Data: int64Data as never }));
    expect(tensor.dtype).toBe('INT64');
    expect(toArray(tensor.data)).toEqual([-(2n ** 63n), 2n ** 53n + 1n, -1n]);
  });

  it('reads a rank-0 tensor and an empty one', () => {
    const scalar = readTensorProto(encode({ dataType: D.FLOAT, dims: [], floatData: [4] }));
    expect([scalar.shape, toArray(scalar.data)]).toEqual([[], [4]]);
    const empty = readTensorProto(encode({ dataType: D.DOUBLE, dims: [2, 0] }));
    expect([empty.shape, empty.data.length, empty.data.constructor]).toEqual([[2, 0], 0, Float64Array]);
  });
});

describe('readTensorProto on raw_data', () => {
  const values = Float64Array.of(-1.5, 2 ** -1074, 1e300);
  const rawData = new Uint8Array(values.buffer);
  const message = encode({ name: 'w', dataType: D.DOUBLE, dims: [3], rawData });
  const rawOffset = TensorProto.decode(message).rawData.byteOffset;

  it.each([0, 1, 2, 3, 4, 5, 6, 7])('reads it %i bytes into a buffer, viewing when aligned', (shift) => {
    const bytes = new Uint8Array(new ArrayBuffer(message.length + shift), shift);
    bytes.set(message);
    const tensor = readTensorProto(bytes);
    expect(toArray(tensor.data)).toEqual(Array.from(values));
    const aligned = (shift + rawOffset) % 8 === 0;
    expect(tensor.data.buffer === bytes.buffer).toBe(aligned);
  });

  it('copies out of a Buffer too (Buffer#slice would alias)', () => {
    const shift = rawOffset % 8 === 0 ? 1 : 0;
    const bytes = Buffer.alloc(message.length + shift).subarray(shift);
    bytes.set(message);
    const tensor = readTensorProto(bytes);
    bytes.fill(0);
    expect(toArray(tensor.data)).toEqual(Array.from(values));
  });
});

describe('readTensorProto rejects', () => {
  const cases: [string, onnx.ITensorProto, RegExp][] = [
    ['external data', { dataType: D.FLOAT, dims: [1], dataLocation: TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: 'w.bin' }] }, /'x': external data is not supported/],
    ['an undefined data type', { dims: [1], floatData: [1] }, /data type UNDEFINED \(0\) is not supported; supported: FP32, FP64/],
    ['complex data', { dataType: D.COMPLEX64, dims: [1], floatData: [1, 2] }, /COMPLEX64 \(14\)/],
    ['bfloat16 data', { dataType: D.BFLOAT16, dims: [1], int32Data: [1] }, /BFLOAT16 \(16\)/],
    ['raw_data of the wrong length', { dataType: D.FLOAT, dims: [2], rawData: new Uint8Array(7) }, /raw_data holds 7 bytes but shape \[2\] of FP32 needs 8/],
    ['too few typed values', { dataType: D.INT32, dims: [2, 2], int32Data: [1, 2, 3] }, /int32Data holds 3 values but shape \[2,2\] needs 4/],
    ['a tensor with no data', { dataType: D.FLOAT, dims: [2] }, /floatData holds 0 values/],
    ['a negative dim', { dataType: D.FLOAT, dims: [-1], floatData: [] }, /dims \[-1\] must be non-negative/],
    ['a segment', { dataType: D.FLOAT, dims: [1], floatData: [1], segment: { begin: 0, end: 1 } }, /segmented tensors are not supported/],
  ];
  it.each(cases)('%s', (_name, fields, message) => {
    expect(() => readTensorProto(encode({ name: 'x', ...fields }))).toThrow(message);
  });
});
