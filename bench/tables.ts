/** The benchmark sections' results as Markdown tables (bench/report.ts puts them in context). */
import type { HttpResults } from './http.js';
import type { KernelResults } from './kernels.js';
import type { NativeResults } from './native.js';
import { SERVING_PATHS, type ServingPath, type ServingResults } from './serving.js';

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
