/** Benchmark results as tables (the same Markdown for the console and the saved file) and JSON. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import type { HttpResults } from './http.js';
import type { KernelResults } from './kernels.js';
import type { NativeResults } from './native.js';
import type { ServingResults } from './serving.js';
import { httpTable, kernelTable, nativeTable, servingSummaryTable, servingTable } from './tables.js';

export interface Environment {
  date: string;
  node: string;
  cpu: string;
  logicalCpus: number;
  os: string;
  wrk: string;
  /** The machine is shared: the 1-minute load average when the run started, for context. */
  loadAverage: number;
}

export const SECTIONS = ['kernels', 'http', 'serving', 'native'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchReport {
  environment: Environment;
  quick: boolean;
  kernels?: KernelResults;
  http?: HttpResults;
  serving?: ServingResults;
  native?: NativeResults;
  /** Sections not run this time, kept from the saved results (bench/carryOver.ts): when they ran. */
  carried?: Partial<Record<Section, { date: string; quick: boolean }>>;
}

export function environment(): Environment {
  let wrk = 'not found';
  try {
    // wrk -v prints its version and exits with status 1.
    execFileSync('wrk', ['-v'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const out = (error as { stdout?: string }).stdout ?? '';
    wrk = out.split('\n')[0].replace(/\s+Copyright.*$/, '') || wrk;
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    logicalCpus: cpus().length,
    os: `${platform()} ${release()}`,
    wrk,
    loadAverage: loadavg()[0],
  };
}

function carriedNote(report: BenchReport, section: Section): string[] {
  const from = report.carried?.[section];
  return from === undefined ? [] : [`Not run this time: kept from the run of ${from.date}${from.quick ? ' (--quick)' : ''}.`, ''];
}

export function toMarkdown(report: BenchReport): string {
  const env = report.environment;
  const parts = [
    '# Benchmark results',
    '',
    `${env.date}, Node ${env.node}, ${env.cpu} (${env.logicalCpus} logical CPUs), ${env.os}, ${env.wrk},`,
    `load average ${env.loadAverage.toFixed(1)} at the start${report.quick ? ', --quick' : ''}.`,
  ];
  if (report.kernels) {
    const k = report.kernels;
    parts.push(
      '',
      `## Kernels (float32, onnxruntime-node ${k.ortVersion})`,
      '',
      'Medians over repetitions of ns per element; ratios are medians of per-repetition time ratios',
      '(below 1: ours faster). ORT runs a one-node model, session created once, a new input tensor',
      'per call (its fixed per-call cost shows at 1e3), with 1 intra-op thread ("1t") and with its',
      'default thread pool ("dflt"). "copy" is a plain JS loop copying the input: the memory floor.',
      'Targets hold against both ORT configurations. Ours writes into a preallocated output.',
      '',
      ...carriedNote(report, 'kernels'),
      kernelTable(k),
    );
  }
  if (report.http) {
    const h = report.http;
    parts.push(
      '',
      '## HTTP: POST /v1/activations/leaky_relu vs a bare Fastify echo of the same body',
      '',
      `wrk -t${h.load.threads} -c${h.load.connections} -d${h.load.durationS}s, ${h.rounds} interleaved rounds, medians;`,
      'each server in its own process. echo/ours is the median per-round ratio of requests per second.',
      '',
      ...carriedNote(report, 'http'),
      httpTable(h),
    );
  }
  if (report.serving) {
    const s = report.serving;
    parts.push(
      '',
      `## Serving: ${s.model}, onnxruntime-node ${s.ortVersion}`,
      '',
      `${s.concurrency} requests in flight on every path: wrk -t${s.load.threads} -c${s.load.connections} against the server in a child`,
      `process, ${s.concurrency} concurrent promise loops in process; ${s.intraOpThreads} intra-op thread(s) in every session.`,
      `${s.rounds} interleaved rounds of ${s.load.durationS} s per path, order rotating; medians. "vs session" is the median`,
      "per-round ratio of rows/s to the in-process session's. Latencies include waiting behind the other",
      'requests in flight. JSON ns/el: (JSON - binary) per tensor element (input + output), from the p50',
      'latencies and from the time per request (1 / req/s). HTTP bare: node:http answering a fixed buffer of',
      "the binary response's size to the binary request, no framework, no model: the ceiling here. HTTP",
      'Fastify + onnxruntime only: one Fastify route running the same session on the binary request, no',
      'schemas, checks, metrics or logs (bench/servingMinimal.ts): what framework and runtime cost. Server',
      "CPU us/req: the server process's user + system time (all threads) per request, median over rounds.",
      'The service is started as its image starts it: node dist/src/server.js, NODE_ENV=production, logging at',
      'its default level (info: one line per request) to stdout, a pipe the benchmark drains.',
      '',
      ...carriedNote(report, 'serving'),
      servingTable(s),
      '',
      servingSummaryTable(s),
    );
  }
  if (report.native) {
    const n = report.native;
    parts.push(
      '',
      `## Native backend vs onnxruntime-node ${n.ortVersion}, in process`,
      '',
      "The same model and inputs through both backends' LoadedModel.run (as the registry calls it), no HTTP;",
      `onnxruntime configured as the server does: ${n.ortIntraOpThreads} intra-op thread ("1t"), allow_spinning 0, graph optimizations all.`,
      'Medians over interleaved repetitions of µs per run; native/ORT is the median of per-repetition time',
      'ratios (below 1: native faster), "range" their lowest and highest. MACs/sample counts the',
      'multiply-adds of Gemm, MatMul and Conv only, from the shapes onnxruntime computes; GFLOP/s is',
      '2 x MACs x batch / time. "fails": the backend could not load or run the model (reason under',
      'Failures). Outputs are compared before timing. Native runs on the calling thread.',
      `Load average ${n.loadAverageAtEnd?.toFixed(1) ?? '?'} when the section ended (2 cores: high load, noisy figures).`,
      '',
      ...carriedNote(report, 'native'),
      nativeTable(n),
    );
  }
  return `${parts.join('\n')}\n`;
}

export function saveReport(report: BenchReport, dir: string): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const markdown = join(dir, 'latest.md');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdown, toMarkdown(report));
  return { json, markdown };
}
