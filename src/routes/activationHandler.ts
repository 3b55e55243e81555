import type { FastifyReply, FastifyRequest } from 'fastify';
import { applyActivation, type ApplyResult } from '../activations/apply.js';
import { ACTIVATIONS, findActivation } from '../activations/catalog.js';
import { fromJson, fromNpy } from '../activations/fromRequest.js';
import type { Config } from '../config.js';
import { ActivationNotFound, InvalidParameter, NotAcceptable, UnsupportedMediaType } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import { NPY_MEDIA_TYPE } from '../plugins/npy.js';
import type { ActivationQuery, ActivationRequest, ActivationResponse } from '../schemas/activation.js';
import { type FloatDatatype, toJsonData } from '../tensor/jsonTensor.js';
import { allocateNpy } from '../tensor/npy.js';

const VALID_NAMES = Object.values(ACTIVATIONS)
  .map((a) => `${a.name} (${a.onnx})`)
  .join(', ');

function tensorOut(data: FloatArray, shape: readonly number[], datatype: FloatDatatype) {
  return { shape: [...shape], datatype, data: toJsonData(data) };
}

function wantsNpy(request: FastifyRequest): boolean {
  return request.headers.accept?.includes(NPY_MEDIA_TYPE) ?? false;
}

export async function handleActivation(
  request: FastifyRequest<{ Params: { name: string }; Querystring: ActivationQuery }>,
  reply: FastifyReply,
  config: Config,
): Promise<ActivationResponse | FastifyReply> {
  const activation = findActivation(request.params.name);
  if (!activation) throw new ActivationNotFound(request.params.name, VALID_NAMES);

  let input;
  let datatype: FloatDatatype;
  if (Buffer.isBuffer(request.body)) {
    ({ input, datatype } = fromNpy(activation, request.body, request.query, config));
  } else if (typeof request.body !== 'object' || request.body === null) {
    // Fastify parses text/plain itself; this route takes only JSON and .npy.
    throw new UnsupportedMediaType(request.headers['content-type'] ?? '');
  } else {
    const extra = Object.keys(request.query);
    if (extra.length > 0) {
      throw new InvalidParameter(
        `querystring.${extra[0]} is for .npy bodies; with a JSON body put it in the body instead`,
      );
    }
    const body = request.body as ActivationRequest;
    input = fromJson(activation, body, config);
    datatype = body.input.datatype ?? 'FP32';
  }
  const npyOut = wantsNpy(request);
  if (npyOut && (input.gradient || input.stats)) {
    throw new NotAcceptable(
      'gradient and stats need a JSON reply; drop Accept: application/x-npy or the gradient/stats flags',
    );
  }

  if (npyOut) {
    const npy = allocateNpy(datatype, input.shape);
    applyActivation({ ...input, output: npy.data });
    return reply.type(NPY_MEDIA_TYPE).send(npy.bytes);
  }
  const result: ApplyResult = applyActivation(input);

  const response: ActivationResponse = {
    activation: activation.name,
    parameters: input.parameters,
    output: tensorOut(result.output, input.shape, datatype),
  };
  if (result.gradInput) response.grad_input = tensorOut(result.gradInput, input.shape, datatype);
  if (result.gradSlope) response.grad_slope = tensorOut(result.gradSlope.data, result.gradSlope.shape, datatype);
  if (result.stats) response.stats = result.stats;
  return response;
}
