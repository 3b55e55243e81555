import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/model/types.js';
import { encodeInferResponse, type ResponseInput } from '../../src/protocol/inferResponse.js';

const probs: Tensor = { name: 'probs', datatype: 'FP32', shape: [1, 3], data: new Float32Array([0.25, 0.5, 0.25]) };
const big: Tensor = { name: 'ids', datatype: 'INT64', shape: [2], data: new BigInt64Array([2n ** 63n - 1n, -1n]) };
const empty: Tensor = { name: 'none', datatype: 'FP32', shape: [0, 3], data: new Float32Array(0) };

const base: ResponseInput = {
  modelName: 'm',
  modelVersion: '3',
  outputs: [probs, big],
  requested: undefined,
  binaryDefault: false,
  labels: () => ['a', 'b', 'c'],
  batched: () => true,
};

describe('encodeInferResponse', () => {
  it('writes JSON with the id echoed and 64-bit integers exact', () => {
    const encoded = encodeInferResponse({ ...base, id: 'req "1"' });
    expect(encoded.kind).toBe('json');
    expect(encoded.body).toContain('"data":[9223372036854775807,-1]');
    expect(JSON.parse(encoded.body as string)).toEqual({
      model_name: 'm',
      model_version: '3',
      id: 'req "1"',
      outputs: [
        { name: 'probs', datatype: 'FP32', shape: [1, 3], data: [0.25, 0.5, 0.25] },
        { name: 'ids', datatype: 'INT64', shape: [2], data: [2 ** 63, -1] },
      ],
    });
  });

  it('appends binary outputs after the JSON, in output order, with their sizes', () => {
    const encoded = encodeInferResponse({ ...base, binaryDefault: true });
    if (encoded.kind !== 'binary') throw new Error('expected a binary response');
    const header = JSON.parse(encoded.body.subarray(0, encoded.headerLength).toString());
    expect(header.outputs).toEqual([
      { name: 'probs', datatype: 'FP32', shape: [1, 3], parameters: { binary_data_size: 12 } },
      { name: 'ids', datatype: 'INT64', shape: [2], parameters: { binary_data_size: 16 } },
    ]);
    const tail = encoded.body.subarray(encoded.headerLength);
    expect(tail.equals(Buffer.concat([Buffer.from(probs.data.buffer), Buffer.from(big.data.buffer)]))).toBe(true);
  });

  it('mixes JSON and binary outputs as each asks', () => {
    const encoded = encodeInferResponse({
      ...base,
      requested: [
        { name: 'probs', binary: false },
        { name: 'ids', binary: true },
      ],
    });
    if (encoded.kind !== 'binary') throw new Error('expected a binary response');
    const header = JSON.parse(encoded.body.subarray(0, encoded.headerLength).toString());
    expect(header.outputs[0].data).toEqual([0.25, 0.5, 0.25]);
    expect(header.outputs[1]).not.toHaveProperty('data');
    expect(encoded.body.length - encoded.headerLength).toBe(16);
  });

  it('stays JSON when every binary output is empty (no bytes to follow), as Triton does', () => {
    const encoded = encodeInferResponse({ ...base, outputs: [empty], binaryDefault: true });
    expect(encoded.kind).toBe('json');
    expect(JSON.parse(encoded.body as string).outputs[0].parameters).toEqual({ binary_data_size: 0 });
  });

  it('returns a classification as BYTES, binary as length-prefixed strings', () => {
    const requested = [{ name: 'probs', binary: true, classification: 1 }];
    const encoded = encodeInferResponse({ ...base, outputs: [probs], requested });
    if (encoded.kind !== 'binary') throw new Error('expected a binary response');
    const expected = '0.500000:1:b';
    const tail = encoded.body.subarray(encoded.headerLength);
    expect(tail.readUInt32LE(0)).toBe(expected.length);
    expect(tail.subarray(4).toString()).toBe(expected);
    const header = JSON.parse(encoded.body.subarray(0, encoded.headerLength).toString());
    expect(header.outputs[0]).toEqual({ name: 'probs', datatype: 'BYTES', shape: [1, 1], parameters: { binary_data_size: 16 } });
  });
});
