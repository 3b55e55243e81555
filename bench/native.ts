/**
 * Native backend benchmark: the same model, on the same inputs, run in process by the native
 * backend (src/model/nativeBackend.ts) and by onnxruntime-node configured as the server does
 * (src/model/onnxruntimeBackend.ts: 1 intra-op thread, no spinning), at batch 1, 32 and 256.
 * Both go through the LoadedModel contract the registry uses (run(tensors, outputNames)), their
 * samples interleaved; the ratio is the median of per-repetition ratios.
 * The inputs fed come from bench/nativeInputs.ts; the row type, the output check against
 * onnxruntime and the targets from bench/nativeResults.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { BackendLoadSpec } from '../src/model/backend.js';
import { NativeBackend } from '../src/model/nativeBackend.js';
import type { GraphTensor } from '../src/model/onnxGraph.js';
import { OnnxruntimeBackend } from '../src/model/onnxruntimeBackend.js';
import type { LoadedModel, Tensor, TensorSpec } from '../src/model/types.js';
import { countMacs, product } from './macs.js';
import { type Contender, median, pairedRatio, sampleInterleaved } from './measure.js';
import { type NativeCase, nativeCases } from './nativeCases.js';
import { type CaseGraph, inputData, inputShape, ORT_TYPES, readCaseGraph } from './nativeInputs.js';
import { compareOutputs, type NativeRow, type NativeResults, summarize, targetFor } from './nativeResults.js';

export { MLP_MAX_RATIO, MLP_TARGET_BATCH, SMALL_MODEL_MACS } from './nativeResults.js';
export type { NativeResults, NativeRow, NativeSummary } from './nativeResults.js';

export const NATIVE_BATCHES = [1, 32, 256] as const;
/** As the server runs onnxruntime (src/model/onnxruntimeBackend.ts also turns spinning off). */
export const ORT_INTRA_OP_THREADS = 1;

export interface NativeOptions {
  quick: boolean;
  log?: (line: string) => void;
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
    nativeModel = await new NativeBackend().load(bytes, spec);
  } catch (error) {
    nativeLoadError = `load: ${message(error)}`;
  }
  let ortModel: LoadedModel | undefined;
  let ortLoadError: string | undefined;
  try {
    ortModel = await new OnnxruntimeBackend().load(bytes, spec);
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
