/**
 * `application/x-npy` bodies arrive as raw bytes (up to the body limit); the route decodes them.
 * The media type's schema is `format: binary` with no `type`, so validation lets the Buffer
 * through while the OpenAPI document still describes the body (see src/openapi.ts).
 */
import type { FastifyInstance } from 'fastify';

export const NPY_MEDIA_TYPE = 'application/x-npy';

export const NpyBody = { format: 'binary', description: 'A NumPy .npy file (np.save): <f4 or <f8, C order.' } as const;

export function installNpyParser(app: FastifyInstance): void {
  app.addContentTypeParser(NPY_MEDIA_TYPE, { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
}
