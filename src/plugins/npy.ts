/**
 * `application/x-npy` bodies arrive as raw bytes (up to the body limit); the route decodes them.
 * The media type's schema constrains nothing, so validation lets the Buffer through; the
 * OpenAPI document marks it `type: string, format: binary` (see src/openapi.ts).
 */
import type { FastifyInstance } from 'fastify';

export const NPY_MEDIA_TYPE = 'application/x-npy';

export const NpyBody = { description: 'A NumPy .npy file (np.save): <f4 or <f8, C order.' } as const;

export function installNpyParser(app: FastifyInstance): void {
  app.addContentTypeParser(NPY_MEDIA_TYPE, { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
}
