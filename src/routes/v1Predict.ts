/**
 * POST /v1/models/{model_name}:predict, KServe V1 and TF Serving's row format, for models with
 * one input: `{ "instances": [...] }` -> `{ "predictions": [...] }`. `?top_k=N` returns the N best
 * classes per instance, labelled from the model config, for the first output that has labels
 * (the first output when none has).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../config.js';
import { InvalidInferRequest } from '../errors.js';
import { instancesToTensor, predictions, topClasses } from '../protocol/v1Predict.js';
import { errorResponses } from '../schemas/error.js';
import { PredictParams, PredictQuery, PredictRequest, PredictResponse } from '../schemas/v1.js';
import { acceptTritonBodies } from './v2/bodies.js';
import { type InferenceDeps, observeInference } from './v2/observe.js';

/** `::` is a literal colon for find-my-way; the regex keeps the colon out of the name. */
export const PREDICT_PATH = '/v1/models/:model_name(^[^:/]+)::predict';

export const v1PredictRoutes: FastifyPluginAsyncTypebox<InferenceDeps & { config: Config }> = async (app, deps) => {
  const { registry, config } = deps;
  acceptTritonBodies(app, { binary: false });

  app.post(
    PREDICT_PATH,
    {
      schema: {
        summary: 'Predict (KServe V1 / TF Serving row format) for single-input models',
        description:
          'Each instance is one example; they are stacked along a new first (batch) dimension. ' +
          'With `top_k`, predictions are the best classes with their labels and scores.',
        tags: ['inference'],
        operationId: 'predictV1',
        params: PredictParams,
        querystring: PredictQuery,
        body: PredictRequest,
        response: { 200: PredictResponse, ...errorResponses(400, 404, 413, 415, 500, 503) },
      },
    },
    async (request) => {
      const { model_name } = request.params;
      const { top_k } = request.query;
      const metadata = registry.metadata(model_name);
      if (metadata.inputs.length !== 1) {
        throw new InvalidInferRequest(
          `model '${model_name}' has ${metadata.inputs.length} inputs; :predict serves single-input models, ` +
            `use POST /v2/models/${model_name}/infer`,
        );
      }
      return observeInference(deps, model_name, undefined, async () => {
        const inputs = [instancesToTensor(metadata.inputs[0], request.body.instances, config.MAX_TENSOR_ELEMENTS)];
        const result = await registry.infer(model_name, undefined, inputs);
        if (top_k === undefined) return { result, inputs, value: { predictions: predictions(result.outputs) } };
        const labelled = result.outputs.find((o) => registry.labels(result.modelName, o.name) !== undefined);
        const output = labelled ?? result.outputs[0];
        const labels = registry.labels(result.modelName, output.name);
        return { result, inputs, value: { predictions: topClasses(output, top_k, labels) } };
      });
    },
  );
};
