import { blendFactor, checkedPlan } from './preluSlope.js';
import type { FloatArray } from './types.js';

/** [negative-side factor, positive-side factor] for runs that share one slope value. */
const FACTORS = new Float64Array(2);

/**
 * PRelu gradients (PyTorch's prelu backward):
 * dx = x > 0 ? dy : slope * dy, and dslope = sum over the broadcast positions of
 * (x > 0 ? 0 : x * dy), so dslope has the slope's shape.
 *
 * At x = 0 the negative side is used: prelu'(0) = slope, and x = 0 adds 0 to dslope. Where x
 * is NaN, dx = slope * dy and dslope is NaN, as in PyTorch. dslope is overwritten (sums are
 * kept in float64, rounded once on store) and must not alias the other arrays.
 * Works in place (`dx === dy`).
 */
export function preluBackward(
  x: FloatArray,
  xShape: readonly number[],
  slope: FloatArray,
  slopeShape: readonly number[],
  dy: FloatArray,
  dx: FloatArray,
  dslope: FloatArray,
): void {
  const plan = checkedPlan(x, xShape, slope, slopeShape);
  const n = x.length;
  if (dy.length !== n || dx.length !== n) {
    throw new RangeError(
      `PRelu: gradient lengths dy ${dy.length} and dx ${dx.length} do not match X length ${n}`,
    );
  }
  if (dslope.length !== slope.length) {
    throw new RangeError(`PRelu: dslope length ${dslope.length} does not match slope length ${slope.length}`);
  }
  const sums = dslope instanceof Float64Array ? dslope : new Float64Array(slope.length);
  sums.fill(0);
  if (plan.kind === 'scalar') {
    sums[0] = backwardRun(x, dy, dx, 0, n, slope[0]);
  } else if (plan.kind === 'channel' && plan.inner > 1) {
    const { outer, channels, inner } = plan;
    for (let o = 0, start = 0; o < outer; o++) {
      for (let c = 0; c < channels; c++, start += inner) {
        sums[c] += backwardRun(x, dy, dx, start, start + inner, slope[c]);
      }
    }
  } else if (plan.kind === 'general') {
    backwardGather(x, slope, dy, dx, sums, plan.index);
  } else {
    for (let start = 0; start < n; start += slope.length) backwardTile(x, slope, dy, dx, sums, start);
  }
  if (sums !== dslope) dslope.set(sums);
}

/** Gradient over [start, end) with one slope value; returns that run's dslope sum. */
function backwardRun(
  x: FloatArray,
  dy: FloatArray,
  dx: FloatArray,
  start: number,
  end: number,
  slope: number,
): number {
  FACTORS[0] = slope;
  FACTORS[1] = 1;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const v = x[i];
    const g = dy[i];
    const positive = +(v > 0);
    dx[i] = g * FACTORS[positive];
    sum += negativeContribution(positive, v, g);
  }
  return sum;
}

/** Gradient over [start, start + slope.length), element j using slope[j]. */
function backwardTile(
  x: FloatArray,
  slope: FloatArray,
  dy: FloatArray,
  dx: FloatArray,
  sums: Float64Array,
  start: number,
): void {
  for (let j = 0, m = slope.length; j < m; j++) {
    const v = x[start + j];
    const g = dy[start + j];
    const positive = +(v > 0);
    dx[start + j] = blendBackward(positive, v, g, slope[j]);
    sums[j] += negativeContribution(positive, v, g);
  }
}

/** Gradient of element i using slope[index[i]]: the general broadcast. */
function backwardGather(
  x: FloatArray,
  slope: FloatArray,
  dy: FloatArray,
  dx: FloatArray,
  sums: Float64Array,
  index: Int32Array,
): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    const g = dy[i];
    const positive = +(v > 0);
    dx[i] = blendBackward(positive, v, g, slope[index[i]]);
    sums[index[i]] += negativeContribution(positive, v, g);
  }
}

/** x > 0 ? dy : slope * dy, blended; NaN only via 0 * Infinity or NaN, then the literal formula. */
function blendBackward(positive: number, v: number, g: number, slope: number): number {
  const d = g * blendFactor(positive, slope);
  return d === d ? d : v > 0 ? g : slope * g;
}

/** x > 0 ? 0 : x * dy, blended; NaN only via 0 * Infinity or NaN, then the literal formula. */
function negativeContribution(positive: number, v: number, g: number): number {
  const blended = (1 - positive) * v * g;
  return blended === blended ? blended : v > 0 ? 0 : v * g;
}
