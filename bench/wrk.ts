/**
 * Drives wrk (https://github.com/wg/wrk) with a Lua script that POSTs one body file and, when
 * done, prints one line of JSON with the counts and latency percentiles from wrk's own histogram.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const RESULT_MARK = 'BENCH_RESULT ';

export interface WrkRequest {
  bodyFile: string;
  contentType: string;
  accept: string;
}

export interface WrkLoad {
  durationS: number;
  threads: number;
  connections: number;
}

export interface WrkResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors, timeouts and non-2xx/3xx responses together. */
  errors: number;
}

/** Writes the Lua script for `request` into `dir`; returns its path. */
export function writeWrkScript(dir: string, name: string, request: WrkRequest): string {
  const path = join(dir, `${name}.lua`);
  // JSON string literals are valid Lua string literals for the plain paths and types used here.
  const lua = `
local file = assert(io.open(${JSON.stringify(request.bodyFile)}, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = ${JSON.stringify(request.contentType)}
wrk.headers["Accept"] = ${JSON.stringify(request.accept)}

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('${RESULT_MARK}{"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
`;
  writeFileSync(path, lua);
  return path;
}

export async function runWrk(url: string, script: string, load: WrkLoad): Promise<WrkResult> {
  const args = [
    `-t${load.threads}`,
    `-c${load.connections}`,
    `-d${load.durationS}s`,
    '--timeout', '10s',
    '-s', script,
    url,
  ];
  const { stdout } = await run('wrk', args, { maxBuffer: 1 << 20 });
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (line === undefined) throw new Error(`bench: wrk printed no result for ${url}:\n${stdout}`);
  const r = JSON.parse(line.slice(RESULT_MARK.length)) as {
    requests: number;
    durationUs: number;
    p50Us: number;
    p99Us: number;
    errors: number;
  };
  return {
    requests: r.requests,
    requestsPerSecond: r.requests / (r.durationUs / 1e6),
    p50Ms: r.p50Us / 1e3,
    p99Ms: r.p99Us / 1e3,
    errors: r.errors,
  };
}
