/**
 * Dead units: a hidden unit whose activation derivative is zero for every sample of a data set,
 * so no gradient reaches its weights from that data (the dying ReLU of Maas et al. 2013).
 * The derivative comes from the activation's own backward kernel with dy = 1.
 */
import type { Dataset } from './digits.js';
import type { Mlp } from './network.js';

export interface LayerUnits {
  units: number;
  /** Derivative zero on every sample. */
  dead: number;
  /** Pre-activation <= 0 on every sample: dead for ReLU, on the negative side for the others. */
  neverPositive: number;
}

export interface DeadUnitReport {
  layers: LayerUnits[];
  units: number;
  dead: number;
  deadFraction: number;
  neverPositive: number;
  neverPositiveFraction: number;
}

export function deadUnits(net: Mlp, data: Dataset): DeadUnitReport {
  const rows = data.count;
  net.forward(data.x, rows);
  const layers = net.activations.map((activation, k) => {
    const units = activation.units;
    const pre = net.preActivation(k, rows);
    const ones = new Float64Array(rows * units).fill(1);
    const derivative = new Float64Array(rows * units);
    activation.backward(pre, rows, ones, derivative, new Float64Array(activation.params.length));
    let dead = 0;
    let neverPositive = 0;
    for (let u = 0; u < units; u++) {
      let anyGradient = false;
      let anyPositive = false;
      for (let r = 0; r < rows; r++) {
        if (derivative[r * units + u] !== 0) anyGradient = true;
        if (pre[r * units + u] > 0) anyPositive = true;
      }
      if (!anyGradient) dead++;
      if (!anyPositive) neverPositive++;
    }
    return { units, dead, neverPositive };
  });
  const units = layers.reduce((s, l) => s + l.units, 0);
  const dead = layers.reduce((s, l) => s + l.dead, 0);
  const neverPositive = layers.reduce((s, l) => s + l.neverPositive, 0);
  return { layers, units, dead, deadFraction: dead / units, neverPositive, neverPositiveFraction: neverPositive / units };
}
