/**
 * The service as the serving benchmark drives it: the model registry over MODEL_REPOSITORY and
 * the app, configured from the environment as src/server.ts configures them (the parent sets
 * MODEL_REPOSITORY and ORT_INTRA_OP_THREADS), in its own process. Loads every model before it
 * listens; prints `{"port": N}` once listening on 127.0.0.1; exits on SIGTERM (for --cpu-prof).
 */
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ModelRegistry } from '../src/model/registry.js';
import { announceAndServe } from './childServer.js';

const config = loadConfig(process.env);
const registry = new ModelRegistry({
  repository: config.MODEL_REPOSITORY,
  intraOpThreads: config.ORT_INTRA_OP_THREADS,
  // stdout carries the port line; load failures go to stderr, which the parent inherits.
  logger: pino({ level: 'warn' }, pino.destination(2)),
});
await registry.loadAll();
if (!registry.isReady()) {
  throw new Error(`bench: the serving repository did not load: ${JSON.stringify(registry.index())}`);
}
// Request logs as src/server.ts writes them (LOG_LEVEL, info by default: a line per request), to
// /dev/null rather than stdout, which carries the port line: the formatting is paid, a pipe's write is not.
await announceAndServe(await buildApp({ config, registry, logger: { level: config.LOG_LEVEL, file: '/dev/null' } }));
