/**
 * Native backend benchmark: the same model, on the same inputs, run in process by the native
 * backend (src/model/nativeBackend.ts) and by onnxruntime-node configured as the server does
 * (src/model/onnxruntimeBackend.ts: 1 intra-op thread, no spinning), at batch 1, 32 and 256.
 * Both go through the LoadedModel contract the registry uses (run(tensors, outputNames)), their
 * samples interleaved; the ratio is the median of per-repetition ratios.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import type { BackendLoadSpec } from '../src/model/backend.js';
import { NativeBackend } from '../src/model/nativeBackend.js';
import { type GraphTensor, parseGraph } from '../src/model/onnxGraph.js';
import { OnnxruntimeBackend } from '../src/model/onnxruntimeBackend.js';
import type { LoadedModel, Tensor, TensorSpec, TypedData } from '../src/model/types.js';
import { randomData } from './data.js';
import { countMacs, product } from './macs.js';
import { type Contender, median, pairedRatio, sampleInterleaved } from './measure.js';
import { DEFAULT_DIM, type NativeCase, nativeCases } from './nativeCases.js';
import { fromHalfBits, toHalfBits } from '../src/protocol/fp16.js';

const { ModelProto } = onnxProto.onnx;

export const NATIVE_BATCHES = [1, 32, 256] as const;
/** As the server runs onnxruntime (src/model/onnxruntimeBackend.ts also turns spinning off). */
export const ORT_INTRA_OP_THREADS = 1;
/** Target (1): native faster than ORT at batch 1 for models under this many multiply-adds. */
export const SMALL_MODEL_MACS = 100_000;
/** Target (2): native within this factor of ORT at batch 32 on the 784-256-128-10 MLP. */
export const MLP_MAX_RATIO = 10;
export const MLP_TARGET_BATCH = 32;

/** Native and ORT sum in different orders: agree to float32 accumulation error, no more. */
const PARITY_RTOL = 1e-4;
const PARITY_ATOL = 1e-4;

export interface NativeOptions {
  quick: boolean;
  log?: (line: string) => void;
}

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

// ---------------------------------------------------------------------------------------------
// Inputs.

interface CaseGraph {
  inputs: GraphTensor[];
  outputs: GraphTensor[];
  ops: string[];
  /** The batch a model with a fixed leading dimension takes; undefined when it is symbolic. */
  fixedBatch?: number;
}

function readCaseGraph(bytes: Uint8Array): CaseGraph {
  const { inputs, outputs } = parseGraph(bytes);
  const ops = [...new Set((ModelProto.decode(bytes).graph?.node ?? []).map((n) => n.opType ?? '?'))];
  const leading = inputs.map((i) => i.shape?.[0]).filter((d): d is number => d !== undefined && d >= 0);
  const symbolic = inputs.some((i) => i.shape !== undefined && i.shape.length > 0 && i.shape[0] < 0);
  return { inputs, outputs, ops, fixedBatch: !symbolic && leading.length > 0 ? leading[0] : undefined };
}

function inputShape(input: GraphTensor, c: NativeCase, batch: number): number[] {
  if (input.shape === undefined) throw new Error(`input '${input.name}' has no rank in the graph`);
  const given = c.dims?.[input.name];
  return input.shape.map((d, i) => {
    if (d >= 0) return d;
    if (i === 0) return batch;
    return given?.[i - 1] ?? DEFAULT_DIM;
  });
}

function inputData(input: GraphTensor, elements: number, seed: number): TypedData {
  const values = randomData(elements, seed);
  switch (input.datatype) {
    case 'FP32':
      return values;
    case 'FP64':
      return Float64Array.from(values);
    case 'FP16':
      return Uint16Array.from(values, toHalfBits);
    case 'INT32':
      return Int32Array.from(values, (v) => Math.round(v));
    case 'INT64':
      return BigInt64Array.from(values, (v) => BigInt(Math.round(v)));
    case 'UINT8':
      return Uint8Array.from(values, (v) => Math.round((v + 3) * 42));
    case 'BOOL':
      return Uint8Array.from(values, (v) => (v > 0 ? 1 : 0));
    default:
      throw new Error(`input '${input.name}' is ${input.datatype}; the benchmark feeds FP32, FP64, FP16, INT32, INT64, UINT8 and BOOL`);
  }
}

const ORT_TYPES: Partial<Record<string, ort.Tensor.Type>> = { FP32: 'float32', FP64: 'float64', FP16: 'float16', INT32: 'int32', INT64: 'int64', UINT8: 'uint8', BOOL: 'bool' };

// ---------------------------------------------------------------------------------------------

/** Where native's outputs differ from onnxruntime's, or undefined when they agree. */
function compareOutputs(native: Tensor[], theirs: Tensor[]): string | undefined {
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

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/**
 * Calls `call` for at least `ms` (and at least twice), so that the JIT has compiled the native
 * path and onnxruntime has its buffers before any sample; ns per call over the last half.
 */
async function warmUp(call: () => unknown, ms: number): Promise<number> {
  const start = process.hrtime.bigint();
  let calls = 0;
  let half = { at: start, calls: 0 };
  for (;;) {
    await call();
    calls++;
    const elapsed = Number(process.hrtime.bigint() - start);
    if (half.calls === 0 && elapsed >= (ms * 1e6) / 2) half = { at: process.hrtime.bigint(), calls };
    if (calls >= 2 && elapsed >= ms * 1e6) break;
  }
  const lastCalls = calls - half.calls;
  return lastCalls > 0 && half.calls > 0 ? Number(process.hrtime.bigint() - half.at) / lastCalls : Number(process.hrtime.bigint() - start) / calls;
}

/** Fewer repetitions when one run is long, so that a slow path does not take the whole budget. */
function repetitionsFor(nsPerCall: number, quick: boolean): number {
  if (nsPerCall > 2e8) return 3;
  if (nsPerCall > 2e7) return quick ? 3 : 7;
  return quick ? 5 : 15;
}

function targetFor(c: NativeCase, batch: number, macs: number | undefined): { text: string; holds: (ratio: number) => boolean } | undefined {
  if (c.isIssueMlp && batch === MLP_TARGET_BATCH) return { text: `native <= ${MLP_MAX_RATIO}x ORT`, holds: (r) => r <= MLP_MAX_RATIO };
  if (batch === 1 && macs !== undefined && macs < SMALL_MODEL_MACS) return { text: 'native < ORT', holds: (r) => r < 1 };
  return undefined;
}

async function benchCase(c: NativeCase, quick: boolean, sampleMs: number, log: (line: string) => void): Promise<NativeRow[]> {
  const bytes = readFileSync(c.file);
  let graph: CaseGraph;
  try {
    graph = readCaseGraph(bytes);
  } catch (error) {
    log(`  ${c.name}: cannot read the graph: ${message(error)}`);
    return [];
  }
  const toSpec = (t: GraphTensor): TensorSpec => ({ name: t.name, datatype: t.datatype, shape: t.shape ?? [] });
  const spec: BackendLoadSpec = {
    modelName: c.name,
    version: '1',
    inputs: graph.inputs.map(toSpec),
    outputs: graph.outputs.map(toSpec),
    intraOpThreads: ORT_INTRA_OP_THREADS,
  };
  let nativeModel: LoadedModel | undefined;
  let nativeLoadError: string | undefined;
  try {
    nativeModel = await new NativeBackend().load(c.file, spec);
  } catch (error) {
    nativeLoadError = `load: ${message(error)}`;
  }
  let ortModel: LoadedModel | undefined;
  let ortLoadError: string | undefined;
  try {
    ortModel = await new OnnxruntimeBackend().load(c.file, spec);
  } catch (error) {
    ortLoadError = `load: ${message(error)}`;
  }
  const batches: number[] = graph.fixedBatch !== undefined ? [graph.fixedBatch] : [...NATIVE_BATCHES];
  const outputNames = graph.outputs.map((o) => o.name);
  let macsPerSample: number | undefined;
  const rows: NativeRow[] = [];
  for (const batch of batches) {
    const row: NativeRow = { model: c.name, origin: c.origin, ops: graph.ops, batch, inputShapes: {}, repetitions: 0, us: {}, gflops: {} };
    rows.push(row);
    let tensors: Tensor[];
    try {
      tensors = graph.inputs.map((input, k) => {
        const shape = inputShape(input, c, batch);
        row.inputShapes[input.name] = shape;
        return { name: input.name, datatype: input.datatype, shape, data: inputData(input, product(shape), 42 + k) };
      });
    } catch (error) {
      row.nativeError = row.ortError = `cannot feed it: ${message(error)}`;
      log(`  ${c.name} @ ${batch}: ${row.ortError}`);
      continue;
    }
    if (macsPerSample === undefined) {
      try {
        const feeds = Object.fromEntries(tensors.map((t) => [t.name, new ort.Tensor(ORT_TYPES[t.datatype]!, t.data as Float32Array, t.shape)]));
        macsPerSample = await countMacs(bytes, feeds, batch);
      } catch (error) {
        log(`  ${c.name}: multiply-adds not counted: ${message(error)}`);
      }
    }
    row.macsPerSample = macsPerSample;

    // Run each once: failures become the row's text, outputs are compared before any timing.
    let nativeOut: Tensor[] | undefined;
    let ortOut: Tensor[] | undefined;
    row.nativeError = nativeLoadError;
    row.ortError = ortLoadError;
    if (nativeModel !== undefined) {
      try {
        nativeOut = await nativeModel.run(tensors, outputNames);
      } catch (error) {
        row.nativeError = `run: ${message(error)}`;
      }
    }
    if (ortModel !== undefined) {
      try {
        ortOut = await ortModel.run(tensors, outputNames);
      } catch (error) {
        row.ortError = `run: ${message(error)}`;
      }
    }
    if (nativeOut !== undefined && ortOut !== undefined) row.parityError = compareOutputs(nativeOut, ortOut);

    const contenders: Contender[] = [];
    if (nativeOut !== undefined) contenders.push({ name: 'native', call: () => nativeModel!.run(tensors, outputNames) });
    if (ortOut !== undefined) contenders.push({ name: 'ort', call: () => ortModel!.run(tensors, outputNames) });
    if (contenders.length > 0) {
      let longest = 0;
      for (const k of contenders) longest = Math.max(longest, await warmUp(k.call, quick ? 40 : 150));
      row.repetitions = repetitionsFor(longest, quick);
      const { nsPerCall: t } = await sampleInterleaved(contenders, row.repetitions, sampleMs, 1);
      const flops = macsPerSample === undefined ? undefined : 2 * macsPerSample * batch;
      if (t.native) {
        row.us.native = median(t.native) / 1e3;
        if (flops !== undefined) row.gflops.native = flops / median(t.native);
      }
      if (t.ort) {
        row.us.ort = median(t.ort) / 1e3;
        if (flops !== undefined) row.gflops.ort = flops / median(t.ort);
      }
      if (t.native && t.ort) {
        row.ratio = pairedRatio(t.native, t.ort);
        const each = t.native.map((v, i) => v / t.ort[i]);
        row.ratioRange = [Math.min(...each), Math.max(...each)];
      }
    }

    const target = targetFor(c, batch, macsPerSample);
    if (target !== undefined) {
      row.target = {
        text: target.text,
        met: row.ratio !== undefined && row.parityError === undefined && target.holds(row.ratio),
      };
    }
    const fmt = (v: number | undefined, digits = 1): string => (v === undefined ? '-' : v.toFixed(digits));
    log(
      `  ${c.name} @ ${batch}: native ${row.nativeError ?? `${fmt(row.us.native)} µs`}, ORT ${row.ortError ?? `${fmt(row.us.ort)} µs`}` +
        (row.ratio !== undefined ? `, native/ORT ${row.ratio.toFixed(2)}` : '') +
        (row.parityError ? `, DISAGREES: ${row.parityError}` : ''),
    );
  }
  await nativeModel?.dispose();
  await ortModel?.dispose();
  return rows;
}

function summarize(rows: NativeRow[]): NativeSummary[] {
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

export async function runNativeBench({ quick, log = () => {} }: NativeOptions): Promise<NativeResults> {
  const sampleMs = quick ? 8 : 20;
  const scratch = mkdtempSync(join(tmpdir(), 'bench-native-'));
  try {
    const rows: NativeRow[] = [];
    for (const c of nativeCases(scratch)) rows.push(...(await benchCase(c, quick, sampleMs, log)));
    return {
      ortVersion: ort.env.versions.common,
      ortIntraOpThreads: ORT_INTRA_OP_THREADS,
      sampleMs,
      loadAverageAtEnd: loadavg()[0],
      rows,
      summary: summarize(rows),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
