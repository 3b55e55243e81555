/**
 * Dying-ReLU diagnostics. A unit (an index along axis 1: a neuron of a dense layer, a channel of
 * a convolution) is dead for this batch when the activation's derivative f'(x) is zero at every
 * sample and position that belongs to it: no gradient can flow through it to change it.
 */
import type { FloatArray } from '../kernels/types.js';

export interface ActivationStats {
  negative_input_fraction: number;
  zero_output_fraction: number;
  zero_gradient_fraction: number;
  units: number;
  dead_units: number[];
  dead_unit_fraction: number;
}

/** `derivative` holds f'(x) elementwise (the backward pass with dy = 1). */
export function activationStats(
  x: FloatArray,
  y: FloatArray,
  derivative: FloatArray,
  shape: readonly number[],
): ActivationStats {
  const n = x.length;
  let negative = 0;
  let zeroOut = 0;
  let zeroGrad = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] < 0) negative++;
    if (y[i] === 0) zeroOut++;
    if (derivative[i] === 0) zeroGrad++;
  }
  const units = shape.length >= 2 ? shape[1] : 0;
  const dead: number[] = [];
  if (units > 0 && n > 0) {
    const inner = n / (shape[0] * units);
    const alive = new Uint8Array(units);
    for (let i = 0; i < n; i++) {
      if (derivative[i] !== 0) alive[Math.floor(i / inner) % units] = 1;
    }
    for (let u = 0; u < units; u++) if (alive[u] === 0) dead.push(u);
  }
  const fraction = (count: number, total: number): number => (total === 0 ? 0 : count / total);
  return {
    negative_input_fraction: fraction(negative, n),
    zero_output_fraction: fraction(zeroOut, n),
    zero_gradient_fraction: fraction(zeroGrad, n),
    units,
    dead_units: n > 0 ? dead : [],
    dead_unit_fraction: n > 0 ? fraction(dead.length, units) : 0,
  };
}
