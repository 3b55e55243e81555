/**
 * buildApp(): the whole HTTP service, ready to serve or to be injected into by tests.
 * It never listens and never reads the environment: src/server.ts does both.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import { installErrorHandlers } from './plugins/errorHandler.js';
import { installNpyParser } from './plugins/npy.js';
import { formatValidationErrors } from './plugins/validationMessages.js';
import { registerOpenapi } from './openapi.js';
import { activationRoutes } from './routes/activations.js';
import { healthRoutes } from './routes/health.js';

export interface BuildAppOptions {
  config: Config;
  /** Fastify's logger option: false in tests, pino options in the server. */
  logger?: FastifyServerOptions['logger'];
}

export type App = FastifyInstance;

export async function buildApp({ config, logger = false }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Unknown fields are refused, not silently dropped: a misspelt `paramters` should say so.
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', useDefaults: true, removeAdditional: false } },
    schemaErrorFormatter: formatValidationErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandlers(app, config.BODY_LIMIT_BYTES);
  installNpyParser(app);
  await registerOpenapi(app);

  await app.register(healthRoutes);
  await app.register(activationRoutes, { config });

  await app.ready();
  return app;
}
