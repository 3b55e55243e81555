/**
 * GET /metrics: Prometheus text exposition of src/metrics.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServingMetrics } from '../metrics.js';

export const metricsRoutes: FastifyPluginAsyncTypebox<{ metrics: ServingMetrics }> = async (app, { metrics }) => {
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics: inference counts and durations per model version, process metrics',
        tags: ['metrics'],
        operationId: 'metrics',
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4.',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (_request, reply) => reply.type(metrics.contentType()).send(await metrics.text()),
  );
};
