/**
 * The one place errors become responses: `{ error, code, statusCode, requestId }` for every
 * route. Client mistakes keep their 4xx status and a message naming the field; anything else
 * is logged in full and answered with a 500 that leaks nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, RouteNotFound } from '../errors.js';
import type { ErrorBody } from '../schemas/error.js';

/** Fastify's own client-error codes, renamed into the catalogue. */
const FASTIFY_CODES: Record<string, ErrorBody['code']> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_ERROR',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_VALIDATION: 'VALIDATION_ERROR',
};

const KNOWN = new Set<string>(ERROR_CODES);

function describe(
  error: FastifyError,
  request: FastifyRequest,
  bodyLimit: number,
): { status: number; code: ErrorBody['code']; message: string } {
  if (error.validation) {
    return { status: 400, code: 'VALIDATION_ERROR', message: error.message };
  }
  if (error.code && KNOWN.has(error.code) && error.statusCode && error.code !== 'INTERNAL_ERROR') {
    return { status: error.statusCode, code: error.code as ErrorBody['code'], message: error.message };
  }
  const renamed = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (renamed === 'BODY_TOO_LARGE') {
    return { status: 413, code: renamed, message: `request body is larger than the limit of ${bodyLimit} bytes` };
  }
  if (renamed === 'UNSUPPORTED_MEDIA_TYPE') {
    return {
      status: 415,
      code: renamed,
      message: `Content-Type '${request.headers['content-type'] ?? ''}' is not supported on ${request.method} ${request.routeOptions.url ?? request.url}`,
    };
  }
  if (renamed) return { status: error.statusCode ?? 400, code: renamed, message: `body: ${error.message}` };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, code: 'VALIDATION_ERROR', message: error.message };
  }
  return { status: 500, code: 'INTERNAL_ERROR', message: 'internal server error' };
}

/**
 * Sends `error` as the one error body. The error handler, and Fastify's `frameworkErrors` option:
 * the router's own refusals (a malformed percent-encoding, a path parameter over its length
 * limit) never reach the error handler, and would otherwise answer in Fastify's body.
 */
export function errorReplier(bodyLimit: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const { status, code, message } = describe(error, request, bodyLimit);
    if (code === 'INTERNAL_ERROR') request.log.error({ err: error }, 'request failed');
    else request.log.info({ code, message }, 'request refused');
    const body: ErrorBody = { error: message, code, statusCode: status, requestId: String(request.id) };
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  };
}

export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler(errorReplier(bodyLimit));
  app.setNotFoundHandler((request) => {
    throw new RouteNotFound(request.method, request.url.split('?')[0]);
  });
}
