/**
 * Memory growth across repeated work, measured in windows with a full collection after each.
 * rss takes one-off native steps of a few MiB (malloc's thresholds, onnxruntime's arena) at no
 * fixed point, so a leak shows as growth in most windows, a step in one or two: callers bound
 * the median window and the total.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const MiB = 1024 * 1024;

/** A full collection; vitest's forks do not pass --expose-gc. */
export function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mib = (bytes: number): string => (bytes / MiB).toFixed(2);

export interface MemoryGrowth {
  medianRss: number;
  medianExternal: number;
  totalRss: number;
  summary: string;
}

/** Runs `once` `warmup` times, then `windows` windows of `perWindow` calls. */
export async function memoryGrowth(
  once: () => Promise<void>,
  { warmup, windows, perWindow }: { warmup: number; windows: number; perWindow: number },
): Promise<MemoryGrowth> {
  const run = async (count: number): Promise<NodeJS.MemoryUsage> => {
    for (let i = 0; i < count; i++) await once();
    collectGarbage();
    return process.memoryUsage();
  };
  const samples = [await run(warmup)];
  for (let w = 0; w < windows; w++) samples.push(await run(perWindow));
  const rss = samples.slice(1).map((s, i) => s.rss - samples[i].rss);
  const external = samples.slice(1).map((s, i) => s.external - samples[i].external);
  return {
    medianRss: median(rss),
    medianExternal: median(external),
    totalRss: samples[windows].rss - samples[0].rss,
    summary: `rss growth per ${perWindow} calls (MiB): ${rss.map(mib).join(', ')}; external: ${external.map(mib).join(', ')}`,
  };
}
