/**
 * Server metadata and health (OIP): GET /v2, /v2/health/live, /v2/health/ready.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import packageJson from '../../../package.json' with { type: 'json' };
import { ServerNotReady } from '../../errors.js';
import { errorResponses } from '../../schemas/error.js';
import { ServerLive, ServerMetadata, ServerReady } from '../../schemas/oip.js';
import type { ServingRegistry } from './registryApi.js';

/** The protocol extensions served, spelled and ordered as Triton reports them. */
export const EXTENSIONS = [
  'classification',
  'model_repository',
  'model_configuration',
  'binary_tensor_data',
  'statistics',
] as const;

export const serverRoutes: FastifyPluginAsyncTypebox<{ registry: ServingRegistry }> = async (app, { registry }) => {
  app.get(
    '/v2',
    {
      schema: {
        summary: 'Server metadata: name, version and the protocol extensions served',
        tags: ['server'],
        operationId: 'serverMetadata',
        response: { 200: ServerMetadata, ...errorResponses(500) },
      },
    },
    async () => ({ name: packageJson.name, version: packageJson.version, extensions: [...EXTENSIONS] }),
  );

  app.get(
    '/v2/health/live',
    {
      schema: {
        summary: 'Server live: the process answers HTTP (Kubernetes livenessProbe)',
        tags: ['health'],
        operationId: 'serverLive',
        response: { 200: ServerLive, ...errorResponses(500) },
      },
    },
    async () => ({ live: true }),
  );

  app.get(
    '/v2/health/ready',
    {
      schema: {
        summary: 'Server ready: the model repository has been loaded (Kubernetes readinessProbe)',
        description:
          "503 while the repository is loading, and while any model meant to serve is not ready (Triton's " +
          'strict readiness); POST /v2/repository/index says which and why.',
        tags: ['health'],
        operationId: 'serverReady',
        response: { 200: ServerReady, ...errorResponses(500, 503) },
      },
    },
    async () => {
      if (!registry.isReady()) {
        throw new ServerNotReady(
          'Server is not ready: the model repository is loading or a model failed to load (POST /v2/repository/index says which)',
        );
      }
      return { ready: true };
    },
  );
};
