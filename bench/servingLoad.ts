/**
 * The in-process counterpart of wrk: `concurrency` loops, each awaiting one call after another
 * for a fixed time (a closed loop, as wrk's connections are). Each call's latency runs from its
 * start to its resolution, so it includes waiting behind the other loops, as an HTTP request's
 * includes waiting behind the other connections. Returns what runWrk returns.
 */
import type { WrkResult } from './wrk.js';

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function closedLoop(call: () => Promise<unknown>, concurrency: number, durationS: number): Promise<WrkResult> {
  const latenciesNs: number[] = [];
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(durationS * 1e9));
  const loop = async (): Promise<void> => {
    for (;;) {
      const t0 = process.hrtime.bigint();
      if (t0 >= deadline) return;
      await call();
      latenciesNs.push(Number(process.hrtime.bigint() - t0));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
  const sorted = Float64Array.from(latenciesNs).sort();
  return {
    requests: latenciesNs.length,
    requestsPerSecond: latenciesNs.length / elapsedS,
    p50Ms: percentile(sorted, 50) / 1e6,
    p99Ms: percentile(sorted, 99) / 1e6,
    errors: 0,
  };
}
