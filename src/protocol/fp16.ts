/**
 * IEEE 754 half precision (binary16) <-> JS numbers, for FP16 tensors written as JSON numbers.
 * Node 20 has no Math.f16round; rounding goes straight from the double (round half to even), so
 * there is no double rounding through float32.
 */

const MANTISSA_BITS = 10;
const MANTISSA_SCALE = 1 << MANTISSA_BITS;
const EXPONENT_BIAS = 15;
const MAX_EXPONENT = 15;
const MIN_NORMAL_EXPONENT = -14;
/** Value of the least significant bit of a subnormal half: 2^-24. */
const SUBNORMAL_STEP = 2 ** -24;
const SIGN = 0x8000;
const INFINITY_BITS = 0x7c00;
const QUIET_NAN_BITS = 0x7e00;

function roundHalfToEven(v: number): number {
  const floor = Math.floor(v);
  const fraction = v - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The binary16 bits nearest to `value`. */
export function toHalfBits(value: number): number {
  if (Number.isNaN(value)) return QUIET_NAN_BITS;
  const sign = value < 0 || Object.is(value, -0) ? SIGN : 0;
  const a = Math.abs(value);
  if (a === Infinity) return sign | INFINITY_BITS;
  if (a < 2 ** MIN_NORMAL_EXPONENT) {
    // Subnormal (a mantissa of 1024 is exactly the smallest normal's encoding).
    return sign | roundHalfToEven(a / SUBNORMAL_STEP);
  }
  let exponent = Math.floor(Math.log2(a));
  if (2 ** exponent > a) exponent--;
  else if (2 ** (exponent + 1) <= a) exponent++;
  let mantissa = roundHalfToEven((a / 2 ** exponent - 1) * MANTISSA_SCALE);
  if (mantissa === MANTISSA_SCALE) {
    mantissa = 0;
    exponent++;
  }
  if (exponent > MAX_EXPONENT) return sign | INFINITY_BITS;
  return sign | ((exponent + EXPONENT_BIAS) << MANTISSA_BITS) | mantissa;
}

/** The number a binary16 bit pattern stands for. */
export function fromHalfBits(bits: number): number {
  const sign = bits & SIGN ? -1 : 1;
  const exponent = (bits >> MANTISSA_BITS) & 0x1f;
  const mantissa = bits & (MANTISSA_SCALE - 1);
  if (exponent === 0) return sign * mantissa * SUBNORMAL_STEP;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / MANTISSA_SCALE) * 2 ** (exponent - EXPONENT_BIAS);
}
