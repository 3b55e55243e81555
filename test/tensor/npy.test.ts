import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, NpyError } from '../../src/tensor/npy.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/npy/', import.meta.url));
const fixture = (name: string): Buffer => readFileSync(`${FIXTURES}${name}.npy`);

/** The arrays scripts/fixtures/makeNpy.py saves; keep the two in step. */
const NUMPY_FIXTURES: Record<string, { data: Float32Array | Float64Array; shape: number[] }> = {
  f4_2x3: { data: Float32Array.from({ length: 6 }, (_, i) => i - 2.5), shape: [2, 3] },
  f8_specials_8: {
    data: Float64Array.of(0, -0, 1.5, -1e300, 5e-324, Infinity, -Infinity, NaN),
    shape: [8],
  },
  f4_scalar: { data: Float32Array.of(3.25), shape: [] },
  f4_0x3: { data: new Float32Array(0), shape: [0, 3] },
  f4_12345x0: { data: new Float32Array(0), shape: [12345, 0] },
  f8_2x1x3x1: { data: Float64Array.from({ length: 6 }, (_, i) => i * 0.125), shape: [2, 1, 3, 1] },
};

const bytesOf = (a: Float32Array | Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** A hand-built .npy: magic, version, header length, header text as given, payload. */
function rawNpy(header: string, payload: Uint8Array = new Uint8Array(0), major = 1, minor = 0): Buffer {
  const lengthSize = major === 1 ? 2 : 4;
  const prefix = Buffer.alloc(8 + lengthSize);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = major;
  prefix[7] = minor;
  if (major === 1) prefix.writeUInt16LE(header.length, 8);
  else prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), payload]);
}
const dict = (descr: string, fortran: string, shape: string): string =>
  `{'descr': ${descr}, 'fortran_order': ${fortran}, 'shape': ${shape}, }\n`;

function expectNpyError(run: () => unknown, field: string, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(NpyError);
  expect((caught as NpyError).field).toBe(field);
  expect((caught as NpyError).message).toMatch(message);
}

describe('encodeNpy', () => {
  it.each(Object.entries(NUMPY_FIXTURES))('writes %s.npy byte for byte as np.save does', (name, { data, shape }) => {
    expect(encodeNpy(data, shape).equals(fixture(name))).toBe(true);
  });

  it('starts the data on a 64-byte boundary', () => {
    for (const shape of [[], [1], [7, 3], new Array<number>(12).fill(1), [123456789, 0]]) {
      const count = shape.reduce((a, b) => a * b, 1);
      const encoded = encodeNpy(new Float64Array(count), shape);
      expect((encoded.length - count * 8) % 64).toBe(0);
      expect(encoded[encoded.length - count * 8 - 1]).toBe(0x0a);
    }
  });

  it('rejects a shape that does not match the data', () => {
    expectNpyError(() => encodeNpy(new Float32Array(5), [2, 3]), 'shape', /holds 6 elements but data has 5/);
    expectNpyError(() => encodeNpy(new Float32Array(0), [-1, 0]), 'shape', /non-negative integers/);
    expectNpyError(() => encodeNpy(new Float32Array(2), [1.5]), 'shape', /non-negative integers/);
  });
});

describe('decodeNpy', () => {
  it.each(Object.entries(NUMPY_FIXTURES))('reads %s.npy written by numpy', (name, { data, shape }) => {
    const decoded = decodeNpy(fixture(name));
    expect(decoded.dtype).toBe(data instanceof Float32Array ? 'FP32' : 'FP64');
    expect(decoded.shape).toEqual(shape);
    expect(decoded.data.constructor).toBe(data.constructor);
    expect(bytesOf(decoded.data)).toEqual(bytesOf(data));
  });

  it.each(['f4_2x3_v2', 'f4_2x3_v3'])('reads format version 2.0 and 3.0 (%s)', (name) => {
    const decoded = decodeNpy(fixture(name));
    expect(decoded.shape).toEqual([2, 3]);
    expect(decoded.data).toEqual(NUMPY_FIXTURES.f4_2x3.data);
  });

  it('returns a view on the buffer when the payload is aligned', () => {
    const buf = encodeNpy(Float32Array.of(1, 2, 3), [3]);
    const { data } = decodeNpy(buf);
    expect(data.buffer).toBe(buf.buffer);
    buf.writeFloatLE(42, buf.length - 4);
    expect(data[2]).toBe(42);
  });

  it.each([1, 2, 3, 5, 7])('copies the payload when it sits %i bytes off alignment', (shift) => {
    const encoded = encodeNpy(Float64Array.of(-1.25, 0.5, 1e-310), [3]);
    const misaligned = new Uint8Array(new ArrayBuffer(encoded.length + shift), shift);
    misaligned.set(encoded);
    const { data, shape } = decodeNpy(misaligned);
    expect(shape).toEqual([3]);
    expect(data.buffer).not.toBe(misaligned.buffer);
    expect(Array.from(data)).toEqual([-1.25, 0.5, 1e-310]);
  });

  it('reads a hand-written header that is neither padded nor newline-terminated', () => {
    const payload = bytesOf(Float32Array.of(1.5, -2));
    const { data } = decodeNpy(rawNpy("{'shape':(2,),'fortran_order':False,'descr':'<f4'}", payload));
    expect(Array.from(data)).toEqual([1.5, -2]);
  });

  it.each(['f4', '|f4', '=f4', 'f8', '|f8'])("accepts the native-order spelling '%s' as little-endian", (descr) => {
    const data = descr.endsWith('4') ? Float32Array.of(7) : Float64Array.of(7);
    expect(decodeNpy(rawNpy(dict(`'${descr}'`, 'False', '(1,)'), bytesOf(data))).data[0]).toBe(7);
  });

  it('reads Python 2 long shape literals', () => {
    expect(decodeNpy(rawNpy(dict("'<f4'", 'False', '(1L, 2L)'), new Uint8Array(8))).shape).toEqual([1, 2]);
  });

  it('round-trips random arrays bit for bit', () => {
    const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 });
    const caseArb = shapeArb.chain((shape) => {
      const length = shape.reduce((a, b) => a * b, 1);
      const arrays = fc.oneof(
        fc.float32Array({ minLength: length, maxLength: length }),
        fc.float64Array({ minLength: length, maxLength: length }),
      );
      return fc.tuple(fc.constant(shape), arrays);
    });
    fc.assert(
      fc.property(caseArb, ([shape, data]) => {
        const decoded = decodeNpy(encodeNpy(data, shape));
        expect(decoded.shape).toEqual(shape);
        expect(decoded.data.constructor).toBe(data.constructor);
        expect(bytesOf(decoded.data)).toEqual(bytesOf(data));
      }),
    );
  });
});

describe('decodeNpy rejects', () => {
  const f4 = "'<f4'";
  const cases: [string, () => Uint8Array, string, RegExp][] = [
    ['an empty payload', () => new Uint8Array(0), 'magic', /magic string/],
    ['a bad magic string', () => Buffer.from('\x93NUMPZ\x01\x00\x00\x00', 'latin1'), 'magic', /magic string/],
    ['format version 4.0', () => rawNpy(dict(f4, 'False', '()'), new Uint8Array(4), 4), 'version', /version 4\.0 is not supported/],
    ['format version 1.1', () => rawNpy(dict(f4, 'False', '()'), new Uint8Array(4), 1, 1), 'version', /version 1\.1/],
    ['a header cut short', () => rawNpy(dict(f4, 'False', '()')).subarray(0, 40), 'header', /runs past the end/],
    ['a missing header length', () => rawNpy('{}', undefined, 2).subarray(0, 9), 'header', /header length/],
    ['an unterminated header', () => rawNpy("{'descr': '<f4', 'shape': (2, "), 'header', /does not parse/],
    ['a header with stray text', () => rawNpy(`${dict(f4, 'False', '()')} x`), 'header', /does not parse/],
    ['a header with an escaped string', () => rawNpy("{'descr': '<f\\x34'}"), 'header', /does not parse/],
    ['a header that is not a dict', () => rawNpy('[1, 2]'), 'header', /not a dictionary/],
    ['a missing key', () => rawNpy("{'descr': '<f4', 'shape': ()}"), 'header', /keys must be/],
    ['an unknown key', () => rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}"), 'header', /got 'descr', 'fortran_order', 'shape', 'x'/],
    ['a huge header', () => rawNpy(dict(f4, 'False', '()') + ' '.repeat(10_001), new Uint8Array(4), 2), 'header', /exceeds/],
    ['int32 data', () => rawNpy(dict("'<i4'", 'False', '(1,)'), new Uint8Array(4)), 'descr', /^npy: dtype '<i4' is not supported; send '<f4' \(float32\) or '<f8' \(float64\)$/],
    ['float16 data', () => rawNpy(dict("'<f2'", 'False', '(2,)'), new Uint8Array(4)), 'descr', /dtype '<f2' is not supported/],
    ['big-endian float32', () => rawNpy(dict("'>f4'", 'False', '(1,)'), new Uint8Array(4)), 'descr', /'>f4' \(big-endian\) is not supported/],
    ['big-endian float64', () => rawNpy(dict("'>f8'", 'False', '(1,)'), new Uint8Array(8)), 'descr', /'>f8' \(big-endian\)/],
    ['a structured dtype', () => rawNpy(dict("[('a', '<f4')]", 'False', '(1,)'), new Uint8Array(4)), 'descr', /structured type/],
    ['Fortran order', () => rawNpy(dict(f4, 'True', '(2, 2)'), new Uint8Array(16)), 'fortran_order', /fortran_order True/],
    ['a non-bool fortran_order', () => rawNpy(dict(f4, '0', '(1,)'), new Uint8Array(4)), 'fortran_order', /True or False/],
    ['a list shape', () => rawNpy(dict(f4, 'False', '[2]'), new Uint8Array(8)), 'shape', /not a tuple/],
    ['a bare int shape', () => rawNpy(dict(f4, 'False', '(2)'), new Uint8Array(8)), 'shape', /not a tuple/],
    ['a negative dim', () => rawNpy(dict(f4, 'False', '(-1, 2)')), 'shape', /\(-1, 2\) must hold non-negative integers/],
    ['a fractional dim', () => rawNpy(dict(f4, 'False', '(2.5,)'), new Uint8Array(8)), 'shape', /non-negative integers/],
    ['a float dim', () => rawNpy(dict(f4, 'False', '(2.0,)'), new Uint8Array(8)), 'shape', /non-negative integers/],
    ['a string dim', () => rawNpy(dict(f4, 'False', "('2',)"), new Uint8Array(8)), 'shape', /non-negative integers/],
    ['an oversized dim', () => rawNpy(dict(f4, 'False', '(9007199254740992,)')), 'shape', /non-negative integers/],
    ['truncated data', () => encodeNpy(new Float32Array(6), [2, 3]).subarray(0, 150), 'data', /truncated: shape \[2,3\] of FP32 needs 24 bytes, got 22/],
    ['missing data', () => rawNpy(dict("'<f8'", 'False', '(1,)')), 'data', /truncated/],
    ['trailing bytes', () => Buffer.concat([encodeNpy(new Float64Array(2), [2]), Buffer.alloc(3)]), 'data', /3 trailing bytes/],
    ['an overflowing element count', () => rawNpy(dict(f4, 'False', '(4294967296, 4294967296)')), 'data', /truncated/],
    // 9,000 brackets fit the 10,000-byte header limit and once overflowed the recursive parser's stack (a 500).
    ['brackets nested 9,000 deep', () => rawNpy('['.repeat(9000)), 'header', /more than 200 nested brackets/],
    ['parentheses nested 9,000 deep', () => rawNpy(`{'shape': ${'('.repeat(9000)}`), 'header', /more than 200 nested brackets/],
  ];

  it.each(cases)('%s', (_name, build, field, message) => {
    expectNpyError(() => decodeNpy(build()), field, message);
  });
});
