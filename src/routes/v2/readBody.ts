/**
 * Reads a request body from the stream with the checks Fastify's `parseAs: 'buffer'` makes (the
 * route's body limit, a Content-Length that matches), but assembles it with
 * src/protocol/binaryBody.ts assembleBody so that binary tensors after the JSON land aligned.
 */
import { errorCodes, type FastifyRequest } from 'fastify';
import { assembleBody, type SplitBody } from '../../protocol/binaryBody.js';

type Payload = FastifyRequest['raw'];

/** `headerLength` is the Inference-Header-Content-Length value; undefined: the body is all JSON. */
export function readBody(
  request: FastifyRequest,
  payload: Payload,
  headerLength: string | string[] | undefined,
  done: (error: Error | null, body?: SplitBody) => void,
): void {
  const limit = request.routeOptions.bodyLimit;
  const declared = Number(request.headers['content-length']);
  if (declared > limit) {
    done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  const stop = (): void => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onEnd);
  };
  function onData(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    received += bytes.length;
    if (received > limit) {
      stop();
      done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    chunks.push(bytes);
  }
  function onEnd(error?: Error & { statusCode?: number }): void {
    stop();
    if (error) {
      if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
      done(error);
      return;
    }
    if (!Number.isNaN(declared) && received !== declared) {
      done(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      return;
    }
    try {
      done(null, assembleBody(chunks, received, headerLength));
    } catch (assembleError) {
      done(assembleError as Error);
    }
  }
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onEnd);
  payload.resume();
}
