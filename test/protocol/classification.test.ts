import { describe, expect, it } from 'vitest';
import { bytesToBinary, classify, rowsOf, topK } from '../../src/protocol/classification.js';

describe('topK', () => {
  it('ranks the highest first and breaks ties by the lower index', () => {
    const data = new Float32Array([1, 5, 10, 4, 5]);
    expect(topK(data, 0, 5, 3).map((c) => c.index)).toEqual([2, 1, 4]);
    expect(topK(data, 1, 2, 9).map((c) => c.index)).toEqual([1, 0]); // within [5, 10], k capped at the width
  });

  it('compares 64-bit integers as bigints', () => {
    const data = new BigInt64Array([2n ** 62n, 2n ** 62n + 1n]);
    expect(topK(data, 0, 2, 1)).toEqual([{ index: 1, value: 2n ** 62n + 1n }]);
  });
});

describe('rowsOf', () => {
  it('is rows along the first dimension for a batching model, one row otherwise', () => {
    expect(rowsOf([], true)).toEqual({ rows: 1, width: 1 });
    expect(rowsOf([4], true)).toEqual({ rows: 4, width: 1 });
    expect(rowsOf([2, 3, 2], true)).toEqual({ rows: 2, width: 6 });
    expect(rowsOf([2, 3, 2], false)).toEqual({ rows: 1, width: 12 });
  });
});

describe('classify (Triton classification extension)', () => {
  it('formats "value:index:label" with six decimals, per batch row', () => {
    const output = { name: 'p', datatype: 'FP32' as const, shape: [2, 3], data: new Float32Array([0.25, 0.5, 0.25, 1, 0, 3]) };
    expect(classify(output, 2, ['a', 'b', 'c'], true)).toEqual({
      name: 'p',
      datatype: 'BYTES',
      shape: [2, 2],
      data: ['0.500000:1:b', '0.250000:0:a', '3.000000:2:c', '1.000000:0:a'],
    });
  });

  it('matches the extension document example (no labels, a model without batching)', () => {
    const output = { name: 'output0', datatype: 'FP32' as const, shape: [4], data: new Float32Array([1.1, 3.3, 0.5, 2.4]) };
    const result = classify(output, 2, undefined, false);
    expect(result.shape).toEqual([2]);
    expect(result.data.map((s) => s.split(':').slice(1).join(':'))).toEqual(['1', '3']);
    expect(result.data.map((s) => Number(s.split(':')[0]))).toEqual([3.3, 2.4].map((v) => Number(Math.fround(v).toFixed(6))));
  });

  it('writes integers without decimals and refuses BOOL and FP16', () => {
    const ints = { name: 'o', datatype: 'INT32' as const, shape: [3], data: new Int32Array([7, -1, 9]) };
    expect(classify(ints, 1, undefined, false).data).toEqual(['9:2']);
    const bools = { name: 'o', datatype: 'BOOL' as const, shape: [1], data: new Uint8Array([1]) };
    expect(() => classify(bools, 1, undefined, false)).toThrow("class result not available for output due to unsupported type 'BOOL'");
  });
});

describe('bytesToBinary', () => {
  it('writes each string as a 4-byte little-endian length and its UTF-8 bytes', () => {
    expect([...bytesToBinary(['ab', 'é'])]).toEqual([2, 0, 0, 0, 0x61, 0x62, 2, 0, 0, 0, 0xc3, 0xa9]);
  });
});
