import { describe, expect, it } from 'vitest';
import { fastExp, fastExpm1 } from '../../src/kernels/fastExpm1.js';
import { FLT_TRUE_MIN, ulpDistance } from './helpers.js';

/** After rounding to float32, at most 1 ulp from the correctly rounded value. */
const MAX_FLOAT32_ULPS = 1;
/**
 * And rarely even that: the double result is within ~2e-9 relative, so only values within that
 * of a float32 rounding boundary come out 1 ulp off (about 0.005% of the grid; an r reduced
 * with ln2 in one part instead of two gets over 6%).
 */
const MAX_OFF_BY_ONE_FRACTION = 1e-3;
/** Dense grid over the whole useful float32 range, from total underflow to past overflow. */
const GRID_START = -110;
const GRID_END = 95;
const GRID_STEP = 1 / 1024;

/** Worst float32 ulp distance of `approx` against `exact` over `inputs` (float32 values). */
function worstError(
  inputs: Iterable<number>,
  approx: (x: number) => number,
  exact: (x: number) => number,
): { ulps: number; at: number; offFraction: number } {
  let worst = { ulps: 0, at: NaN };
  let off = 0;
  let count = 0;
  for (const raw of inputs) {
    const x = Math.fround(raw);
    const ulps = ulpDistance(Math.fround(approx(x)), Math.fround(exact(x)), true);
    count++;
    if (ulps > 0) off++;
    if (ulps > worst.ulps) worst = { ulps, at: x };
  }
  return { ...worst, offFraction: off / count };
}

function* grid(): Generator<number> {
  for (let k = GRID_START / GRID_STEP; k <= GRID_END / GRID_STEP; k++) yield k * GRID_STEP + GRID_STEP / 3;
}

/** ±2^e for e in [-149, 6], 64 points per octave: tiny inputs must keep relative accuracy. */
function* logGrid(): Generator<number> {
  for (let e = -149; e < 6; e += 1 / 64) {
    yield 2 ** e;
    yield -(2 ** e);
  }
}

describe('fastExpm1', () => {
  it(`stays within ${MAX_FLOAT32_ULPS} float32 ulp of Math.expm1 on a dense grid`, () => {
    const worst = worstError(grid(), fastExpm1, Math.expm1);
    expect(worst.ulps, `worst at x = ${worst.at}`).toBeLessThanOrEqual(MAX_FLOAT32_ULPS);
    expect(worst.offFraction).toBeLessThanOrEqual(MAX_OFF_BY_ONE_FRACTION);
  });

  it('keeps relative accuracy for tiny |x|, denormals included', () => {
    const worst = worstError(logGrid(), fastExpm1, Math.expm1);
    expect(worst.ulps, `worst at x = ${worst.at}`).toBeLessThanOrEqual(MAX_FLOAT32_ULPS);
    expect(fastExpm1(1e-30)).toBe(1e-30);
    expect(Math.fround(fastExpm1(-FLT_TRUE_MIN))).toBe(-FLT_TRUE_MIN);
  });

  it('handles the special values', () => {
    expect(fastExpm1(NaN)).toBeNaN();
    expect(fastExpm1(-Infinity)).toBe(-1);
    expect(fastExpm1(-104.5)).toBe(-1);
    expect(fastExpm1(-1e30)).toBe(-1);
    expect(Math.fround(fastExpm1(Infinity))).toBe(Infinity);
    expect(Math.fround(fastExpm1(89))).toBe(Infinity);
    expect(Object.is(fastExpm1(-0), 0)).toBe(true);
    expect(fastExpm1(0)).toBe(0);
  });
});

describe('fastExp', () => {
  it(`stays within ${MAX_FLOAT32_ULPS} float32 ulp of Math.exp on a dense grid, denormal results included`, () => {
    const worst = worstError(grid(), fastExp, Math.exp);
    expect(worst.ulps, `worst at x = ${worst.at}`).toBeLessThanOrEqual(MAX_FLOAT32_ULPS);
    expect(worst.offFraction).toBeLessThanOrEqual(MAX_OFF_BY_ONE_FRACTION);
  });

  it('underflows to 0 where float32 exp does and overflows to Infinity once rounded', () => {
    expect(fastExp(-104.5)).toBe(0);
    expect(fastExp(-Infinity)).toBe(0);
    expect(Math.fround(fastExp(-103))).toBeGreaterThan(0);
    expect(Math.fround(fastExp(Infinity))).toBe(Infinity);
    expect(fastExp(NaN)).toBeNaN();
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-0)).toBe(1);
  });
});
