/**
 * No Docker engine runs here, so this reproduces the Dockerfile's runtime stage instead: the
 * build stage's `tsc` output, a clean folder with production dependencies only
 * (`npm ci --omit=dev`), started the way the image starts it (`node dist/src/server.js`), then
 * the image's HEALTHCHECK command and one real request, then a graceful SIGTERM.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SETUP_TIMEOUT_MS = 240_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not become healthy:\n${output()}`);
}

describe('container runtime stage (production dependencies only)', () => {
  let dir: string;
  let child: ChildProcess;
  let port: number;
  let logs = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leaky-serve-image-'));
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) cpSync(join(ROOT, file), join(dir, file));
    if (existsSync(join(ROOT, 'models'))) cpSync(join(ROOT, 'models'), join(dir, 'models'), { recursive: true });
    execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')], {
      stdio: 'pipe',
    });
    // As `npm run build` (the image's build stage) does: the kernels' .wasm goes beside them.
    for (const wasm of ['activations.wasm', 'gemm.wasm']) {
      cpSync(join(ROOT, 'src/kernels/wasm', wasm), join(dir, 'dist/src/kernels/wasm', wasm));
    }
    execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: 'pipe' });
    port = await freePort();
    child = spawn(process.execPath, ['dist/src/server.js'], {
      cwd: dir,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (logs += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, () => logs);
  }, SETUP_TIMEOUT_MS);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has no dev dependencies installed', () => {
    for (const dev of ['vitest', 'typescript', 'eslint', 'supertest', 'pino-pretty']) {
      expect(existsSync(join(dir, 'node_modules', dev)), dev).toBe(false);
    }
    expect(existsSync(join(dir, 'node_modules', 'onnxruntime-node'))).toBe(true);
  });

  it('answers an activation request', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/activations/leaky_relu`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: { shape: [2], data: [2, -2] }, parameters: { alpha: 0.5 } }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { output: { data: number[] } };
    expect(body.output.data).toEqual([2, -1]);
  });

  it('logs JSON lines with request ids, and runs the WebAssembly kernels', () => {
    const lines = logs.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => typeof l.reqId === 'string' && l.req !== undefined)).toBe(true);
    const kernels = lines.find((l) => l.msg === 'kernels');
    expect(kernels?.wasmKernels).toEqual({ available: true });
    expect(kernels?.wasmGemm).toEqual({ available: true });
  });

  it('serves the bundled models', async () => {
    // The server listens first and loads the repository after: readiness turns 200 when done.
    await waitForHealth(`http://127.0.0.1:${port}/v2/health/ready`, child, () => logs);
    const index = await fetch(`http://127.0.0.1:${port}/v2/repository/index`, { method: 'POST' });
    const models = (await index.json()) as { name: string; state: string }[];
    expect(models.filter((m) => m.name.startsWith('digits_')).map((m) => m.state)).toEqual(Array(5).fill('READY'));
  });

  it("the image's HEALTHCHECK command exits 0", () => {
    const run = () => execFileSync(process.execPath, ['dist/src/healthcheck.js'], { cwd: dir, env: { PORT: String(port) } });
    expect(run).not.toThrow();
  });

  it('closes gracefully on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
