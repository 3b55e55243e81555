/**
 * Timing helpers. On a shared, noisy machine one time means little: every figure is a median of
 * repeated samples, and every ratio compares contenders measured side by side in the same
 * repetition, so a burst of noise hits them alike.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A contender: one call of the operation under test (ours, onnxruntime, the copy floor...). */
export interface Contender {
  name: string;
  call: () => unknown;
}

/** Runs `call` `iterations` times (awaiting it when it returns a promise); nanoseconds per call. */
export async function timeCalls(call: () => unknown, iterations: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const result = call();
    if (result instanceof Promise) await result;
  }
  return Number(process.hrtime.bigint() - start) / iterations;
}

/**
 * How many calls make one sample last about `sampleMs`, so that calls of a microsecond are not
 * lost in timer resolution. Also warms the JIT (or the native session) up.
 */
export async function calibrate(call: () => unknown, sampleMs: number, warmupCalls: number): Promise<number> {
  await timeCalls(call, warmupCalls);
  let iterations = 1;
  for (;;) {
    const ns = (await timeCalls(call, iterations)) * iterations;
    if (ns >= sampleMs * 1e6 / 4 || iterations >= 1 << 20) {
      return Math.max(1, Math.round((iterations * sampleMs * 1e6) / Math.max(ns, 1)));
    }
    iterations *= 4;
  }
}

/**
 * Between samples, so that the next contender does not pay for the last one's leftovers: a
 * full collection of the garbage (onnxruntime allocates an output buffer per run), then a pause
 * while onnxruntime's pool threads stop spin-waiting (on 2 cores they halve whoever runs next).
 */
const SETTLE_MS = 10;
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function settle(): Promise<void> {
  collectGarbage();
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

export interface Samples {
  /** Nanoseconds per call, one per repetition, per contender. */
  nsPerCall: Record<string, number[]>;
}

/**
 * Samples every contender once per repetition, rotating their order from one repetition to the
 * next so that none always runs first (cold caches) or last (after the others' garbage).
 */
export async function sampleInterleaved(
  contenders: readonly Contender[],
  repetitions: number,
  sampleMs: number,
  warmupCalls: number,
): Promise<Samples> {
  const iterations = new Map<string, number>();
  for (const c of contenders) iterations.set(c.name, await calibrate(c.call, sampleMs, warmupCalls));
  const nsPerCall: Record<string, number[]> = Object.fromEntries(contenders.map((c) => [c.name, []]));
  for (let rep = 0; rep < repetitions; rep++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(rep + k) % contenders.length];
      nsPerCall[c.name].push(await timeCalls(c.call, iterations.get(c.name)!));
      await settle();
    }
  }
  return { nsPerCall };
}

/** Median over repetitions of a / b, each pair taken from the same repetition. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((v, i) => v / b[i]));
}
