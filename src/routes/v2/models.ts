/**
 * Per-model routes: metadata and readiness (OIP), the effective config (Triton's model
 * configuration extension) and statistics (Triton's statistics extension). Each answers with and
 * without `/versions/{model_version}`; without it, the registry picks the version it serves.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ModelNotReady } from '../../errors.js';
import { errorResponses } from '../../schemas/error.js';
import { ModelConfig, ModelMetadata, ModelParams, ModelReady, ModelVersionParams } from '../../schemas/oip.js';
import type { ModelVersionParams as Params } from '../../schemas/oip.js';
import { StatisticsResponse } from '../../schemas/statistics.js';
import type { ServingRegistry } from './registryApi.js';

/** The two spellings of a model's address, and the word each operationId uses for it. */
export const MODEL_PATHS = [
  { path: '/v2/models/:model_name', params: ModelParams, scope: 'Model' },
  { path: '/v2/models/:model_name/versions/:model_version', params: ModelVersionParams, scope: 'ModelVersion' },
] as const;

export const modelRoutes: FastifyPluginAsyncTypebox<{ registry: ServingRegistry }> = async (app, { registry }) => {
  for (const { path, params, scope } of MODEL_PATHS) {
    app.get(
      path,
      {
        schema: {
          summary: 'Model metadata: versions, platform, inputs and outputs with datatype and shape',
          tags: ['models'],
          operationId: `get${scope}Metadata`,
          params,
          response: { 200: ModelMetadata, ...errorResponses(404, 500, 503) },
        },
      },
      async (request) => {
        const { model_name, model_version } = request.params as Params;
        return registry.metadata(model_name, model_version);
      },
    );

    app.get(
      `${path}/ready`,
      {
        schema: {
          summary: 'Model ready: whether the model (version) can take inference requests',
          description: '200 when ready; 503 while loading or after a failed load; 404 for an unknown model or version.',
          tags: ['models'],
          operationId: `get${scope}Ready`,
          params,
          response: { 200: ModelReady, ...errorResponses(404, 500, 503) },
        },
      },
      async (request) => {
        const { model_name, model_version } = request.params as Params;
        if (registry.modelReady(model_name, model_version)) return { name: model_name, ready: true };
        registry.metadata(model_name, model_version); // throws why: unknown model, unknown version, loading
        throw new ModelNotReady(model_name, model_version ?? 'latest', 'it is not ready');
      },
    );

    app.get(
      `${path}/config`,
      {
        schema: {
          summary: "The model's effective configuration (Triton's model configuration extension)",
          tags: ['models'],
          operationId: `get${scope}Config`,
          params,
          response: { 200: ModelConfig, ...errorResponses(404, 500, 503) },
        },
      },
      async (request) => {
        const { model_name, model_version } = request.params as Params;
        return registry.config(model_name, model_version);
      },
    );

    app.get(
      `${path}/stats`,
      {
        schema: {
          summary: "Inference statistics of the model's versions (Triton's statistics extension)",
          tags: ['models'],
          operationId: `get${scope}Stats`,
          params,
          response: { 200: StatisticsResponse, ...errorResponses(404, 500) },
        },
      },
      async (request) => {
        const { model_name, model_version } = request.params as Params;
        return { model_stats: registry.statistics(model_name, model_version) };
      },
    );
  }

  app.get(
    '/v2/models/stats',
    {
      schema: {
        summary: 'Inference statistics of every model version',
        tags: ['models'],
        operationId: 'getAllModelStats',
        response: { 200: StatisticsResponse, ...errorResponses(500) },
      },
    },
    async () => ({ model_stats: registry.statistics() }),
  );
};
