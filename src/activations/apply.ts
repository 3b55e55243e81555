/**
 * Runs one activation request: forward, and on demand the backward pass and the diagnostics.
 * Inputs arrive already parsed into typed arrays; this layer knows nothing of HTTP.
 */
import { prelu, preluBackward } from '../kernels/prelu.js';
import type { FloatArray } from '../kernels/types.js';
import type { Activation, Parameters } from './catalog.js';
import type { SlopeTensor } from './slope.js';
import { activationStats, type ActivationStats } from './stats.js';

export interface ApplyInput {
  activation: Activation;
  x: FloatArray;
  shape: readonly number[];
  parameters: Parameters;
  /** prelu only. */
  slope?: SlopeTensor;
  /** Upstream gradient; ones when absent. */
  dy?: FloatArray;
  gradient: boolean;
  stats: boolean;
  /** Where the output goes (a view on a reply being built); a new array or x itself otherwise. */
  output?: FloatArray;
}

export interface ApplyResult {
  output: FloatArray;
  gradInput?: FloatArray;
  gradSlope?: SlopeTensor;
  stats?: ActivationStats;
}

function like(x: FloatArray): FloatArray {
  return x instanceof Float64Array ? new Float64Array(x.length) : new Float32Array(x.length);
}

function ones(x: FloatArray): FloatArray {
  return like(x).fill(1);
}

export function applyActivation(req: ApplyInput): ApplyResult {
  const { activation, x, shape, parameters, slope } = req;
  const needX = req.gradient || req.stats;
  // Without a backward pass x is not needed afterwards, so the kernel writes over it.
  const output = req.output ?? (needX ? like(x) : x);
  const backward = (dy: FloatArray): { dx: FloatArray; dslope?: FloatArray } => {
    const dx = like(x);
    if (slope) {
      const dslope = like(slope.data);
      preluBackward(x, shape, slope.data, slope.shape, dy, dx, dslope);
      return { dx, dslope };
    }
    activation.backward!(x, dy, parameters, dx);
    return { dx };
  };

  if (slope) prelu(x, shape, slope.data, slope.shape, output);
  else activation.forward!(x, parameters, output);

  const result: ApplyResult = { output };
  let derivative: FloatArray | undefined;
  if (req.gradient) {
    const { dx, dslope } = backward(req.dy ?? ones(x));
    result.gradInput = dx;
    if (slope && dslope) result.gradSlope = { data: dslope, shape: slope.shape };
    if (!req.dy) derivative = dx;
  }
  if (req.stats) {
    derivative ??= backward(ones(x)).dx;
    result.stats = activationStats(x, output, derivative, shape);
  }
  return result;
}
