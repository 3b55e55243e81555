/**
 * Starts the service the way its container image starts it: `node dist/src/server.js` with
 * NODE_ENV=production, configured only through its environment, logging to stdout (a pipe this
 * process drains, as a container runtime's log driver would). The build must be current:
 * `npm run bench` builds first. Resolves once the server listens and /v2/health/ready says 200.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type ServerProcess, stopChild } from './spawnServer.js';

const ENTRY = fileURLToPath(new URL('../dist/src/server.js', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 50;

/** A TCP port free on 127.0.0.1 right now (the OS picks it; the server binds it a moment later). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('bench: no TCP address for a free port');
  return address.port;
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/v2/health/ready`)).status === 200;
  } catch {
    return false; // not listening yet
  }
}

/** `env` adds to this process's environment, e.g. MODEL_REPOSITORY and ORT_INTRA_OP_THREADS. */
export async function spawnService(env: Record<string, string>, nodeArgs: string[] = []): Promise<ServerProcess> {
  if (!existsSync(ENTRY)) throw new Error(`bench: ${ENTRY} is missing; run \`npm run build\` (npm run bench does)`);
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, ENTRY], {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout!.resume(); // request logs: read and dropped, so the server never blocks on a full pipe
  let exitCode: number | null = null;
  child.once('exit', (code) => {
    exitCode = code ?? -1;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await ready(port))) {
    if (exitCode !== null) throw new Error(`bench: the service exited with code ${exitCode} before it was ready`);
    if (Date.now() > deadline) {
      const index = await fetch(`http://127.0.0.1:${port}/v2/repository/index`, { method: 'POST' }).then((r) => r.text(), String);
      child.kill('SIGTERM');
      throw new Error(`bench: the service was not ready within ${READY_TIMEOUT_MS} ms; repository index: ${index}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return {
    name: 'service',
    port,
    pid: child.pid!,
    stop: () => stopChild(child),
  };
}
