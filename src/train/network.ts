/**
 * The one architecture: x * (1/16) -> [Dense -> activation] per hidden layer -> Dense -> softmax.
 * The input scale is part of the network (and of the ONNX graph), so clients send raw counts.
 */
import { createActivation, type Activation, type ActivationName } from './activation.js';
import { createDense, denseBackward, denseForward, type Dense } from './dense.js';
import { initDense } from './init.js';
import type { Rng } from './rng.js';

export interface MlpSpec {
  /** Layer widths from input to classes, e.g. [64, 64, 32, 10]. */
  sizes: readonly number[];
  activation: ActivationName;
  /** Multiplies the raw input first. */
  inputScale: number;
}

/** One named parameter array, as the optimiser, the exporter and the tests see it. */
export interface Parameter {
  name: string;
  data: Float64Array;
}

/** What a forward pass keeps for the backward pass, sized for one batch size. */
interface Trace {
  rows: number;
  /** inputs[k]: the input of dense layer k (inputs[0] is the scaled batch). */
  inputs: Float64Array[];
  /** pre[k]: the output of dense layer k, before the activation (the logits for the last). */
  pre: Float64Array[];
  /** Gradient buffers, one per dense output and per dense input. */
  dPre: Float64Array[];
  dInputs: Float64Array[];
}

export class Mlp {
  readonly dense: Dense[];
  readonly activations: Activation[];
  private readonly traces = new Map<number, Trace>();

  constructor(readonly spec: MlpSpec) {
    const { sizes } = spec;
    if (sizes.length < 2) throw new RangeError('Mlp: needs at least an input and an output size');
    this.dense = sizes.slice(1).map((out, k) => createDense(sizes[k], out));
    this.activations = sizes.slice(1, -1).map((units) => createActivation(spec.activation, units));
  }

  get inputs(): number {
    return this.spec.sizes[0];
  }

  get classes(): number {
    return this.spec.sizes[this.spec.sizes.length - 1];
  }

  /** Hidden layers by the activation's scheme, the output layer LeCun normal (it feeds a softmax). */
  initialize(rng: Rng): void {
    this.dense.forEach((layer, k) => {
      const scheme = k < this.activations.length ? this.activations[k].init : 'lecun';
      initDense(layer, scheme, rng);
    });
  }

  /** Every learnable array, in a fixed order: w1, b1, [slope1], w2, b2, [slope2], ..., wN, bN. */
  parameters(): Parameter[] {
    const params: Parameter[] = [];
    this.dense.forEach((layer, k) => {
      params.push({ name: `w${k + 1}`, data: layer.weight }, { name: `b${k + 1}`, data: layer.bias });
      const activation = this.activations[k] as Activation | undefined;
      if (activation !== undefined && activation.params.length > 0) {
        params.push({ name: `slope${k + 1}`, data: activation.params });
      }
    });
    return params;
  }

  /** Logits for `rows` samples of raw input; the returned array is reused by the next call. */
  forward(x: Float64Array, rows: number): Float64Array {
    const trace = this.trace(rows);
    const scaled = trace.inputs[0];
    for (let i = 0; i < rows * this.inputs; i++) scaled[i] = x[i] * this.spec.inputScale;
    this.dense.forEach((layer, k) => {
      denseForward(layer, trace.inputs[k], rows, trace.pre[k]);
      if (k < this.activations.length) this.activations[k].forward(trace.pre[k], rows, trace.inputs[k + 1]);
    });
    return trace.pre[this.dense.length - 1];
  }

  /** Pre-activations of hidden layer k from the last forward pass over `rows` samples. */
  preActivation(k: number, rows: number): Float64Array {
    return this.trace(rows).pre[k];
  }

  /**
   * Gradients of the loss for the last forward pass over `rows` samples, given dloss/dlogits,
   * into `grads` (same order and sizes as parameters()).
   */
  backward(rows: number, dLogits: Float64Array, grads: Float64Array[]): void {
    const trace = this.trace(rows);
    let g = grads.length;
    let dOut = dLogits;
    for (let k = this.dense.length - 1; k >= 0; k--) {
      if (k < this.activations.length) {
        const activation = this.activations[k];
        const dSlope = activation.params.length > 0 ? grads[--g] : activation.params;
        activation.backward(trace.pre[k], rows, dOut, trace.dPre[k], dSlope);
        dOut = trace.dPre[k];
      }
      const dBias = grads[--g];
      const dWeight = grads[--g];
      denseBackward(this.dense[k], trace.inputs[k], rows, dOut, dWeight, dBias, k > 0 ? trace.dInputs[k] : undefined);
      dOut = trace.dInputs[k];
    }
  }

  /** A zeroed gradient array per parameter. */
  gradientBuffers(): Float64Array[] {
    return this.parameters().map((p) => new Float64Array(p.data.length));
  }

  private trace(rows: number): Trace {
    let trace = this.traces.get(rows);
    if (trace === undefined) {
      const { sizes } = this.spec;
      const buffers = (widths: readonly number[]): Float64Array[] => widths.map((w) => new Float64Array(rows * w));
      trace = {
        rows,
        inputs: buffers(sizes.slice(0, -1)),
        pre: buffers(sizes.slice(1)),
        dPre: buffers(sizes.slice(1)),
        dInputs: buffers(sizes.slice(0, -1)),
      };
      this.traces.set(rows, trace);
    }
    return trace;
  }
}
