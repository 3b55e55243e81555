/**
 * Request bodies as Triton's clients send them. tritonclient sends no Content-Type at all (and
 * binary tensors by default), others send application/json or application/octet-stream; each is
 * a JSON header, possibly followed by binary tensors (src/protocol/binaryBody.ts). These parsers
 * are registered inside the protocol routes' plugins only, so the rest of the app keeps Fastify's
 * parsers and its 415 for unknown types; a Content-Type other than these is a 415 here too.
 */
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { InvalidJson } from '../../errors.js';
import { BINARY_MEDIA_TYPE, INFERENCE_HEADER, type SplitBody } from '../../protocol/binaryBody.js';
import { readBody } from './readBody.js';

type Done = (error: Error | null, body?: unknown) => void;

const tails = new WeakMap<FastifyRequest, Buffer>();

/** The binary tensors after the JSON header, when the request has an Inference-Header-Content-Length. */
export function binaryTail(request: FastifyRequest): Buffer | undefined {
  return tails.get(request);
}

/** Why `text` is not a JSON body; only called once Fastify's parser has refused it. */
function jsonProblem(text: Buffer): string {
  if (text.length === 0) return 'it is empty';
  try {
    JSON.parse(text.toString('utf8'));
    return 'it has a __proto__ or constructor.prototype key, which is refused';
  } catch (error) {
    return (error as Error).message;
  }
}

export interface BodyOptions {
  /** Whether the body may carry binary tensors after the JSON (the infer routes). */
  binary: boolean;
}

export function acceptTritonBodies(app: FastifyInstance, { binary }: BodyOptions): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');

  const parseHeader = (request: FastifyRequest, { header, tail }: SplitBody, done: Done): void => {
    if (tail !== undefined) tails.set(request, tail);
    parseJson(request, header as unknown as string, (error, value) => {
      if (error === null) {
        done(null, value);
        return;
      }
      const part =
        tail === undefined ? '' : `the JSON header (the first ${header.length} bytes, per Inference-Header-Content-Length): `;
      done(new InvalidJson(`${part}${jsonProblem(header)}`));
    });
  };

  const parse = (request: FastifyRequest, payload: FastifyRequest['raw'], done: Done): void => {
    const headerLength = binary ? request.headers[INFERENCE_HEADER] : undefined;
    readBody(request, payload, headerLength, (error, body) => {
      if (error !== null) done(error);
      else if (!binary && body?.header.length === 0) done(null, {}); // an empty repository request: defaults
      else parseHeader(request, body as SplitBody, done);
    });
  };

  app.removeAllContentTypeParsers(); // Fastify's text/plain parser too: that is a 415 here
  app.addContentTypeParser(['application/json', BINARY_MEDIA_TYPE], (request, payload, done) => parse(request, payload, done));
  app.addContentTypeParser('*', (request, payload, done) => {
    const type = request.headers['content-type'];
    if (type !== undefined) {
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(type));
      return;
    }
    parse(request, payload, done);
  });
  if (!binary) {
    // Triton's repository requests may have no body at all; that means all defaults.
    app.addHook('preValidation', async (request) => {
      request.body ??= {};
    });
  }
}
