/**
 * Kernel benchmark: ns per element of our kernels, of onnxruntime-node running the same op as a
 * one-node model, and of a plain JS copy loop (the memory-bandwidth floor), on float32 data.
 */
import * as ort from 'onnxruntime-node';
import { type KernelCase, kernelCases } from './kernelCases.js';
import { randomData } from './data.js';
import { type Contender, median, pairedRatio, sampleInterleaved } from './measure.js';

export const KERNEL_SIZES = [1e3, 1e5, 1e6, 1e7] as const;

/** Outputs of ours and ORT may differ by float32 rounding of exp (elu, selu); nothing more. */
const PARITY_RTOL = 1e-5;
const PARITY_ATOL = 1e-6;

export interface KernelOptions {
  quick: boolean;
  log?: (line: string) => void;
}

export interface KernelRow {
  op: string;
  elements: number;
  shape: number[];
  repetitions: number;
  /** Median ns per element. */
  nsPerElement: { ours: number; ort1: number; ortDefault: number; copy: number };
  /** Medians of per-repetition ratios of time (below 1: ours is faster). */
  ratio: { oursVsOrt1: number; oursVsOrtDefault: number; oursVsCopy: number };
  target?: { text: string; met: boolean };
  /** Set when ours and onnxruntime disagree (then no target counts as met). */
  parityError?: string;
}

export interface KernelResults {
  ortVersion: string;
  sampleMs: number;
  rows: KernelRow[];
}

function repetitionsFor(elements: number, quick: boolean): number {
  if (elements >= 1e7) return quick ? 3 : 5;
  if (elements >= 1e6) return quick ? 5 : 9;
  return quick ? 7 : 15;
}

/** The memory-bandwidth floor: read every element, write every element. */
function copyLoop(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i];
}

/** Where ours and ORT disagree on the benchmark's own input, or undefined when they agree. */
async function parityError(
  c: KernelCase,
  session: ort.InferenceSession,
  x: Float32Array,
  shape: number[],
): Promise<string | undefined> {
  const ours = new Float32Array(x.length);
  c.ours(x, shape, ours);
  const { Y } = await session.run({ X: new ort.Tensor('float32', x, shape) });
  const theirs = Y.data as Float32Array;
  for (let i = 0; i < x.length; i++) {
    if (!(Math.abs(ours[i] - theirs[i]) <= PARITY_ATOL + PARITY_RTOL * Math.abs(theirs[i]))) {
      return `x[${i}] = ${x[i]} (shape [${shape.join(',')}]): ours ${ours[i]}, onnxruntime ${theirs[i]}`;
    }
  }
  return undefined;
}

export async function runKernelBench({ quick, log = () => {} }: KernelOptions): Promise<KernelResults> {
  const sampleMs = quick ? 8 : 20;
  const cases = kernelCases();
  const inputs = new Map(KERNEL_SIZES.map((n) => [n, randomData(n)]));
  const rows: KernelRow[] = [];
  for (const c of cases) {
    const model = Buffer.from(c.model);
    // Created once, as a server would at model load; only the run is timed.
    const ort1 = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
    const ortDefault = await ort.InferenceSession.create(model);
    for (const elements of KERNEL_SIZES) {
      const x = inputs.get(elements)!;
      const shape = c.shape(elements);
      // Timing a kernel that computes something else would be meaningless; say so in its row.
      const parity = await parityError(c, ort1, x, shape);
      if (parity) log(`  ${c.label}: DISAGREES with onnxruntime at ${parity}`);
      // Out of place: repeated in-place runs would shrink the negatives towards denormals.
      const out = new Float32Array(elements);
      // A client builds its input tensor per request; ORT allocates the output per run.
      const runOrt = (session: ort.InferenceSession) => () => session.run({ X: new ort.Tensor('float32', x, shape) });
      const contenders: Contender[] = [
        { name: 'ours', call: () => c.ours(x, shape, out) },
        { name: 'ort1', call: runOrt(ort1) },
        { name: 'ortDefault', call: runOrt(ortDefault) },
        { name: 'copy', call: () => copyLoop(x, out) },
      ];
      const repetitions = repetitionsFor(elements, quick);
      const warmupCalls = Math.max(2, Math.min(500, Math.round(2e6 / elements)));
      const { nsPerCall: t } = await sampleInterleaved(contenders, repetitions, sampleMs, warmupCalls);
      const perElement = (name: string): number => median(t[name]) / elements;
      const ratio = {
        oursVsOrt1: pairedRatio(t.ours, t.ort1),
        oursVsOrtDefault: pairedRatio(t.ours, t.ortDefault),
        oursVsCopy: pairedRatio(t.ours, t.copy),
      };
      const target = c.target(elements);
      const row: KernelRow = {
        op: c.label,
        elements,
        shape,
        repetitions,
        nsPerElement: { ours: perElement('ours'), ort1: perElement('ort1'), ortDefault: perElement('ortDefault'), copy: perElement('copy') },
        ratio,
        target: target && {
          text: target.text,
          met: parity === undefined && Math.max(ratio.oursVsOrt1, ratio.oursVsOrtDefault) <= target.maxRatioVsOrt,
        },
        parityError: parity,
      };
      rows.push(row);
      log(
        `  ${c.label} @ ${elements.toExponential(0)}: ours ${row.nsPerElement.ours.toFixed(3)} ns/el, ` +
          `ours/ORT-1 ${ratio.oursVsOrt1.toFixed(2)}, ours/ORT-default ${ratio.oursVsOrtDefault.toFixed(2)}, ours/copy ${ratio.oursVsCopy.toFixed(2)}`,
      );
    }
    await ort1.release();
    await ortDefault.release();
  }
  return { ortVersion: ort.env.versions.common, sampleMs, rows };
}
