import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthBody } from '../schemas/health.js';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const startedAt = Date.now();
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the process is up and serving HTTP',
        tags: ['health'],
        operationId: 'healthz',
        response: { 200: HealthBody },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: (Date.now() - startedAt) / 1000 }),
  );
};
