/**
 * Prometheus metrics on a registry of the app's own (tests build many apps in one process).
 *
 * Counters carry Triton's names and meaning (docs/user_guide/metrics.md: nv_inference_*, with
 * `model` and `version` labels, durations as cumulative microseconds), so dashboards written for
 * Triton keep working. Triton has no latency distributions without extra flags; the
 * `leaky_serve_*_seconds` histograms add them. Process metrics are prom-client's defaults.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { InferTimings } from './model/statistics.js';

const LABELS = ['model', 'version'] as const;
/** Small models answer in well under a millisecond; the buckets reach down there. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const NS_PER_US = 1e3;
const NS_PER_S = 1e9;

type Label = (typeof LABELS)[number];
type Labels = Record<Label, string>;

const micros = (ns: bigint): number => Number(ns) / NS_PER_US;

export class ServingMetrics {
  readonly registry = new Registry();
  private readonly success: Counter<Label>;
  private readonly failure: Counter<Label>;
  private readonly inferences: Counter<Label>;
  private readonly executions: Counter<Label>;
  private readonly durationsUs: Record<'request' | 'queue' | 'computeInput' | 'computeInfer' | 'computeOutput', Counter<Label>>;
  private readonly requestSeconds: Histogram<Label>;
  private readonly queueSeconds: Histogram<Label>;
  private readonly computeSeconds: Histogram<Label>;

  constructor() {
    const registers = [this.registry];
    const counter = (name: string, help: string) => new Counter({ name, help, labelNames: LABELS, registers });
    const histogram = (name: string, help: string) =>
      new Histogram({ name, help, labelNames: LABELS, buckets: LATENCY_BUCKETS, registers });
    this.success = counter('nv_inference_request_success', 'Number of successful inference requests, all batch sizes');
    this.failure = counter('nv_inference_request_failure', 'Number of failed inference requests, all batch sizes');
    this.inferences = counter('nv_inference_count', 'Number of inferences performed (a batch of n counts n)');
    this.executions = counter('nv_inference_exec_count', 'Number of model executions performed');
    this.durationsUs = {
      request: counter('nv_inference_request_duration_us', 'Cumulative inference request duration in microseconds'),
      queue: counter('nv_inference_queue_duration_us', 'Cumulative inference queuing duration in microseconds'),
      computeInput: counter('nv_inference_compute_input_duration_us', 'Cumulative compute input duration in microseconds'),
      computeInfer: counter('nv_inference_compute_infer_duration_us', 'Cumulative compute inference duration in microseconds'),
      computeOutput: counter('nv_inference_compute_output_duration_us', 'Cumulative inference compute output duration in microseconds'),
    };
    this.requestSeconds = histogram('leaky_serve_inference_request_duration_seconds', 'Inference request duration, decoding and encoding included');
    this.queueSeconds = histogram('leaky_serve_inference_queue_duration_seconds', 'Time an inference request waited for the model');
    this.computeSeconds = histogram('leaky_serve_inference_compute_duration_seconds', 'Compute time: input preparation, execution, output extraction');
    collectDefaultMetrics({ register: this.registry });
  }

  recordSuccess(model: string, version: string, batchSize: number, requestNs: bigint, timings: InferTimings): void {
    const labels: Labels = { model, version };
    const computeNs = timings.computeInputNs + timings.computeInferNs + timings.computeOutputNs;
    this.success.inc(labels);
    this.inferences.inc(labels, batchSize);
    this.executions.inc(labels);
    this.durationsUs.request.inc(labels, micros(requestNs));
    this.durationsUs.queue.inc(labels, micros(timings.queueNs));
    this.durationsUs.computeInput.inc(labels, micros(timings.computeInputNs));
    this.durationsUs.computeInfer.inc(labels, micros(timings.computeInferNs));
    this.durationsUs.computeOutput.inc(labels, micros(timings.computeOutputNs));
    this.requestSeconds.observe(labels, Number(requestNs) / NS_PER_S);
    this.queueSeconds.observe(labels, Number(timings.queueNs) / NS_PER_S);
    this.computeSeconds.observe(labels, Number(computeNs) / NS_PER_S);
  }

  recordFailure(model: string, version: string): void {
    this.failure.inc({ model, version });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
