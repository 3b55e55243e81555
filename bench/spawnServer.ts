/** Starts bench/server.ts or bench/echoServer.ts in a child Node process and waits for its port. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const START_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  name: string;
  port: number;
  /** The child's process id (for reading its CPU time from /proc). */
  pid: number;
  stop(): Promise<void>;
}

/** `nodeArgs` go before the script, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
export async function spawnServer(name: string, script: string, nodeArgs: string[] = []): Promise<ServerProcess> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await readPort(name, child);
  return {
    name,
    port,
    pid: child.pid!,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then waits for the exit; nothing when the child has already exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

function readPort(name: string, child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`bench: ${name} did not report its port within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench: ${name} exited with code ${code} before listening`));
    });
    // Keeps reading after the port line so that the child never blocks on a full pipe.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const port = line.startsWith('{') ? (JSON.parse(line) as { port?: unknown }).port : undefined;
      if (typeof port !== 'number') return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(port);
    });
  });
}
