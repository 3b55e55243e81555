/**
 * buildApp(): the whole HTTP service, ready to serve or to be injected into by tests.
 * It never listens and never reads the environment: src/server.ts does both.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import { errorReplier, installErrorHandlers } from './plugins/errorHandler.js';
import { installNpyParser } from './plugins/npy.js';
import { formatValidationErrors } from './plugins/validationMessages.js';
import { ServingMetrics } from './metrics.js';
import { registerOpenapi } from './openapi.js';
import { activationRoutes } from './routes/activations.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { v1PredictRoutes } from './routes/v1Predict.js';
import { v2Routes } from './routes/v2/index.js';
import { emptyRegistry, type ServingRegistry } from './routes/v2/registryApi.js';

export interface BuildAppOptions {
  config: Config;
  /** Fastify's logger option: false in tests, pino options in the server. */
  logger?: FastifyServerOptions['logger'];
  /**
   * The models served over the Open Inference Protocol (a ModelRegistry). Without one the
   * protocol routes serve an empty repository. The caller owns it: loads it, closes it.
   */
  registry?: ServingRegistry;
}

export type App = FastifyInstance;

/**
 * Fastify logs two lines per request ('incoming request', then 'request completed'); this logs
 * one, when the response is sent, with the request (Fastify's serializer: method, url, host,
 * remote address), the status and the time taken, under the request's reqId. At thousands of
 * requests per second the second line was a measurable share of each request's CPU time.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function buildApp({ config, logger = false, registry = emptyRegistry() }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger,
    logController: new OneLinePerRequest(),
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Unknown fields are refused, not silently dropped: a misspelt `paramters` should say so.
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', useDefaults: true, removeAdditional: false } },
    schemaErrorFormatter: formatValidationErrors,
    // The router's refusals (bad percent-encoding, an over-long parameter) in the one error body too.
    frameworkErrors: errorReplier(config.BODY_LIMIT_BYTES),
    // Tensor data arrays are long lists of numbers: one JSON.stringify of the whole array is
    // several times faster than the compiled serializer's per-element loop (npm run bench).
    serializerOpts: { largeArrayMechanism: 'json-stringify', largeArraySize: 64 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandlers(app, config.BODY_LIMIT_BYTES);
  installNpyParser(app);
  await registerOpenapi(app);

  await app.register(healthRoutes);
  await app.register(activationRoutes, { config });
  const metrics = new ServingMetrics();
  await app.register(v2Routes, { config, registry, metrics });
  await app.register(v1PredictRoutes, { config, registry, metrics });
  await app.register(metricsRoutes, { metrics });

  await app.ready();
  return app;
}
