/**
 * WebAssembly SIMD forward kernels for the float32 activations, in AssemblyScript.
 * `npm run build:wasm` compiles this file into ../activations.wasm (committed); ../loader.ts
 * loads it, ../kernels.ts calls it. Each kernel mirrors a plain TypeScript loop in src/kernels
 * bit for bit; test/kernels/wasmParity.test.ts holds them to that.
 *
 * Every kernel reads `n` float32 values at `src` and writes `n` results at `dst`: two distinct
 * buffers owned by the loader, padded past `n`, so the loops run over whole vectors (the lanes
 * past `n` compute garbage that the loader never copies back) and need no scalar tails.
 */

/** Start of the memory the loader may use: nothing is allocated here (runtime stub). */
export function heapBase(): usize {
  return __heap_base;
}

/** Relu: y = max(0, x). Wasm's max is IEEE-aware: max(-0, +0) = +0 and NaN propagates. */
export function relu(src: usize, dst: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const bytes = <usize>n << 2;
  for (let i: usize = 0; i < bytes; i += 16) {
    v128.store(dst + i, f32x4.max(v128.load(src + i), zero));
  }
}

/**
 * x * (x >= 0 ? 1 : slope), as the TypeScript loops compute LeakyRelu and PRelu: a float32
 * multiply is the exact product rounded once, as is their double product stored into float32.
 * x >= 0 keeps -0 on the positive side (y = -0) and sends NaN to the slope (NaN * slope = NaN).
 */
// @ts-ignore: decorator (AssemblyScript inlines; TypeScript allows decorators on classes only)
@inline function leakyVector(x: v128, slope: v128): v128 {
  return f32x4.mul(x, v128.bitselect(f32x4.splat(1), slope, f32x4.ge(x, f32x4.splat(0))));
}

/** LeakyRelu with a float32 alpha (also PRelu with a scalar slope). */
export function leakyRelu(src: usize, dst: usize, n: i32, alpha: f32): void {
  const slope = f32x4.splat(alpha);
  const bytes = <usize>n << 2;
  for (let i: usize = 0; i < bytes; i += 16) {
    v128.store(dst + i, leakyVector(v128.load(src + i), slope));
  }
}

/**
 * PRelu over runs of `inner` elements that share one slope: slopes[0] for the first run, which
 * the chunk enters `offset` elements in, slopes[1] for the next, and so on. A run's last vector
 * spills up to 3 lanes into the next run's outputs, which that run then overwrites.
 */
export function preluRuns(src: usize, dst: usize, n: i32, slopes: usize, inner: i32, offset: i32): void {
  let start: i32 = 0;
  let runEnd: i32 = min(inner - offset, n);
  while (start < n) {
    const slope = v128.load32_splat(slopes);
    for (let i = <usize>start << 2, end = <usize>runEnd << 2; i < end; i += 16) {
      v128.store(dst + i, leakyVector(v128.load(src + i), slope));
    }
    start = runEnd;
    runEnd = min(runEnd + inner, n);
    slopes += 4;
  }
}

/** PRelu with one slope per element: slopes[i] for element i. */
export function preluSlopes(src: usize, dst: usize, n: i32, slopes: usize): void {
  const bytes = <usize>n << 2;
  for (let i: usize = 0; i < bytes; i += 16) {
    v128.store(dst + i, leakyVector(v128.load(src + i), v128.load(slopes + i)));
  }
}

// The constants and steps of fastExpm1 (../../fastExpm1.ts), in the same double arithmetic
// (wasm, like JS, rounds every operation and never fuses a multiply-add).
const STEPS_PER_E: f64 = 16 * 1.4426950408889634; // 16 / ln2
const STEP_HI: f64 = 6.93147180369123816490e-1 / 16;
const STEP_LO: f64 = 1.90821492927058770002e-10 / 16;
const ROUND_SHIFT: f64 = 6755399441055744; // 1.5 * 2^52
const X_MIN: f64 = -110;
const X_MAX: f64 = 110;
const C2: f64 = 1.0 / 2;
const C3: f64 = 1.0 / 6;
const C4: f64 = 1.0 / 24;
/** The Elu blend's clamp of the positive side (NEGATIVE_GUARD in ../../elu.ts): -(2^100). */
const NEGATIVE_GUARD: f64 = -1.2676506002282294e30;

/**
 * The constants above as f64x2 vectors, read into locals before each loop: written as
 * v128.const operands, V8 rebuilds every one of them on every iteration (three instructions
 * each), which doubled the cost of the loop.
 */
const CONSTANTS = memory.data<f64>([
  X_MIN, X_MIN, X_MAX, X_MAX, STEPS_PER_E, STEPS_PER_E, ROUND_SHIFT, ROUND_SHIFT,
  STEP_HI, STEP_HI, STEP_LO, STEP_LO, C2, C2, C3, C3, C4, C4, 1, 1, NEGATIVE_GUARD, NEGATIVE_GUARD,
], 16);

/**
 * fastExpm1 on two doubles. `scale` points at the loader's copy of its 2^(N/16) table, at the
 * entry for N = 0; N is within [-2540, 2540] after the clamp, and a NaN lane reads N = 0
 * (trunc_sat gives 0, as NaN | 0 does in JS).
 */
// @ts-ignore: decorator (AssemblyScript inlines; TypeScript allows decorators on classes only)
@inline function expm1Pair(
  x: v128, scale: usize, xMin: v128, xMax: v128, stepsPerE: v128, shift: v128,
  stepHi: v128, stepLo: v128, c2: v128, c3: v128, c4: v128, one: v128,
): v128 {
  const c = f64x2.pmin(f64x2.pmax(x, xMin), xMax); // clamp as fastExpm1's ternaries do (NaN stays)
  const step = f64x2.sub(f64x2.add(f64x2.mul(c, stepsPerE), shift), shift);
  const r = f64x2.sub(f64x2.sub(c, f64x2.mul(step, stepHi)), f64x2.mul(step, stepLo));
  const r2 = f64x2.mul(r, r);
  const q = f64x2.add(r, f64x2.mul(r2, f64x2.add(f64x2.add(c2, f64x2.mul(r, c3)), f64x2.mul(r2, c4))));
  const index = i32x4.shl(i32x4.trunc_sat_f64x2_s_zero(step), 3);
  const s0 = v128.load64_zero(scale + <usize>i32x4.extract_lane(index, 0));
  const s = v128.load64_lane(scale + <usize>i32x4.extract_lane(index, 1), s0, 1);
  return f64x2.add(f64x2.mul(s, q), f64x2.sub(s, one)); // s * q + (s - 1)
}

/** The Elu blend on two doubles, as scaledElu's float32 loop writes it. */
// @ts-ignore: decorator (AssemblyScript inlines; TypeScript allows decorators on classes only)
@inline function eluPair(
  x: v128, negative: v128, positive: v128, zero: v128, guard: v128, scale: usize, xMin: v128, xMax: v128,
  stepsPerE: v128, shift: v128, stepHi: v128, stepLo: v128, c2: v128, c3: v128, c4: v128, one: v128,
): v128 {
  const flag = v128.and(f64x2.gt(x, zero), one); // +(x > 0)
  const guarded = f64x2.pmax(x, guard); // x < NEGATIVE_GUARD ? NEGATIVE_GUARD : x
  const expm1 = expm1Pair(x, scale, xMin, xMax, stepsPerE, shift, stepHi, stepLo, c2, c3, c4, one);
  const positiveSide = f64x2.mul(flag, f64x2.mul(positive, guarded));
  const negativeSide = f64x2.mul(f64x2.sub(one, flag), f64x2.mul(negative, expm1));
  return f64x2.add(positiveSide, negativeSide);
}

/**
 * The Elu family on float32 data, y = x > 0 ? positiveScale * x : negativeScale * expm1(x),
 * computed as scaledElu's float32 loop in ../../elu.ts does: in doubles, both sides blended
 * with a 0/1 flag, rounded to float32 once on the store. Four floats per step, as two f64x2.
 */
export function scaledElu(src: usize, dst: usize, n: i32, negativeScale: f64, positiveScale: f64, scale: usize): void {
  const xMin = v128.load(CONSTANTS, 0);
  const xMax = v128.load(CONSTANTS, 16);
  const stepsPerE = v128.load(CONSTANTS, 32);
  const shift = v128.load(CONSTANTS, 48);
  const stepHi = v128.load(CONSTANTS, 64);
  const stepLo = v128.load(CONSTANTS, 80);
  const c2 = v128.load(CONSTANTS, 96);
  const c3 = v128.load(CONSTANTS, 112);
  const c4 = v128.load(CONSTANTS, 128);
  const one = v128.load(CONSTANTS, 144);
  const guard = v128.load(CONSTANTS, 160);
  const negative = f64x2.splat(negativeScale);
  const positive = f64x2.splat(positiveScale);
  const zero = f64x2.splat(0);
  const bytes = <usize>n << 2;
  for (let i: usize = 0; i < bytes; i += 16) {
    // Two independent chains for the CPU to overlap: faster here than one pair a step.
    const x4 = v128.load(src + i);
    const lo = eluPair(f64x2.promote_low_f32x4(x4), negative, positive, zero, guard, scale,
      xMin, xMax, stepsPerE, shift, stepHi, stepLo, c2, c3, c4, one);
    const hi = eluPair(f64x2.promote_low_f32x4(i64x2.shuffle(x4, x4, 1, 1)), negative, positive, zero, guard, scale,
      xMin, xMax, stepsPerE, shift, stepHi, stepLo, c2, c3, c4, one);
    v128.store(dst + i, i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2));
  }
}

/** fastExpm1 over `n` doubles (n even), for the tests that hold the two to the same bits. */
export function expm1(src: usize, dst: usize, n: i32, scale: usize): void {
  const xMin = v128.load(CONSTANTS, 0);
  const xMax = v128.load(CONSTANTS, 16);
  const stepsPerE = v128.load(CONSTANTS, 32);
  const shift = v128.load(CONSTANTS, 48);
  const stepHi = v128.load(CONSTANTS, 64);
  const stepLo = v128.load(CONSTANTS, 80);
  const c2 = v128.load(CONSTANTS, 96);
  const c3 = v128.load(CONSTANTS, 112);
  const c4 = v128.load(CONSTANTS, 128);
  const one = v128.load(CONSTANTS, 144);
  const bytes = <usize>n << 3;
  for (let i: usize = 0; i < bytes; i += 16) {
    const x = v128.load(src + i);
    v128.store(dst + i, expm1Pair(x, scale, xMin, xMax, stepsPerE, shift, stepHi, stepLo, c2, c3, c4, one));
  }
}

/**
 * Sigmoid on two doubles, as the float32 loop in ../../sigmoid.ts computes it: e = fastExp(-|x|)
 * (only the low clamp can apply; s * q + s), then (x >= 0 ? 1 : e) / (1 + e). The TypeScript
 * numerator t + (1 - t) * e with a 0/1 flag t is exactly 1 or e (e is finite unless x is NaN,
 * and then t = 0), so a bitselect gives the same bits.
 */
// @ts-ignore: decorator (AssemblyScript inlines; TypeScript allows decorators on classes only)
@inline function sigmoidPair(
  x: v128, zero: v128, scale: usize, xMin: v128, stepsPerE: v128, shift: v128,
  stepHi: v128, stepLo: v128, c2: v128, c3: v128, c4: v128, one: v128,
): v128 {
  const c = f64x2.pmax(f64x2.neg(f64x2.abs(x)), xMin); // a < X_MIN ? X_MIN : a (NaN stays)
  const step = f64x2.sub(f64x2.add(f64x2.mul(c, stepsPerE), shift), shift);
  const r = f64x2.sub(f64x2.sub(c, f64x2.mul(step, stepHi)), f64x2.mul(step, stepLo));
  const r2 = f64x2.mul(r, r);
  const q = f64x2.add(r, f64x2.mul(r2, f64x2.add(f64x2.add(c2, f64x2.mul(r, c3)), f64x2.mul(r2, c4))));
  const index = i32x4.shl(i32x4.trunc_sat_f64x2_s_zero(step), 3);
  const s0 = v128.load64_zero(scale + <usize>i32x4.extract_lane(index, 0));
  const s = v128.load64_lane(scale + <usize>i32x4.extract_lane(index, 1), s0, 1);
  const e = f64x2.add(f64x2.mul(s, q), s);
  return f64x2.div(v128.bitselect(one, e, f64x2.ge(x, zero)), f64x2.add(one, e));
}

/** Sigmoid on float32 data, in doubles rounded to float32 once on the store, as ../../sigmoid.ts. */
export function sigmoid(src: usize, dst: usize, n: i32, scale: usize): void {
  const xMin = v128.load(CONSTANTS, 0);
  const stepsPerE = v128.load(CONSTANTS, 32);
  const shift = v128.load(CONSTANTS, 48);
  const stepHi = v128.load(CONSTANTS, 64);
  const stepLo = v128.load(CONSTANTS, 80);
  const c2 = v128.load(CONSTANTS, 96);
  const c3 = v128.load(CONSTANTS, 112);
  const c4 = v128.load(CONSTANTS, 128);
  const one = v128.load(CONSTANTS, 144);
  const zero = f64x2.splat(0);
  const bytes = <usize>n << 2;
  for (let i: usize = 0; i < bytes; i += 16) {
    const x4 = v128.load(src + i);
    const lo = sigmoidPair(f64x2.promote_low_f32x4(x4), zero, scale,
      xMin, stepsPerE, shift, stepHi, stepLo, c2, c3, c4, one);
    const hi = sigmoidPair(f64x2.promote_low_f32x4(i64x2.shuffle(x4, x4, 1, 1)), zero, scale,
      xMin, stepsPerE, shift, stepHi, stepLo, c2, c3, c4, one);
    v128.store(dst + i, i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2));
  }
}
