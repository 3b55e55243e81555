/**
 * The Open Inference Protocol routes, in the order the protocol documents them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.js';
import { inferRoutes } from './infer.js';
import { modelRoutes } from './models.js';
import type { InferenceDeps } from './observe.js';
import { repositoryRoutes } from './repository.js';
import { serverRoutes } from './server.js';

export const v2Routes: FastifyPluginAsyncTypebox<InferenceDeps & { config: Config }> = async (app, options) => {
  await app.register(serverRoutes, options);
  await app.register(modelRoutes, options);
  await app.register(inferRoutes, options);
  await app.register(repositoryRoutes, options);
};
