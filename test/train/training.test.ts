import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../src/train/activation.js';
import { digitsSplit, subset } from '../../src/train/digits.js';
import { evaluate } from '../../src/train/trainer.js';
import { createTwin, trainTwin, type TwinOptions } from '../../src/train/twin.js';
import { DIGITS } from './helpers.js';

const split = digitsSplit();
/** A small slice keeps each run well under a second. */
const SLICE = {
  train: subset(DIGITS, split.train.slice(0, 300)),
  validation: subset(DIGITS, split.validation.slice(0, 100)),
  test: subset(DIGITS, split.test.slice(0, 100)),
};
// A larger step than the shipped run (1e-3) so that 50 updates show clear progress.
const FEW_EPOCHS: TwinOptions = { epochs: 5, batchSize: 32, learningRate: 1e-2, seed: 7 };
const CHANCE = 1 / 10;

describe.each(ACTIVATIONS)('training the %s twin', (activation) => {
  it('a few epochs on a small slice lower the loss and beat chance', () => {
    const before = evaluate(createTwin(activation, FEW_EPOCHS.seed), SLICE.validation);
    const result = trainTwin(activation, SLICE, FEW_EPOCHS);
    expect(result.history).toHaveLength(FEW_EPOCHS.epochs);
    expect(result.history[FEW_EPOCHS.epochs - 1].trainLoss).toBeLessThan(result.history[0].trainLoss);
    expect(result.validation.loss).toBeLessThan(before.loss / 2);
    expect(result.test.accuracy).toBeGreaterThan(5 * CHANCE);
  });
});

describe('reproducibility', () => {
  const weights = (seed: number): Float64Array[] =>
    trainTwin('prelu', SLICE, { ...FEW_EPOCHS, epochs: 2, seed }).net.parameters().map((p) => p.data);

  it('the same seed gives bit-identical weights (PRelu slopes included)', () => {
    const first = weights(11);
    const second = weights(11);
    expect(first.map((p) => p.length)).toEqual([64 * 64, 64, 64, 64 * 32, 32, 32, 32 * 10, 10]);
    first.forEach((p, k) => expect(Buffer.from(p.buffer).equals(Buffer.from(second[k].buffer))).toBe(true));
  });

  it('a different seed gives different weights', () => {
    expect(weights(11)[0]).not.toEqual(weights(12)[0]);
  });
});
