import { describe, expect, it } from 'vitest';
import type { Datatype } from '../../src/model/types.js';
import { jsonDataText, jsonDataValues, parseJsonData } from '../../src/protocol/jsonData.js';
import { checkDataFits } from '../../src/tensor/jsonTensor.js';

const LIMIT = 1000;
const parse = (datatype: Datatype, shape: number[], data: unknown) => parseJsonData('inputs[0]', datatype, shape, data, LIMIT);

describe('parseJsonData', () => {
  it.each([
    ['FP32', [1.5, -2, 'NaN', 'Infinity'], Float32Array],
    ['FP64', [0.1, -0, '-Infinity', 1e300], Float64Array],
    ['INT8', [-128, 0, 1, 127], Int8Array],
    ['INT16', [-32768, 0, 1, 32767], Int16Array],
    ['INT32', [-2147483648, 0, 1, 2147483647], Int32Array],
    ['UINT8', [0, 1, 128, 255], Uint8Array],
    ['UINT16', [0, 1, 128, 65535], Uint16Array],
    ['UINT32', [0, 1, 128, 4294967295], Uint32Array],
  ] as const)('%s: flat data into its typed array, extremes included', (datatype, data, Storage) => {
    const out = parse(datatype, [2, 2], data);
    expect(out).toBeInstanceOf(Storage);
    expect(Array.from(out as ArrayLike<number>)).toEqual(
      data.map((v) => (typeof v === 'string' ? Number(v) : datatype === 'FP32' ? Math.fround(v) : v)),
    );
  });

  it('nested data equals flat data', () => {
    expect(parse('INT32', [2, 3], [[1, 2, 3], [4, 5, 6]])).toEqual(parse('INT32', [2, 3], [1, 2, 3, 4, 5, 6]));
    expect(parse('BOOL', [2, 1], [[true], [false]])).toEqual(new Uint8Array([1, 0]));
  });

  it('INT64 and UINT64: numbers, or decimal strings exact beyond 2^53', () => {
    expect(parse('INT64', [4], [-5, '9007199254740993', '-9223372036854775808', '9223372036854775807'])).toEqual(
      new BigInt64Array([-5n, 9007199254740993n, -(2n ** 63n), 2n ** 63n - 1n]),
    );
    expect(parse('UINT64', [2], ['18446744073709551615', 7])).toEqual(new BigUint64Array([2n ** 64n - 1n, 7n]));
  });

  it('BOOL takes true/false and 0/1 as one byte each', () => {
    expect(parse('BOOL', [4], [true, false, 1, 0])).toEqual(new Uint8Array([1, 0, 1, 0]));
  });

  it('FP16 takes numbers and the non-finite strings, stored as half bits', () => {
    expect(parse('FP16', [4], [1, -2, 'Infinity', 'NaN'])).toEqual(new Uint16Array([0x3c00, 0xc000, 0x7c00, 0x7e00]));
  });

  it.each([
    ['INT8', 128, /inputs\[0\]\.data\[1\] is 128; expected an integer in \[-128, 127\] for INT8/],
    ['UINT8', -1, /data\[1\] is -1; expected an integer in \[0, 255\] for UINT8/],
    ['INT32', 1.5, /data\[1\] is 1\.5; expected an integer/],
    ['INT64', '1e3', /data\[1\] is "1e3"; expected an integer in \[-2\^63, 2\^63-1\]/],
    ['INT64', '9223372036854775808', /data\[1\] is "9223372036854775808"/],
    ['UINT64', -1, /data\[1\] is -1; expected an integer in \[0, 2\^64-1\]/],
    ['BOOL', 2, /data\[1\] is 2; expected true or false/],
    ['FP16', 'x', /data\[1\] is "x"; expected a number/],
    ['FP32', null, /data\[1\] is null; expected a number/],
  ] as const)('%s rejects %s, naming the element', (datatype, bad, message) => {
    expect(() => parse(datatype, [2], [0, bad])).toThrow(message);
  });

  it('names the place where nested data and shape disagree', () => {
    expect(() => parse('INT8', [2, 3], [[1, 2, 3], [4, 5]])).toThrow(/inputs\[0\]\.data\[1\] has 2 entries but shape \[2,3\] needs 3/);
    expect(() => parse('UINT8', [3], [1, 2])).toThrow(/inputs\[0\]\.data has 2 elements but shape \[3\] needs 3/);
    expect(() => parse('BOOL', [1], 'true')).toThrow(/inputs\[0\]\.data must be an array/);
  });

  it('checks that short data cannot fill a large shape before allocating it', () => {
    // A few bytes of body claiming 4e7 elements: refused by checkDataFits, whatever the datatype.
    const big = (datatype: Datatype, shape: number[], data: unknown) => parseJsonData('inputs[0]', datatype, shape, data, 1e8);
    expect(() => big('FP32', [1, 4e7], [[1]])).toThrow(/inputs\[0\]\.data\[0\] has 1 entries but shape \[1,40000000\] needs 40000000 at depth 1/);
    expect(() => big('INT64', [2, 2e7], [[1]])).toThrow(/inputs\[0\]\.data has 1 entries but shape \[2,20000000\] needs 2 at depth 0/);
    expect(() => big('UINT8', [4e7], [1])).toThrow(/inputs\[0\]\.data has 1 elements but shape \[40000000\] needs 40000000/);
  });

  it('checkDataFits follows the first path of nested data only, and zero-sized dimensions end it', () => {
    expect(() => checkDataFits('x', [2, 0, 3], [[], []], 0)).not.toThrow();
    expect(() => checkDataFits('x', [2, 2], [[1, 2], [3]], 4)).not.toThrow(); // the copy's walk finds data[1]
    expect(() => checkDataFits('x', [], [7], 1)).not.toThrow();
    expect(() => checkDataFits('x', [2, 2], [[1, 2], 3], 4)).not.toThrow();
    expect(() => checkDataFits('x', [2, 3], [[1, 2, 3]], 6)).toThrow(/x\.data has 1 entries but shape \[2,3\] needs 2 at depth 0/);
    expect(() => checkDataFits('x', [2, 3], [[1, 2], [3, 4]], 6)).toThrow(/x\.data\[0\] has 2 entries but shape \[2,3\] needs 3 at depth 1/);
  });

  it('refuses a tensor over the element limit with 413', () => {
    expect(() => parseJsonData('inputs[0]', 'INT8', [10, 200], [], LIMIT)).toThrow(
      expect.objectContaining({ statusCode: 413, code: 'TENSOR_TOO_LARGE' }),
    );
  });
});

describe('jsonDataText', () => {
  it('writes 64-bit integers exactly and non-finite floats as strings', () => {
    expect(jsonDataText('INT64', new BigInt64Array([2n ** 63n - 1n, -3n]))).toBe('[9223372036854775807,-3]');
    expect(jsonDataText('UINT64', new BigUint64Array([2n ** 64n - 1n]))).toBe('[18446744073709551615]');
    expect(jsonDataText('FP32', new Float32Array([0.1, NaN, -Infinity]))).toBe('[0.10000000149011612,"NaN","-Infinity"]');
    expect(jsonDataText('BOOL', new Uint8Array([1, 0]))).toBe('[true,false]');
    expect(jsonDataText('FP16', new Uint16Array([0x3c00, 0x7c00]))).toBe('[1,"Infinity"]');
    expect(jsonDataText('UINT8', new Uint8Array([]))).toBe('[]');
  });

  it('is JSON that reads back to the values', () => {
    const data = new Float64Array([1e-300, -1.5, 123456789.125]);
    expect(JSON.parse(jsonDataText('FP64', data))).toEqual(Array.from(data));
  });
});

describe('jsonDataValues', () => {
  it('gives plain values: booleans, numbers, non-finite strings', () => {
    expect(jsonDataValues('BOOL', new Uint8Array([0, 1]))).toEqual([false, true]);
    expect(jsonDataValues('INT64', new BigInt64Array([-4n]))).toEqual([-4]);
    expect(jsonDataValues('FP32', new Float32Array([NaN, 2]))).toEqual(['NaN', 2]);
    expect(jsonDataValues('FP16', new Uint16Array([0xc000]))).toEqual([-2]);
  });
});
