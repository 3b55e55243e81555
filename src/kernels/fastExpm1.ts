/**
 * exp and expm1 accurate to float32, for the float32 paths of Elu and Selu.
 *
 * Math.exp and Math.expm1 cost about 8.5 ns per call and give double precision we round away.
 * Here: N = round(x * 16 / ln2), r = x - N * ln2 / 16 (Cody-Waite: ln2 in two parts, so r is
 * exact), a degree-4 Taylor polynomial for expm1(r) on |r| <= ln2 / 32 (relative error below
 * 2e-9, against a float32 half-ulp of 3e-8), then a scale by 2^(N/16) read from a table.
 * The results are doubles within ~2e-9 relative of the true value, so once rounded to float32
 * they are at most 1 float32 ulp from the correctly rounded result.
 *
 * The 16 steps per octave trade a 40 KB table for half the polynomial of a plain 2^n scale;
 * for inputs of moderate size only a few hundred entries are ever touched.
 *
 * Only meant for values that end up in float32: inputs are clamped to [-110, 110] (float32
 * exp overflows above ~88.7 and underflows to 0 below ~-104), so large inputs give large
 * finite doubles that round to Infinity in float32.
 */

const STEPS_PER_OCTAVE = 16;
const STEPS_PER_E = STEPS_PER_OCTAVE * Math.LOG2E;
/** ln2 / 16 split so that N * STEP_HI is exact for |N| < 2^20 (low 32 bits of ln2_hi are zero). */
const STEP_HI = 6.93147180369123816490e-1 / STEPS_PER_OCTAVE;
const STEP_LO = 1.90821492927058770002e-10 / STEPS_PER_OCTAVE;
/** 1.5 * 2^52: adding and subtracting it rounds a double to the nearest integer (ties to even). */
const ROUND_SHIFT = 6755399441055744;

const X_MIN = -110;
const X_MAX = 110;
/** The clamp keeps N = round(x * 16 / ln2) within [-2540, 2540]. */
export const MAX_STEP = 2540;
/** Below 2^-150 float32 exp rounds to 0, so the table holds 0 there: exp gives 0, expm1 gives -1. */
const FLOAT32_UNDERFLOW_STEP = -150 * STEPS_PER_OCTAVE;

/** Entries of the scale table: 2^(N/16) for N in [-MAX_STEP, MAX_STEP]. */
export const SCALE_TABLE_LENGTH = 2 * MAX_STEP + 1;

/** Fills `table` (SCALE_TABLE_LENGTH doubles) so that table[N + MAX_STEP] = 2^(N/16); the
 * WebAssembly kernels fill their copy with this too, so both paths give the same bits. */
export function fillScaleTable(table: Float64Array): Float64Array {
  for (let step = -MAX_STEP; step <= MAX_STEP; step++) {
    table[step + MAX_STEP] = step < FLOAT32_UNDERFLOW_STEP ? 0 : 2 ** (step / STEPS_PER_OCTAVE);
  }
  return table;
}

const SCALE = fillScaleTable(new Float64Array(SCALE_TABLE_LENGTH));

const C2 = 1 / 2;
const C3 = 1 / 6;
const C4 = 1 / 24;

/**
 * expm1(x) to float32 accuracy: with s = 2^(N/16) and q = expm1(r), exp(x) - 1 = s * q + (s - 1).
 * For N = 0 that is exactly q, so small |x| keeps its relative accuracy; no branch needed.
 * NaN propagates; x below about -104 gives -1; -0 gives +0.
 */
export function fastExpm1(x: number): number {
  // Ternary clamps, not Math.min/max: they are never taken on ordinary data, so they predict.
  const low = x < X_MIN ? X_MIN : x;
  const c = low > X_MAX ? X_MAX : low;
  const step = c * STEPS_PER_E + ROUND_SHIFT - ROUND_SHIFT;
  const r = c - step * STEP_HI - step * STEP_LO;
  const r2 = r * r;
  const q = r + r2 * (C2 + r * C3 + r2 * C4);
  // NaN | 0 is 0, so NaN reads s = 1 and stays NaN through q.
  const s = SCALE[(step | 0) + MAX_STEP];
  return s * q + (s - 1);
}

/** exp(x) to float32 accuracy: 2^(N/16) * (1 + q). x below about -104 gives 0, as float32 exp does. */
export function fastExp(x: number): number {
  const low = x < X_MIN ? X_MIN : x;
  const c = low > X_MAX ? X_MAX : low;
  const step = c * STEPS_PER_E + ROUND_SHIFT - ROUND_SHIFT;
  const r = c - step * STEP_HI - step * STEP_LO;
  const r2 = r * r;
  const q = r + r2 * (C2 + r * C3 + r2 * C4);
  const s = SCALE[(step | 0) + MAX_STEP];
  return s * q + s;
}
