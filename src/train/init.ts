import type { InitScheme } from './activation.js';
import type { Dense } from './dense.js';
import type { Rng } from './rng.js';

/**
 * Weights ~ N(0, gain / fan_in), biases 0. gain 2 is He et al. 2015 (rectifiers: half the
 * units pass, so the variance is doubled back); gain 1 is LeCun normal (SELU, Klambauer et al.
 * 2017, and the linear layer into the softmax). Every twin draws the same standard normals in
 * the same order, so twins with the same scheme start from identical weights.
 */
export function initDense(layer: Dense, scheme: InitScheme, rng: Rng): void {
  const gain = scheme === 'he' ? 2 : 1;
  const std = Math.sqrt(gain / layer.inputs);
  for (let i = 0; i < layer.weight.length; i++) layer.weight[i] = std * rng.normal();
  layer.bias.fill(0);
}
