/**
 * Serving benchmark (issue 3, "Performance"): one small MLP (bench/servingModel.ts) at batch 1,
 * 32 and 256, five ways side by side:
 *   session   onnxruntime-node's InferenceSession.run in this process, no HTTP
 *   registry  our model layer's registry.infer in this process, no HTTP
 *   binary    POST /v2/models/bench_mlp/infer, Triton's binary tensor data extension both ways
 *   json      the same request and response as plain JSON
 *   minimal   the binary request to Fastify + onnxruntime-node with nothing of ours between them
 *             (bench/servingMinimal.ts): what the service costs beyond framework and runtime
 *   bare      the binary request to bare node:http answering a fixed buffer of the binary
 *             response's size (bench/servingBare.ts): the ceiling of any Node server here
 * The service runs in a child process, started as its container image starts it
 * (bench/spawnService.ts), under wrk; the in-process paths run in this process while it idles. Every path keeps CONCURRENCY requests in flight
 * (wrk connections, or promises in bench/servingLoad.ts) and every session has the same
 * intra-op threads. Rounds interleave the paths, rotating their order; figures are medians over
 * rounds and ratios are medians of per-round ratios. For the HTTP paths the server process's CPU
 * time per request (user + system, all its threads, from /proc) is recorded too: unlike the
 * rates, it hardly depends on what else the shared machine is running.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import pino from 'pino';
import { sessionOptions } from '../src/model/onnxruntimeBackend.js';
import { ModelRegistry } from '../src/model/registry.js';
import { median, pairedRatio } from './measure.js';
import { type Case, checkBinary, checkPaths, inputTensor, prepareCase } from './servingCases.js';
import { closedLoop } from './servingLoad.js';
import { CLASSES, FEATURES, MLP_INPUT, mlpDescription, SERVING_MODEL, writeServingRepository } from './servingModel.js';
import { spawnService } from './spawnService.js';
import { type ServerProcess, spawnServer } from './spawnServer.js';
import { runWrk, type WrkLoad, type WrkResult } from './wrk.js';

export const SERVING_BATCHES = [1, 32, 256] as const;
/** Requests in flight on every path: wrk connections, or concurrent in-process loops. */
const CONCURRENCY = 4;
/**
 * onnxruntime intra-op threads for every session here and in the server. One: on the 2-core
 * machine wrk needs the other core, and pool threads of a tiny Gemm would only spin.
 */
const INTRA_OP_THREADS = 1;
const TARGET = { batch: 32, minShareOfSession: 0.6, text: 'binary rows/s >= 0.6 x session' } as const;

export const SERVING_PATHS = ['session', 'registry', 'binary', 'json', 'minimal', 'bare'] as const;
export type ServingPath = (typeof SERVING_PATHS)[number];

export interface ServingOptions {
  quick: boolean;
  log?: (line: string) => void;
  /** Extra Node flags for the server's process, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  serverNodeArgs?: string[];
  batches?: readonly number[];
}

export interface PathFigures {
  requestsPerSecond: number;
  rowsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** HTTP paths on Linux: the server process's CPU time (user + system) per request, in us. */
  serverCpuUsPerRequest?: number;
}

export interface ServingRow {
  batch: number;
  /** Tensor elements per request: the input's and the output's. */
  elements: { input: number; output: number };
  requestBytes: { binary: number; json: number };
  figures: Record<ServingPath, PathFigures>;
  /** Median per-round ratio of each path's rows/s to the in-process session's. */
  shareOfSession: Record<ServingPath, number>;
  /**
   * What JSON costs over binary per tensor element (input + output), in ns, median over rounds:
   * from the p50 latencies, and from the time per request (1 / requests per second).
   */
  jsonOverheadNsPerElement: { p50: number; perRequest: number };
  target?: { text: string; met: boolean };
}

export interface ServingResults {
  model: string;
  ortVersion: string;
  intraOpThreads: number;
  concurrency: number;
  load: WrkLoad;
  rounds: number;
  rows: ServingRow[];
}

/**
 * Starts the service as its container image does (bench/spawnService.ts: the built
 * dist/src/server.js, logging at its default level to stdout), serving `repository`.
 */
function startServer(repository: string, nodeArgs: string[]): Promise<ServerProcess> {
  return spawnService({ MODEL_REPOSITORY: repository, ORT_INTRA_OP_THREADS: String(INTRA_OP_THREADS) }, nodeArgs);
}

/** A run and, for the HTTP paths, the server's CPU time per request. */
type Run = WrkResult & { serverCpuUsPerRequest?: number };

const figures = (runs: Run[], batch: number): PathFigures => {
  const requestsPerSecond = median(runs.map((r) => r.requestsPerSecond));
  const cpu = runs.flatMap((r) => (r.serverCpuUsPerRequest === undefined ? [] : [r.serverCpuUsPerRequest]));
  return {
    requestsPerSecond,
    rowsPerSecond: requestsPerSecond * batch,
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    ...(cpu.length > 0 ? { serverCpuUsPerRequest: median(cpu) } : {}),
  };
};

/** A process's CPU time so far (user + system, all threads) in us, from /proc; undefined elsewhere. */
function cpuTimeUs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is the first, utime the 12th, stime the 13th (clock ticks).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}
/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_S = 100;

function summarize(c: Case, runs: Record<ServingPath, Run[]>, bytes: ServingRow['requestBytes']): ServingRow {
  const rps = (path: ServingPath): number[] => runs[path].map((r) => r.requestsPerSecond);
  const elements = { input: c.batch * FEATURES, output: c.batch * CLASSES };
  const perElement = elements.input + elements.output;
  const shareOfSession = Object.fromEntries(SERVING_PATHS.map((p) => [p, pairedRatio(rps(p), rps('session'))])) as Record<ServingPath, number>;
  const row: ServingRow = {
    batch: c.batch,
    elements,
    requestBytes: bytes,
    figures: Object.fromEntries(SERVING_PATHS.map((p) => [p, figures(runs[p], c.batch)])) as Record<ServingPath, PathFigures>,
    shareOfSession,
    jsonOverheadNsPerElement: {
      p50: median(runs.json.map((j, i) => ((j.p50Ms - runs.binary[i].p50Ms) * 1e6) / perElement)),
      perRequest: median(runs.json.map((j, i) => (1 / j.requestsPerSecond - 1 / runs.binary[i].requestsPerSecond) * 1e9 / perElement)),
    },
  };
  if (c.batch === TARGET.batch) row.target = { text: TARGET.text, met: shareOfSession.binary >= TARGET.minShareOfSession };
  return row;
}

export async function runServingBench({ quick, log = () => {}, serverNodeArgs = [], batches = SERVING_BATCHES }: ServingOptions): Promise<ServingResults> {
  // wrk takes whole seconds. 5 rounds x 3 batches x 6 paths x 2 s: the section takes about 4 min.
  const load: WrkLoad = { durationS: quick ? 1 : 2, threads: 1, connections: CONCURRENCY };
  const warmup: WrkLoad = { ...load, durationS: 1 };
  const rounds = quick ? 2 : 5;
  const dir = mkdtempSync(join(tmpdir(), 'leaky-serve-serving-'));
  const modelFile = writeServingRepository(join(dir, 'models'));
  const session = await ort.InferenceSession.create(modelFile, sessionOptions(INTRA_OP_THREADS));
  const registry = new ModelRegistry({ repository: join(dir, 'models'), intraOpThreads: INTRA_OP_THREADS, logger: pino({ level: 'warn' }) });
  let server: ServerProcess | undefined;
  let bare: ServerProcess | undefined;
  let minimal: ServerProcess | undefined;
  try {
    await registry.loadAll();
    if (!registry.isReady()) throw new Error(`bench: the serving model did not load: ${JSON.stringify(registry.index())}`);
    server = await startServer(join(dir, 'models'), serverNodeArgs);
    bare = await spawnServer('bare', './servingBare.ts');
    // Read by bench/servingMinimal.ts, a child of this process.
    Object.assign(process.env, { BENCH_MODEL_FILE: modelFile, BENCH_INTRA_OP_THREADS: String(INTRA_OP_THREADS) });
    minimal = await spawnServer('minimal', './servingMinimal.ts');
    const minimalUrl = `http://127.0.0.1:${minimal.port}/v2/models/${SERVING_MODEL}/infer`;
    const url = `http://127.0.0.1:${server.port}/v2/models/${SERVING_MODEL}/infer`;
    const cases: Case[] = [];
    for (const batch of batches) cases.push(await prepareCase(dir, batch, session));
    const bareUrls = new Map<Case, string>();

    const measure = async (c: Case, path: ServingPath, l: WrkLoad): Promise<Run> => {
      if (path === 'session') {
        return closedLoop(() => session.run({ [MLP_INPUT]: new ort.Tensor('float32', c.x, [c.batch, FEATURES]) }), l.connections, l.durationS);
      }
      if (path === 'registry') return closedLoop(() => registry.infer(SERVING_MODEL, undefined, [inputTensor(c)]), l.connections, l.durationS);
      const target = path === 'bare' ? bare! : path === 'minimal' ? minimal! : server!;
      const before = cpuTimeUs(target.pid);
      const pathUrl = path === 'bare' ? bareUrls.get(c)! : path === 'minimal' ? minimalUrl : url;
      const result = await runWrk(pathUrl, c[path === 'json' ? 'json' : 'binary'].script, l);
      const after = cpuTimeUs(target.pid);
      if (result.errors > 0) throw new Error(`bench: HTTP ${path} at batch ${c.batch}: ${result.errors} errors under load`);
      if (before === undefined || after === undefined || result.requests === 0) return result;
      return { ...result, serverCpuUsPerRequest: (after - before) / result.requests };
    };

    const runs = new Map(cases.map((c) => [c, Object.fromEntries(SERVING_PATHS.map((p) => [p, [] as Run[]])) as Record<ServingPath, Run[]>]));
    for (const c of cases) {
      const { binaryResponseBytes } = await checkPaths(c, registry, url);
      await checkBinary(c, minimalUrl, 'HTTP minimal Fastify + onnxruntime');
      bareUrls.set(c, `http://127.0.0.1:${bare.port}/bare?bytes=${binaryResponseBytes}`);
      for (const path of SERVING_PATHS) await measure(c, path, warmup);
    }
    for (let round = 0; round < rounds; round++) {
      for (const c of cases) {
        for (let k = 0; k < SERVING_PATHS.length; k++) {
          const path = SERVING_PATHS[(round + k) % SERVING_PATHS.length];
          const result = await measure(c, path, load);
          runs.get(c)![path].push(result);
          log(`  round ${round + 1} batch ${c.batch} ${path}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(3)} ms`);
        }
      }
    }
    const rows = cases.map((c) => summarize(c, runs.get(c)!, { binary: c.binary.body.length, json: c.json.body.length }));
    return { model: mlpDescription(), ortVersion: ort.env.versions.common, intraOpThreads: INTRA_OP_THREADS, concurrency: CONCURRENCY, load, rounds, rows };
  } finally {
    await server?.stop();
    await bare?.stop();
    await minimal?.stop();
    await registry.close();
    await session.release();
    rmSync(dir, { recursive: true, force: true });
  }
}
