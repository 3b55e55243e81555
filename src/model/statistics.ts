/**
 * Per model version counters in the shape of Triton's statistics extension
 * (docs/protocol/extension_statistics.md): counts and cumulative nanoseconds.
 */

export interface StatDuration {
  count: number;
  ns: number;
}

/** One request's phases, from process.hrtime.bigint(). */
export interface InferTimings {
  /** From the call to the start of compute: lookup and validation (there is no scheduler queue). */
  queueNs: bigint;
  /** Arranging the inputs in graph order as views of the datatype's storage. */
  computeInputNs: bigint;
  /** The backend's run, which includes wrapping the tensors for it and unwrapping its outputs. */
  computeInferNs: bigint;
  /** Checking the outputs the backend returned. */
  computeOutputNs: bigint;
}

export interface ModelStatistics {
  name: string;
  version: string;
  /** Milliseconds since the epoch of the last inference; 0 before the first. */
  last_inference: number;
  /** Inferences performed, a batch of n counting n. */
  inference_count: number;
  /** Model executions: one per successful request, as there is no dynamic batcher. */
  execution_count: number;
  inference_stats: {
    success: StatDuration;
    fail: StatDuration;
    queue: StatDuration;
    compute_input: StatDuration;
    compute_infer: StatDuration;
    compute_output: StatDuration;
  };
  /** Per batch-size execution stats; empty, as Triton reports without a dynamic batcher. */
  batch_stats: never[];
}

/** A bigint accumulator; JSON gets a number, exact below 2^53 ns (104 days of compute). */
class Duration {
  count = 0;
  ns = 0n;

  add(ns: bigint): void {
    this.count += 1;
    this.ns += ns;
  }

  toJSON(): StatDuration {
    return { count: this.count, ns: Number(this.ns) };
  }
}

export class StatsRecorder {
  private lastInference = 0;
  private inferenceCount = 0;
  private executionCount = 0;
  private readonly success = new Duration();
  private readonly fail = new Duration();
  private readonly queue = new Duration();
  private readonly computeInput = new Duration();
  private readonly computeInfer = new Duration();
  private readonly computeOutput = new Duration();

  constructor(
    readonly name: string,
    readonly version: string,
  ) {}

  recordSuccess(batchSize: number, totalNs: bigint, timings: InferTimings): void {
    this.lastInference = Date.now();
    this.inferenceCount += batchSize;
    this.executionCount += 1;
    this.success.add(totalNs);
    this.queue.add(timings.queueNs);
    this.computeInput.add(timings.computeInputNs);
    this.computeInfer.add(timings.computeInferNs);
    this.computeOutput.add(timings.computeOutputNs);
  }

  recordFailure(totalNs: bigint): void {
    this.lastInference = Date.now();
    this.fail.add(totalNs);
  }

  snapshot(): ModelStatistics {
    return {
      name: this.name,
      version: this.version,
      last_inference: this.lastInference,
      inference_count: this.inferenceCount,
      execution_count: this.executionCount,
      inference_stats: {
        success: this.success.toJSON(),
        fail: this.fail.toJSON(),
        queue: this.queue.toJSON(),
        compute_input: this.computeInput.toJSON(),
        compute_infer: this.computeInfer.toJSON(),
        compute_output: this.computeOutput.toJSON(),
      },
      batch_stats: [],
    };
  }
}
