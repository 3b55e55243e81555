/**
 * Triton's model repository extension: POST /v2/repository/index, .../models/{m}/load and
 * .../unload. With ADMIN_TOKEN set, every route here needs `Authorization: Bearer <token>`.
 * Bodies are optional and may come with no Content-Type, as tritonclient sends them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.js';
import { BEARER_SCHEME, requireBearerToken } from '../../plugins/auth.js';
import { errorResponses } from '../../schemas/error.js';
import { ModelParams } from '../../schemas/oip.js';
import {
  EmptyResponse,
  RepositoryIndexRequest,
  RepositoryIndexResponse,
  RepositoryModelRequest,
} from '../../schemas/repository.js';
import { acceptTritonBodies } from './bodies.js';
import type { ServingRegistry } from './registryApi.js';

export const repositoryRoutes: FastifyPluginAsyncTypebox<{ registry: ServingRegistry; config: Config }> = async (
  app,
  { registry, config },
) => {
  acceptTritonBodies(app, { binary: false });
  requireBearerToken(app, config.ADMIN_TOKEN);
  const security = [{ [BEARER_SCHEME]: [] }];
  const guardedErrors = errorResponses(400, 401, 404, 415, 500);

  app.post(
    '/v2/repository/index',
    {
      schema: {
        summary: 'Every model version in the repository with its state, loaded or not',
        tags: ['repository'],
        operationId: 'repositoryIndex',
        security,
        body: RepositoryIndexRequest,
        response: { 200: RepositoryIndexResponse, ...guardedErrors },
      },
    },
    async (request) => {
      const entries = registry.index();
      return request.body.ready ? entries.filter((e) => e.state === 'READY') : entries;
    },
  );

  for (const action of ['load', 'unload'] as const) {
    app.post(
      `/v2/repository/models/:model_name/${action}`,
      {
        schema: {
          summary:
            action === 'load'
              ? 'Load a model, or reload it: the new version serves before the old one is disposed'
              : 'Unload a model once its in-flight requests have finished',
          tags: ['repository'],
          operationId: action === 'load' ? 'repositoryModelLoad' : 'repositoryModelUnload',
          security,
          params: ModelParams,
          body: RepositoryModelRequest,
          response: { 200: EmptyResponse, ...guardedErrors },
        },
      },
      async (request, reply) => {
        const { model_name } = request.params;
        await (action === 'load' ? registry.load(model_name) : registry.unload(model_name));
        return reply.code(200).send();
      },
    );
  }
};
