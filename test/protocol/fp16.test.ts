import { describe, expect, it } from 'vitest';
import { fromHalfBits, toHalfBits } from '../../src/protocol/fp16.js';

/** Every finite non-negative half, ascending, decoded by the IEEE formula written out here. */
const POSITIVE_HALVES = Array.from({ length: 0x7c00 }, (_, bits) => {
  const exponent = bits >> 10;
  const mantissa = bits & 0x3ff;
  return exponent === 0 ? mantissa * 2 ** -24 : (1 + mantissa / 1024) * 2 ** (exponent - 15);
});

/** Reference rounding: the nearest half by search, ties to the even bit pattern; overflow to Infinity. */
function referenceBits(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  const max = POSITIVE_HALVES[0x7bff];
  if (a >= max + 2 ** (15 - 10 - 1)) return sign | 0x7c00; // at or past the midpoint to 65536
  let lo = 0;
  let hi = POSITIVE_HALVES.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (POSITIVE_HALVES[mid] <= a) lo = mid;
    else hi = mid;
  }
  const dLo = a - POSITIVE_HALVES[lo];
  const dHi = POSITIVE_HALVES[hi] - a;
  const bits = dLo < dHi ? lo : dHi < dLo ? hi : lo % 2 === 0 ? lo : hi;
  return sign | bits;
}

describe('FP16 conversion', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
    [65504, 0x7bff],
    [65519.99, 0x7bff],
    [65520, 0x7c00],
    [1e10, 0x7c00],
    [2 ** -14, 0x0400],
    [2 ** -24, 0x0001],
    [2 ** -25, 0x0000], // a tie between 0 and the smallest subnormal goes to even
    [3 * 2 ** -25, 0x0002], // a tie between 1 and 2 subnormal steps goes to even
    [1 + 2 ** -11, 0x3c00], // tie: down to the even mantissa
    [1 + 3 * 2 ** -11, 0x3c02], // tie: up to the even mantissa
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [NaN, 0x7e00],
  ])('toHalfBits(%s) = %s', (value, bits) => {
    expect(toHalfBits(value)).toBe(bits);
  });

  it('every half bit pattern survives the round trip through a number', () => {
    const wrong: number[] = [];
    for (let bits = 0; bits <= 0xffff; bits++) {
      const value = fromHalfBits(bits);
      const isNaNPattern = ((bits >> 10) & 0x1f) === 0x1f && (bits & 0x3ff) !== 0;
      if (isNaNPattern ? !Number.isNaN(value) : toHalfBits(value) !== bits) wrong.push(bits);
    }
    expect(wrong).toEqual([]);
  });

  it('rounds random doubles as the nearest-half search does', () => {
    let seed = 12345;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const wrong: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const magnitude = 2 ** (next() * 44 - 28); // 2^-28 .. 2^16
      const x = (next() < 0.5 ? -1 : 1) * magnitude;
      if (toHalfBits(x) !== referenceBits(x)) wrong.push(x);
    }
    expect(wrong).toEqual([]);
  });
});
