import { expect } from 'vitest';
import type { FloatArray } from '../../src/kernels/types.js';
import { Rng } from '../../src/train/rng.js';

export const FLT_MIN = 1.1754943508222875e-38;
export const FLT_MAX = 3.4028234663852886e38;
/** Smallest float32 denormal. */
export const FLT_TRUE_MIN = 1.401298464324817e-45;

/** Inputs every kernel must get right, in both precisions (rounded to float32 where stored). */
export const EDGE_VALUES: readonly number[] = [
  0, -0, 1, -1, 0.5, -0.5, 100, -100, 1000, -1000,
  FLT_MIN, -FLT_MIN, 1e-40, -1e-40, FLT_TRUE_MIN, -FLT_TRUE_MIN,
  FLT_MAX, -FLT_MAX, Infinity, -Infinity, NaN,
];

export const RANDOM_LENGTHS: readonly number[] = [1, 2, 4, 9, 100000];

export type FloatArrayConstructor = Float32ArrayConstructor | Float64ArrayConstructor;

export interface Precision {
  readonly name: 'float32' | 'float64';
  readonly Type: FloatArrayConstructor;
  /** Rounds an attribute the way the kernels do for this precision. */
  readonly round: (value: number) => number;
}

export const PRECISIONS: readonly Precision[] = [
  { name: 'float32', Type: Float32Array, round: Math.fround },
  { name: 'float64', Type: Float64Array, round: (value) => value },
];

/** Deterministic uniform numbers in [0, 1) (mulberry32, src/train/rng.ts), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

export function randomArray(
  Type: FloatArrayConstructor,
  length: number,
  seed: number,
  low = -3,
  high = 3,
): FloatArray {
  const next = seededRandom(seed);
  const values = new Type(length);
  for (let i = 0; i < length; i++) values[i] = low + (high - low) * next();
  return values;
}

/** Applies a float64 scalar formula elementwise and stores into `Type` (float32 rounds once). */
export function mapReference(
  Type: FloatArrayConstructor,
  inputs: readonly FloatArray[],
  formula: (...values: number[]) => number,
): FloatArray {
  const length = inputs[0].length;
  const result = new Type(length);
  const args = new Array<number>(inputs.length);
  for (let i = 0; i < length; i++) {
    for (let k = 0; k < inputs.length; k++) args[k] = inputs[k][i];
    result[i] = formula(...args);
  }
  return result;
}

const bits32 = new Int32Array(1);
const float32View = new Float32Array(bits32.buffer);
const bits64 = new BigInt64Array(1);
const float64View = new Float64Array(bits64.buffer);

/** Position on the number line in units of the last place; +0 and -0 share 0. */
function ordinal(value: number, float32: boolean): bigint {
  if (float32) {
    float32View[0] = value;
    const b = bits32[0];
    return BigInt(b < 0 ? -(b & 0x7fffffff) : b);
  }
  float64View[0] = value;
  const b = bits64[0];
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}

/**
 * Distance in units in the last place. Non-finite values must match exactly (NaN matches NaN);
 * signed zeros count as equal, so exact-sign checks use expectIdentical instead.
 */
export function ulpDistance(actual: number, expected: number, float32: boolean): number {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) {
    return Object.is(actual, expected) ? 0 : Infinity;
  }
  const d = ordinal(actual, float32) - ordinal(expected, float32);
  return Number(d < 0n ? -d : d);
}

/** Every element within `maxUlps`; the message names the first offending index. */
export function expectWithinUlps(actual: FloatArray, expected: FloatArray, maxUlps: number): void {
  expect(actual.length).toBe(expected.length);
  const float32 = expected instanceof Float32Array;
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < expected.length; i++) {
    const distance = ulpDistance(actual[i], expected[i], float32);
    if (distance > worst) {
      worst = distance;
      worstIndex = i;
    }
  }
  const detail =
    worstIndex < 0 ? 'all exact' : `index ${worstIndex}: got ${actual[worstIndex]}, want ${expected[worstIndex]}`;
  expect(worst, detail).toBeLessThanOrEqual(maxUlps);
}

/** Bit-for-bit equality up to NaN payloads: Object.is per element, so -0 differs from +0. */
export function expectIdentical(actual: FloatArray, expected: FloatArray): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      expect(actual[i], `index ${i} (of ${expected.length})`).toBe(expected[i]);
    }
  }
}

/** Relative closeness for finite-difference checks. */
export function expectClose(actual: number, expected: number, relative: number, absolute: number): void {
  const allowed = absolute + relative * Math.abs(expected);
  expect(Math.abs(actual - expected), `got ${actual}, want ${expected}`).toBeLessThanOrEqual(allowed);
}

/** Straightforward index map: unravel each flat index of `to`, drop broadcast axes, re-ravel. */
export function naiveIndexMap(from: readonly number[], to: readonly number[]): number[] {
  const offset = to.length - from.length;
  const total = to.reduce((count, size) => count * size, 1);
  const result: number[] = [];
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    const coordinates = new Array<number>(to.length);
    for (let axis = to.length - 1; axis >= 0; axis--) {
      coordinates[axis] = rest % to[axis];
      rest = Math.floor(rest / to[axis]);
    }
    let index = 0;
    for (let axis = 0; axis < from.length; axis++) {
      index = index * from[axis] + (from[axis] === 1 ? 0 : coordinates[axis + offset]);
    }
    result.push(index);
  }
  return result;
}
