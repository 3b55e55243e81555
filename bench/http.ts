/**
 * HTTP benchmark: POST /v1/activations/leaky_relu over JSON and over .npy, against a bare
 * Fastify echo of the same bodies (bench/echoServer.ts). Each server runs in its own process;
 * wrk is the load. Runs are interleaved (ours and echo alternate, order flipping each round)
 * and every figure is a median over rounds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeNpy, encodeNpy } from '../src/tensor/npy.js';
import { randomData } from './data.js';
import { median, pairedRatio } from './measure.js';
import { type ServerProcess, spawnServer } from './spawnServer.js';
import { runWrk, type WrkLoad, type WrkRequest, type WrkResult, writeWrkScript } from './wrk.js';

export const HTTP_SIZES = [1e3, 1e5] as const;
const ALPHA = 0.1;
const NPY = 'application/x-npy';
const JSON_TYPE = 'application/json';

/** Largest acceptable echo rps / ours rps. */
const MAX_SLOWDOWN = { json: 1.25, npy: 1.5 } as const;
const TARGET_TEXT = { json: 'echo/ours rps <= 1.25', npy: 'echo/ours rps <= 1.5' } as const;

type Format = 'json' | 'npy';

export interface HttpOptions {
  quick: boolean;
  log?: (line: string) => void;
  /** Extra Node flags for the service's process, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  serverNodeArgs?: string[];
}

export interface ServerFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface HttpRow {
  format: Format;
  elements: number;
  requestBytes: number;
  ours: ServerFigures;
  echo: ServerFigures;
  /** Medians of per-round ratios: echo rps / ours rps, and ours p50 / echo p50. */
  ratio: { echoRpsOverOurs: number; p50OursOverEcho: number };
  target: { text: string; met: boolean };
}

export interface HttpResults {
  load: WrkLoad;
  rounds: number;
  rows: HttpRow[];
}

interface Case {
  format: Format;
  elements: number;
  body: Buffer;
  ours: { path: string; script: string };
  echo: { path: string; script: string };
}

function prepareCases(dir: string): Case[] {
  const cases: Case[] = [];
  for (const format of ['json', 'npy'] as const) {
    for (const elements of HTTP_SIZES) {
      const x = randomData(elements);
      // JSON numbers as a client sends float32 values (numpy's tolist(): the exact doubles).
      const body =
        format === 'json'
          ? Buffer.from(JSON.stringify({ input: { shape: [elements], datatype: 'FP32', data: Array.from(x) }, parameters: { alpha: ALPHA } }))
          : encodeNpy(x, [elements]);
      const name = `${format}-${elements}`;
      const bodyFile = join(dir, `${name}.body`);
      writeFileSync(bodyFile, body);
      const type = format === 'json' ? JSON_TYPE : NPY;
      const request: WrkRequest = { bodyFile, contentType: type, accept: type };
      cases.push({
        format,
        elements,
        body,
        ours: {
          path: format === 'json' ? '/v1/activations/leaky_relu' : `/v1/activations/leaky_relu?alpha=${ALPHA}`,
          script: writeWrkScript(dir, `${name}-ours`, request),
        },
        echo: { path: format === 'json' ? '/echo/json' : '/echo/bytes', script: writeWrkScript(dir, `${name}-echo`, request) },
      });
    }
  }
  return cases;
}

/** One request per case and server, checked, before any load: a fast 4xx would look great. */
async function checkResponses(c: Case, ours: ServerProcess, echo: ServerProcess): Promise<void> {
  const type = c.format === 'json' ? JSON_TYPE : NPY;
  const post = async (server: ServerProcess, path: string): Promise<Buffer> => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, accept: type },
      body: c.body,
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`bench: ${server.name} ${path} answered ${res.status}: ${bytes.toString().slice(0, 300)}`);
    return bytes;
  };
  const x = randomData(c.elements);
  const reply = await post(ours, c.ours.path);
  const y = c.format === 'json' ? (JSON.parse(reply.toString()) as { output: { data: number[] } }).output.data : decodeNpy(reply).data;
  const i = x.findIndex((v) => v < 0);
  if (y.length !== c.elements || y[i] !== Math.fround(Math.fround(ALPHA) * x[i])) {
    throw new Error(`bench: ${ours.name} ${c.format} reply is not leaky_relu of the input`);
  }
  const echoed = await post(echo, c.echo.path);
  if (c.format === 'npy' ? Buffer.compare(echoed, c.body) !== 0 : echoed.length < c.body.length * 0.9) {
    throw new Error(`bench: echo ${c.format} reply does not match the request`);
  }
}

const figures = (runs: WrkResult[]): ServerFigures => ({
  requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
  p50Ms: median(runs.map((r) => r.p50Ms)),
  p99Ms: median(runs.map((r) => r.p99Ms)),
});

export async function runHttpBench({ quick, log = () => {}, serverNodeArgs = [] }: HttpOptions): Promise<HttpResults> {
  const load: WrkLoad = { durationS: quick ? 2 : 6, threads: 2, connections: 4 };
  const warmup: WrkLoad = { ...load, durationS: quick ? 1 : 2 };
  const rounds = 3;
  const dir = mkdtempSync(join(tmpdir(), 'leaky-serve-bench-'));
  const ours = await spawnServer('service', './server.ts', serverNodeArgs);
  const echo = await spawnServer('echo', './echoServer.ts');
  try {
    const cases = prepareCases(dir);
    const url = (server: ServerProcess, path: string): string => `http://127.0.0.1:${server.port}${path}`;
    const results = new Map<Case, { ours: WrkResult[]; echo: WrkResult[] }>();
    for (const c of cases) {
      await checkResponses(c, ours, echo);
      await runWrk(url(ours, c.ours.path), c.ours.script, warmup);
      await runWrk(url(echo, c.echo.path), c.echo.script, warmup);
      results.set(c, { ours: [], echo: [] });
    }
    for (let round = 0; round < rounds; round++) {
      for (const c of cases) {
        const order = round % 2 === 0 ? (['ours', 'echo'] as const) : (['echo', 'ours'] as const);
        for (const who of order) {
          const server = who === 'ours' ? ours : echo;
          const result = await runWrk(url(server, c[who].path), c[who].script, load);
          if (result.errors > 0) throw new Error(`bench: ${who} ${c.format} ${c.elements}: ${result.errors} errors under load`);
          results.get(c)![who].push(result);
          log(`  round ${round + 1} ${c.format} ${c.elements.toExponential(0)} ${who}: ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.p50Ms.toFixed(2)} ms`);
        }
      }
    }
    const rows = cases.map((c): HttpRow => {
      const r = results.get(c)!;
      const echoRpsOverOurs = pairedRatio(r.echo.map((e) => e.requestsPerSecond), r.ours.map((o) => o.requestsPerSecond));
      return {
        format: c.format,
        elements: c.elements,
        requestBytes: c.body.length,
        ours: figures(r.ours),
        echo: figures(r.echo),
        ratio: { echoRpsOverOurs, p50OursOverEcho: pairedRatio(r.ours.map((o) => o.p50Ms), r.echo.map((e) => e.p50Ms)) },
        target: { text: TARGET_TEXT[c.format], met: echoRpsOverOurs <= MAX_SLOWDOWN[c.format] },
      };
    });
    return { load, rounds, rows };
  } finally {
    await ours.stop();
    await echo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
