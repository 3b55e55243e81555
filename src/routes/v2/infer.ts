/**
 * POST /v2/models/{model_name}[/versions/{model_version}]/infer: JSON, or Triton's binary tensor
 * data extension in either direction (src/protocol). The body parsers of this plugin accept
 * JSON, application/octet-stream and bodies with no Content-Type (src/routes/v2/bodies.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import { BINARY_MEDIA_TYPE, INFERENCE_HEADER } from '../../protocol/binaryBody.js';
import { decodeInferRequest } from '../../protocol/inferRequest.js';
import { type EncodedResponse, encodeInferResponse } from '../../protocol/inferResponse.js';
import { errorResponses } from '../../schemas/error.js';
import { InferenceRequest, InferenceResponse } from '../../schemas/oip.js';
import type { ModelVersionParams as Params } from '../../schemas/oip.js';
import { acceptTritonBodies, binaryTail } from './bodies.js';
import { MODEL_PATHS } from './models.js';
import type { Tensor } from '../../model/types.js';
import { type InferenceDeps, recordFailure, recordSuccess } from './observe.js';
import type { InferResult } from './registryApi.js';

const BINARY_BODY = Type.Unsafe<Buffer>({
  type: 'string',
  format: 'binary',
  description:
    'The JSON object (Inference-Header-Content-Length bytes), then the raw little-endian tensors in order.',
});

const InferHeaders = Type.Object({
  [INFERENCE_HEADER]: Type.Optional(
    Type.String({
      pattern: '^[0-9]+$',
      description: 'Binary tensor data extension: the length in bytes of the JSON part of the body.',
    }),
  ),
});

export const inferRoutes: FastifyPluginAsyncTypebox<InferenceDeps & { config: Config }> = async (app, deps) => {
  const { registry, config } = deps;
  acceptTritonBodies(app, { binary: true });

  for (const { path, params, scope } of MODEL_PATHS) {
    app.post(
      `${path}/infer`,
      {
        schema: {
          summary: 'Inference: run the model on the request tensors',
          description:
            'JSON in and out; or the binary tensor data extension: a JSON header of ' +
            '`Inference-Header-Content-Length` bytes followed by the tensors whose `parameters.binary_data_size` ' +
            'says so. Outputs come back binary when `outputs[].parameters.binary_data` or ' +
            '`parameters.binary_data_output` is true. A request with no Content-Type is accepted.',
          tags: ['inference'],
          operationId: `infer${scope}`,
          params,
          headers: InferHeaders,
          consumes: ['application/json', BINARY_MEDIA_TYPE],
          body: InferenceRequest,
          response: {
            200: {
              description: 'The outputs: JSON, or JSON followed by binary tensors (application/octet-stream).',
              headers: {
                'inference-header-content-length': {
                  type: 'integer',
                  description: 'Length of the JSON part, when binary outputs follow it.',
                },
              },
              content: {
                'application/json': { schema: InferenceResponse },
                [BINARY_MEDIA_TYPE]: { schema: BINARY_BODY },
              },
            },
            ...errorResponses(400, 404, 413, 415, 500, 503),
          },
        },
      },
      async (request, reply) => {
        const { model_name, model_version } = request.params as Params;
        const body = request.body;
        const started = process.hrtime.bigint();
        let result: InferResult;
        let inputs: Tensor[];
        let encoded: EncodedResponse;
        try {
          const decoded = decodeInferRequest(body, binaryTail(request), model_name, config.MAX_TENSOR_ELEMENTS);
          inputs = decoded.inputs;
          const requested = decoded.outputs;
          const served = await registry.infer(model_name, model_version, inputs, requested?.map((o) => o.name), body.parameters?.backend);
          result = served;
          encoded = encodeInferResponse({
            modelName: served.modelName,
            modelVersion: served.modelVersion,
            id: body.id,
            outputs: served.outputs,
            requested,
            binaryDefault: decoded.binaryDefault,
            labels: (output) => registry.labels(served.modelName, output),
            batched: () => served.maxBatchSize > 0,
          });
        } catch (error) {
          recordFailure(deps, model_name, model_version);
          throw error;
        }
        recordSuccess(deps, started, result, inputs);
        // The JSON is written as text by the encoder (exact int64, no boxed arrays): sent as is.
        if (encoded.kind === 'json') return reply.type('application/json').send(encoded.body as unknown as Buffer);
        return reply.type(BINARY_MEDIA_TYPE).header(INFERENCE_HEADER, encoded.headerLength).send(encoded.body);
      },
    );
  }
};
