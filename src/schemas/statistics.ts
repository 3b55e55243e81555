/**
 * Triton's statistics extension
 * (https://github.com/triton-inference-server/server/blob/main/docs/protocol/extension_statistics.md):
 * per model version, counts and cumulative nanoseconds since the server started.
 */
import { Type } from 'typebox';

export const DurationStat = Type.Object({
  count: Type.Integer({ minimum: 0, description: 'Times the statistic was collected.' }),
  ns: Type.Integer({ minimum: 0, description: 'Total duration in nanoseconds.' }),
});

export const InferenceStats = Type.Object({
  success: DurationStat,
  fail: DurationStat,
  queue: DurationStat,
  compute_input: DurationStat,
  compute_infer: DurationStat,
  compute_output: DurationStat,
  cache_hit: Type.Optional(DurationStat),
  cache_miss: Type.Optional(DurationStat),
});

export const BatchStat = Type.Object({
  batch_size: Type.Integer({ minimum: 0 }),
  compute_input: DurationStat,
  compute_infer: DurationStat,
  compute_output: DurationStat,
});

export const ModelStat = Type.Object({
  name: Type.String(),
  version: Type.String(),
  last_inference: Type.Integer({ minimum: 0, description: 'Milliseconds since the epoch; 0 before the first.' }),
  inference_count: Type.Integer({ minimum: 0, description: 'Successful inferences, counting each batch row.' }),
  execution_count: Type.Integer({ minimum: 0, description: 'Successful model executions.' }),
  inference_stats: InferenceStats,
  batch_stats: Type.Array(BatchStat),
});

export const StatisticsResponse = Type.Object(
  { model_stats: Type.Array(ModelStat) },
  { title: 'StatisticsResponse' },
);
