/**
 * `Authorization: Bearer <ADMIN_TOKEN>` for the routes that change what is served. Both sides are
 * hashed before the constant-time compare, so neither the token's content nor its length leaks
 * through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Unauthorized } from '../errors.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The OpenAPI security scheme name the guarded routes refer to. */
export const BEARER_SCHEME = 'bearerAuth';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Guards every route of `app` (an encapsulated plugin context) when `token` is set. */
export function requireBearerToken(app: FastifyInstance, token: string | undefined): void {
  if (token === undefined) return;
  const expected = digest(token);
  app.addHook('onRequest', async (request, reply) => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]), expected)) return;
    reply.header('www-authenticate', 'Bearer realm="leaky-serve"');
    throw new Unauthorized(
      match ? 'the bearer token is not valid' : 'this route needs an Authorization: Bearer <ADMIN_TOKEN> header',
    );
  });
}
