import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ACTIVATIONS } from '../activations/catalog.js';
import type { Config } from '../config.js';
import { NPY_MEDIA_TYPE, NpyBody } from '../plugins/npy.js';
import {
  ACTIVATION_NAMES,
  ActivationList,
  ActivationParams,
  ActivationQuery,
  ActivationRequest,
  ActivationResponse,
  activationRouteErrors,
} from '../schemas/activation.js';
import { handleActivation } from './activationHandler.js';

export const activationRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  app.get(
    '/v1/activations',
    {
      schema: {
        summary: 'List the activations with their formulas, parameters and references',
        tags: ['activations'],
        operationId: 'listActivations',
        response: { 200: ActivationList },
      },
    },
    async () => ({
      activations: ACTIVATION_NAMES.map((name) => {
        const { forward: _f, backward: _b, ...info } = ACTIVATIONS[name];
        return info;
      }),
    }),
  );

  app.post(
    '/v1/activations/:name',
    {
      schema: {
        summary: 'Apply an activation to a tensor (forward, optional backward and diagnostics)',
        description:
          'JSON in, JSON out; or a NumPy .npy body (parameters in the query string). ' +
          'Send `Accept: application/x-npy` to get the output back as .npy.',
        tags: ['activations'],
        operationId: 'applyActivation',
        params: ActivationParams,
        querystring: ActivationQuery,
        body: {
          content: {
            'application/json': { schema: ActivationRequest },
            [NPY_MEDIA_TYPE]: { schema: NpyBody },
          },
        },
        response: {
          200: {
            description: 'The activation output, and the gradients and diagnostics asked for.',
            content: {
              'application/json': { schema: ActivationResponse },
              [NPY_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...activationRouteErrors,
        },
      },
    },
    async (request, reply) => handleActivation(request, reply, config),
  );
};
