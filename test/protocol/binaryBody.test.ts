import { describe, expect, it } from 'vitest';
import { assembleBody, BinaryCursor, headerLength, joinBody, TENSOR_ALIGNMENT } from '../../src/protocol/binaryBody.js';
import { fromBytes, toBytes } from '../../src/protocol/datatypes.js';

describe('headerLength', () => {
  it('is undefined without the header (all JSON), the number otherwise', () => {
    expect(headerLength(undefined, 11)).toBeUndefined();
    expect(headerLength('7', 11)).toBe(7);
    expect(headerLength(' 11 ', 11)).toBe(11);
  });

  it.each([
    ['abc', /Unable to parse Inference-Header-Content-Length, got: abc/],
    ['-1', /Unable to parse/],
    ['12', /inference header size should be in range \(0, 11\), got: 12/],
    ['0', /raw binary request .* not supported/],
  ])('refuses %s with a 400', (value, message) => {
    expect(() => headerLength(value, 11)).toThrow(message);
    expect(() => headerLength(value, 11)).toThrow(expect.objectContaining({ statusCode: 400 }));
  });
});

describe('assembleBody', () => {
  const json = Buffer.from('{"a":1}'); // 7 bytes: the tensors would start misaligned
  const tensor = Buffer.from(new Float64Array([Math.PI, -2]).buffer);
  const body = Buffer.concat([json, tensor]);

  it('is all JSON without the header', () => {
    expect(assembleBody([body], body.length, undefined)).toEqual({ header: body, tail: undefined });
  });

  it('moves the binary part to an 8-byte boundary, from any chunking, so typed arrays wrap it', () => {
    for (const cuts of [[body.length], [3, body.length], [7, 9, body.length], [1, 2, 3, 4, 5, 6, 7, 8, 20, body.length]]) {
      const chunks = cuts.map((end, i) => body.subarray(i === 0 ? 0 : cuts[i - 1], end));
      const { header, tail } = assembleBody(chunks, body.length, String(json.length));
      expect(header.toString()).toBe('{"a":1}');
      expect((tail as Buffer).equals(tensor)).toBe(true);
      expect((tail as Buffer).byteOffset % TENSOR_ALIGNMENT).toBe(0);
      const data = fromBytes('FP64', tail as Buffer);
      expect(data).toEqual(new Float64Array([Math.PI, -2]));
      expect(data.buffer).toBe((tail as Buffer).buffer); // a view, not a copy
    }
  });
});

describe('BinaryCursor', () => {
  it('hands out consecutive views and reports what remains', () => {
    const cursor = new BinaryCursor(Buffer.from([1, 2, 3, 4, 5]));
    expect([...(cursor.take(2) as Buffer)]).toEqual([1, 2]);
    expect(cursor.take(4)).toBeUndefined();
    expect(cursor.remaining).toBe(3);
    expect([...(cursor.take(3) as Buffer)]).toEqual([3, 4, 5]);
    expect(cursor.take(0)?.length).toBe(0);
  });
});

describe('joinBody', () => {
  it('is the JSON bytes then each chunk, with the JSON length', () => {
    const { body: joined, headerLength } = joinBody('{"é":1}', [new Uint8Array([9]), new Uint8Array([8, 7])]);
    expect(headerLength).toBe(Buffer.byteLength('{"é":1}'));
    expect([...joined.subarray(headerLength)]).toEqual([9, 8, 7]);
  });
});

describe('fromBytes / toBytes', () => {
  it('wraps aligned little-endian bytes without copying', () => {
    const bytes = Buffer.from(new Float32Array([1.5, -2]).buffer);
    const data = fromBytes('FP32', bytes);
    expect(data).toEqual(new Float32Array([1.5, -2]));
    expect(data.buffer).toBe(bytes.buffer);
  });

  it('copies when the offset is not a multiple of the element size', () => {
    const raw = Buffer.alloc(17);
    Buffer.from(new Float64Array([Math.PI, -1]).buffer).copy(raw, 1);
    const data = fromBytes('FP64', raw.subarray(1));
    expect(data).toEqual(new Float64Array([Math.PI, -1]));
    expect(data.buffer).not.toBe(raw.buffer);
  });

  it('reads INT64 as BigInt64Array and writes the same bytes back', () => {
    const bytes = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
    const data = fromBytes('INT64', bytes);
    expect(data).toEqual(new BigInt64Array([2n ** 63n - 1n]));
    expect(Buffer.from(toBytes(data)).equals(bytes)).toBe(true);
  });
});
