/**
 * The process: reads the config from the environment, builds the model registry and the app,
 * listens, then loads the model repository (so /v2/health/ready answers 503 until it is loaded),
 * and closes gracefully on SIGINT/SIGTERM (in-flight requests finish, then the models are
 * unloaded; a second signal or 10 s forces exit).
 */
import closeWithGrace from 'close-with-grace';
import pino, { type LoggerOptions } from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { wasmSgemmStatus } from './kernels/sgemmWasm.js';
import { wasmKernelStatus } from './kernels/wasm/loader.js';
import { ModelRegistry } from './model/registry.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger: LoggerOptions = {
    level: config.LOG_LEVEL,
    ...(config.LOG_PRETTY ? { transport: { target: 'pino-pretty' } } : {}),
  };
  const registry = new ModelRegistry({
    repository: config.MODEL_REPOSITORY,
    intraOpThreads: config.ORT_INTRA_OP_THREADS,
    logger: pino(logger).child({ component: 'registry' }),
  });
  const app = await buildApp({ config, logger, registry });
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an uncaught error');
    else app.log.info({ signal }, 'closing');
    await app.close();
    await registry.close();
  });
  // A missing or refused .wasm falls back to the TypeScript loops silently; say which runs.
  app.log.info({ wasmKernels: wasmKernelStatus(), wasmGemm: wasmSgemmStatus() }, 'kernels');
  await app.listen({ port: config.PORT, host: config.HOST });
  await registry.loadAll();
  app.log.info({ repository: config.MODEL_REPOSITORY, ready: registry.isReady() }, 'model repository loaded');
}

await main();
