/**
 * What the native benchmark records and how it judges it: one row per model and batch, the
 * output check against onnxruntime that comes before any timing, and the two targets.
 */
import type { Tensor } from '../src/model/types.js';
import { fromHalfBits } from '../src/protocol/fp16.js';
import type { NativeCase } from './nativeCases.js';

/** Target (1): native faster than ORT at batch 1 for models under this many multiply-adds. */
export const SMALL_MODEL_MACS = 100_000;
/** Target (2): native within this factor of ORT at batch 32 on the 784-256-128-10 MLP. */
export const MLP_MAX_RATIO = 10;
export const MLP_TARGET_BATCH = 32;

/** Native and ORT sum in different orders: agree to float32 accumulation error, no more. */
const PARITY_RTOL = 1e-4;
const PARITY_ATOL = 1e-4;

export interface NativeRow {
  model: string;
  origin: string;
  /** Distinct op types of the graph, in order of first use. */
  ops: string[];
  /** Gemm/MatMul/Conv multiply-adds per sample (other ops are not counted). */
  macsPerSample?: number;
  batch: number;
  /** Input shapes fed at this batch. */
  inputShapes: Record<string, number[]>;
  repetitions: number;
  /** Median µs per run. */
  us: { native?: number; ort?: number };
  /** Median of per-repetition native/ORT time ratios (below 1: native faster). */
  ratio?: number;
  /** Lowest and highest per-repetition ratio: how far noise moved it. */
  ratioRange?: [number, number];
  /** 2 * MACs * batch / median time. */
  gflops: { native?: number; ort?: number };
  /** Why native did not run: its load failure (missing ops...) or its run failure. */
  nativeError?: string;
  ortError?: string;
  /** Set when native and ORT disagree on this input (then no target counts as met). */
  parityError?: string;
  target?: { text: string; met: boolean };
}

export interface NativeSummary {
  text: string;
  met: boolean;
  detail: string;
}

export interface NativeResults {
  ortVersion: string;
  ortIntraOpThreads: number;
  sampleMs: number;
  /** The machine is shared: the 1-minute load average when the section ended. */
  loadAverageAtEnd: number;
  rows: NativeRow[];
  summary: NativeSummary[];
}

/** Where native's outputs differ from onnxruntime's, or undefined when they agree. */
export function compareOutputs(native: Tensor[], theirs: Tensor[]): string | undefined {
  for (let o = 0; o < theirs.length; o++) {
    const a = native[o];
    const b = theirs[o];
    if (a.shape.join() !== b.shape.join()) return `${b.name}: native shape [${a.shape}], onnxruntime [${b.shape}]`;
    const values = (t: Tensor): number[] =>
      t.datatype === 'FP16' ? Array.from(t.data as Uint16Array, fromHalfBits) : Array.from(t.data as ArrayLike<number | bigint>, Number);
    const x = values(a);
    const y = values(b);
    // FP16 outputs: both round to half precision, one half ulp apart at most.
    const rtol = b.datatype === 'FP16' ? 2e-3 : PARITY_RTOL;
    const scale = y.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    for (let i = 0; i < y.length; i++) {
      if (!(Math.abs(x[i] - y[i]) <= PARITY_ATOL * scale + rtol * Math.abs(y[i])) && !(Number.isNaN(x[i]) && Number.isNaN(y[i]))) {
        return `${b.name}[${i}]: native ${x[i]}, onnxruntime ${y[i]}`;
      }
    }
  }
  return undefined;
}

/** The target a row at this batch is judged by, if any. */
export function targetFor(c: NativeCase, batch: number, macs: number | undefined): { text: string; holds: (ratio: number) => boolean } | undefined {
  if (c.isIssueMlp && batch === MLP_TARGET_BATCH) return { text: `native <= ${MLP_MAX_RATIO}x ORT`, holds: (r) => r <= MLP_MAX_RATIO };
  if (batch === 1 && macs !== undefined && macs < SMALL_MODEL_MACS) return { text: 'native < ORT', holds: (r) => r < 1 };
  return undefined;
}

/** Whether each target is met, over the rows it judges. */
export function summarize(rows: NativeRow[]): NativeSummary[] {
  const describe = (r: NativeRow): string =>
    `${r.model} @ ${r.batch}: ${r.ratio !== undefined ? r.ratio.toFixed(2) : r.nativeError ? 'native does not run' : 'not measured'}${r.parityError ? ' (wrong output)' : ''}`;
  const small = rows.filter((r) => r.batch === 1 && r.target?.text === 'native < ORT');
  const mlp = rows.filter((r) => r.batch === MLP_TARGET_BATCH && r.target?.text.startsWith('native <='));
  const summary = (text: string, group: NativeRow[]): NativeSummary => {
    const met = group.length > 0 && group.every((r) => r.target?.met);
    const passed = group.filter((r) => r.target?.met).length;
    return { text, met, detail: group.length === 0 ? 'no row to judge' : `${passed} of ${group.length} rows met; ${group.map(describe).join('; ')}` };
  };
  return [
    summary(`(1) native faster than ORT at batch 1 for models under ${SMALL_MODEL_MACS / 1000}k multiply-adds`, small),
    summary(`(2) native within ${MLP_MAX_RATIO}x of ORT at batch ${MLP_TARGET_BATCH} on the 784-256-128-10 MLP`, mlp),
  ];
}
