/**
 * The V1 convenience route (KServe V1 / TF Serving "row" format): instances in, predictions out.
 */
import { Type } from 'typebox';

export const PredictRequest = Type.Object(
  {
    instances: Type.Array(Type.Unknown(), {
      minItems: 1,
      description: "One entry per example, each nested to the model input's shape without the batch dimension.",
    }),
  },
  { title: 'PredictRequest', additionalProperties: true },
);

export const PredictQuery = Type.Object(
  {
    top_k: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'Return the k highest-scoring classes per instance as {index, label, score} instead of the raw ' +
          'output (labels come from the model config).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const PredictParams = Type.Object({ model_name: Type.String({ minLength: 1 }) });

export const PredictResponse = Type.Object(
  {
    predictions: Type.Array(Type.Unknown(), {
      description:
        "One entry per instance: the output row nested to its shape, an object keyed by output name when the model has several outputs, or with top_k a list of {index, label, score}.",
    }),
  },
  { title: 'PredictResponse' },
);
