import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp, type App } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { ModelRegistry } from '../../src/model/registry.js';
import type { ServingRegistry } from '../../src/routes/v2/registryApi.js';

/** An app over the default config, with overrides given as environment strings. */
export async function testApp(env: Record<string, string> = {}, registry?: ServingRegistry): Promise<App> {
  return buildApp({ config: loadConfig(env), registry });
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig(env);
}

/** The fixture models (scripts/fixtures/buildModels.ts), all of which load READY. */
export const SERVING_REPOSITORY = fileURLToPath(new URL('../fixtures/models/serving/', import.meta.url));

export interface ServingApp {
  app: App;
  registry: ModelRegistry;
  close(): Promise<void>;
}

/** An app serving the fixture repository through the real registry and onnxruntime. */
export async function servingApp(env: Record<string, string> = {}, repository = SERVING_REPOSITORY): Promise<ServingApp> {
  const config = loadConfig({ MODEL_REPOSITORY: repository, ORT_INTRA_OP_THREADS: '1', ...env });
  const registry = new ModelRegistry({
    repository: config.MODEL_REPOSITORY,
    intraOpThreads: config.ORT_INTRA_OP_THREADS,
    logger: pino({ level: 'silent' }),
  });
  await registry.loadAll();
  const app = await buildApp({ config, registry });
  return {
    app,
    registry,
    close: async () => {
      await app.close();
      await registry.close();
    },
  };
}
