/** Benchmark results as tables (the same Markdown for the console and the saved file) and JSON. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import type { HttpResults } from './http.js';
import type { KernelResults } from './kernels.js';
import type { NativeResults } from './native.js';
import { SERVING_PATHS, type ServingPath, type ServingResults } from './serving.js';

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

/** Three significant digits, without exponent notation for the ranges we print. */
const sig = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : String(v));
const ratio = (v: number): string => v.toFixed(2);
const met = (target?: { met: boolean }): string => (target === undefined ? '' : target.met ? 'yes' : 'NO');
const size = (n: number): string => n.toExponential(0).replace('+', '');

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function kernelTable(results: KernelResults): string {
  const headers = ['op', 'elements', 'ours ns/el', 'ORT 1t ns/el', 'ORT dflt ns/el', 'copy ns/el', 'ours/ORT 1t', 'ours/ORT dflt', 'ours/copy', 'target', 'met'];
  const rows = results.rows.map((r) => [
    r.op,
    size(r.elements),
    sig(r.nsPerElement.ours),
    sig(r.nsPerElement.ort1),
    sig(r.nsPerElement.ortDefault),
    sig(r.nsPerElement.copy),
    ratio(r.ratio.oursVsOrt1),
    ratio(r.ratio.oursVsOrtDefault),
    ratio(r.ratio.oursVsCopy),
    r.target?.text ?? '',
    r.parityError ? 'WRONG OUTPUT' : met(r.target),
  ]);
  const wrong = results.rows.filter((r, i, all) => r.parityError && all.findIndex((s) => s.op === r.op) === i);
  const notes = wrong.map((r) => `\n\n${r.op} disagrees with onnxruntime: ${r.parityError}`);
  return table(headers, rows) + notes.join('');
}

export function httpTable(results: HttpResults): string {
  const headers = ['format', 'elements', 'body KiB', 'ours req/s', 'echo req/s', 'echo/ours', 'ours p50 ms', 'echo p50 ms', 'ours p99 ms', 'echo p99 ms', 'target', 'met'];
  const rows = results.rows.map((r) => [
    r.format.toUpperCase(),
    size(r.elements),
    sig(r.requestBytes / 1024),
    sig(r.ours.requestsPerSecond),
    sig(r.echo.requestsPerSecond),
    ratio(r.ratio.echoRpsOverOurs),
    sig(r.ours.p50Ms),
    sig(r.echo.p50Ms),
    sig(r.ours.p99Ms),
    sig(r.echo.p99Ms),
    r.target.text,
    met(r.target),
  ]);
  return table(headers, rows);
}

const PATH_LABELS: Record<ServingPath, string> = {
  session: 'in-process session.run',
  registry: 'in-process registry.infer',
  binary: 'HTTP binary',
  json: 'HTTP JSON',
  minimal: 'HTTP Fastify + onnxruntime only',
  bare: 'HTTP bare node:http (ceiling)',
};

export function servingTable(results: ServingResults): string {
  const headers = ['batch', 'path', 'req/s', 'rows/s', 'p50 ms', 'p99 ms', 'rows/s vs session', 'server CPU us/req'];
  const rows = results.rows.flatMap((r) =>
    // Results saved before a path existed (carried over from an older run) have no figures for it.
    SERVING_PATHS.filter((path) => r.figures[path] !== undefined).map((path) => {
      const f = r.figures[path];
      const cpu = f.serverCpuUsPerRequest === undefined ? '' : sig(f.serverCpuUsPerRequest);
      return [String(r.batch), PATH_LABELS[path], sig(f.requestsPerSecond), sig(f.rowsPerSecond), sig(f.p50Ms), sig(f.p99Ms), ratio(r.shareOfSession[path]), cpu];
    }),
  );
  return table(headers, rows);
}

export function servingSummaryTable(results: ServingResults): string {
  const headers = ['batch', 'binary KiB', 'JSON KiB', 'binary/session rows/s', 'target', 'met', 'JSON ns/el (p50)', 'JSON ns/el (1/req/s)'];
  const rows = results.rows.map((r) => [
    String(r.batch),
    sig(r.requestBytes.binary / 1024),
    sig(r.requestBytes.json / 1024),
    ratio(r.shareOfSession.binary),
    r.target?.text ?? '',
    met(r.target),
    sig(r.jsonOverheadNsPerElement.p50),
    sig(r.jsonOverheadNsPerElement.perRequest),
  ]);
  return table(headers, rows);
}

export function nativeTable(results: NativeResults): string {
  const headers = ['model', 'MACs/sample', 'batch', 'native µs', 'ORT 1t µs', 'native/ORT', 'range', 'native GFLOP/s', 'ORT GFLOP/s', 'target', 'met'];
  const opt = (v: number | undefined, format: (v: number) => string = sig): string => (v === undefined ? '-' : format(v));
  const rows = results.rows.map((r) => [
    r.model,
    opt(r.macsPerSample, (v) => v.toLocaleString('en-US')),
    String(r.batch),
    r.nativeError !== undefined ? 'fails' : opt(r.us.native),
    r.ortError !== undefined ? 'fails' : opt(r.us.ort),
    opt(r.ratio, ratio),
    r.ratioRange === undefined ? '-' : `${ratio(r.ratioRange[0])}-${ratio(r.ratioRange[1])}`,
    opt(r.gflops.native),
    opt(r.gflops.ort),
    r.target?.text ?? '',
    r.parityError ? 'WRONG OUTPUT' : met(r.target),
  ]);
  // One line per distinct failure of a model (a load failure shows on every batch's row).
  const notes = new Set<string>();
  for (const r of results.rows) {
    const failures = [
      r.nativeError === undefined ? undefined : `native ${r.nativeError}`,
      r.ortError === undefined ? undefined : `ORT ${r.ortError}`,
      r.parityError === undefined ? undefined : `native disagrees with ORT at batch ${r.batch}: ${r.parityError}`,
    ];
    for (const failure of failures) if (failure !== undefined) notes.add(`- ${r.model}: ${failure}`);
  }
  const summary = results.summary.map((s) => `- ${s.text}: ${s.met ? 'met' : 'NOT MET'} (${s.detail})`);
  return [table(headers, rows), '', 'Targets:', ...summary, ...(notes.size > 0 ? ['', 'Failures:', ...notes] : [])].join('\n');
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
