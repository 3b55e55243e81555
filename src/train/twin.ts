/**
 * One twin: the shared architecture with one activation, trained, measured and ready to export.
 * Everything here is a function of (data, activation, options), so runs reproduce.
 */
import type { ActivationName } from './activation.js';
import { deadUnits, type DeadUnitReport } from './deadUnits.js';
import { DIGITS_CLASSES, DIGITS_FEATURES, DIGITS_MAX_COUNT, type Dataset } from './digits.js';
import { Mlp } from './network.js';
import { Rng } from './rng.js';
import { evaluate, roundToFloat32, train, type EpochRecord, type Evaluation } from './trainer.js';

export const DIGITS_ARCHITECTURE = [DIGITS_FEATURES, 64, 32, DIGITS_CLASSES] as const;

export interface TwinOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Initialisation uses Rng(seed), the epoch shuffles Rng(seed + 1): the same for every twin. */
  seed: number;
  onEpoch?: (record: EpochRecord) => void;
}

export const DEFAULT_TWIN_OPTIONS: Omit<TwinOptions, 'onEpoch'> = { epochs: 100, batchSize: 32, learningRate: 1e-3, seed: 2015 };

export interface SlopeSummary {
  layer: number;
  min: number;
  median: number;
  max: number;
  negative: number;
  values: number[];
}

export interface TwinResult {
  net: Mlp;
  activation: ActivationName;
  history: EpochRecord[];
  bestEpoch: number;
  validation: Evaluation;
  test: Evaluation;
  dead: DeadUnitReport;
  slopes: SlopeSummary[];
}

export function createTwin(activation: ActivationName, seed: number): Mlp {
  const net = new Mlp({ sizes: DIGITS_ARCHITECTURE, activation, inputScale: 1 / DIGITS_MAX_COUNT });
  net.initialize(new Rng(seed));
  return net;
}

export function trainTwin(
  activation: ActivationName,
  data: { train: Dataset; validation: Dataset; test: Dataset },
  options: TwinOptions,
): TwinResult {
  const net = createTwin(activation, options.seed);
  const { history, bestEpoch } = train(net, data.train, data.validation, { ...options, seed: options.seed + 1 });
  // Measure what is exported: float32 weights (evaluated in float64).
  roundToFloat32(net);
  return {
    net,
    activation,
    history,
    bestEpoch,
    validation: evaluate(net, data.validation),
    test: evaluate(net, data.test),
    dead: deadUnits(net, data.test),
    slopes: slopeSummaries(net),
  };
}

function slopeSummaries(net: Mlp): SlopeSummary[] {
  return net.activations
    .map((a, k) => ({ layer: k + 1, values: Array.from(a.params) }))
    .filter(({ values }) => values.length > 0)
    .map(({ layer, values }) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return {
        layer,
        min: sorted[0],
        median: sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
        max: sorted[sorted.length - 1],
        negative: values.filter((v) => v < 0).length,
        values,
      };
    });
}
