/**
 * Mini-batch training with Adam: a seeded shuffle per epoch, fixed iteration order, and the
 * weights of the epoch with the lowest validation loss kept at the end. Deterministic: the same
 * data, spec and seed give the same weights bit for bit.
 */
import { Adam } from './adam.js';
import type { Dataset } from './digits.js';
import type { Mlp } from './network.js';
import { Rng } from './rng.js';
import { argmaxRows, softmaxCrossEntropy } from './softmaxCrossEntropy.js';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seeds the per-epoch shuffles (initialisation is seeded separately, by the caller). */
  seed: number;
  /** Called after each epoch, e.g. to print a progress line. */
  onEpoch?: (record: EpochRecord) => void;
}

export interface EpochRecord {
  epoch: number;
  /** Mean of the mini-batch losses over the epoch (weights moving meanwhile). */
  trainLoss: number;
  validationLoss: number;
  validationAccuracy: number;
}

export interface TrainResult {
  history: EpochRecord[];
  /** The epoch whose weights were kept (lowest validation loss, earliest on ties). */
  bestEpoch: number;
}

export interface Evaluation {
  loss: number;
  correct: number;
  count: number;
  accuracy: number;
  predictions: Int32Array;
}

/** Loss and accuracy over a whole data set in one forward pass. */
export function evaluate(net: Mlp, data: Dataset): Evaluation {
  const logits = net.forward(data.x, data.count);
  const loss = softmaxCrossEntropy(logits, data.count, net.classes, data.y);
  const predictions = argmaxRows(logits, data.count, net.classes);
  let correct = 0;
  for (let i = 0; i < data.count; i++) if (predictions[i] === data.y[i]) correct++;
  return { loss, correct, count: data.count, accuracy: correct / data.count, predictions };
}

export function train(net: Mlp, trainSet: Dataset, validation: Dataset, options: TrainOptions): TrainResult {
  const { epochs, batchSize, learningRate } = options;
  const params = net.parameters().map((p) => p.data);
  const grads = net.gradientBuffers();
  const optimizer = new Adam(params, { learningRate });
  const rng = new Rng(options.seed);
  const order = Int32Array.from({ length: trainSet.count }, (_, i) => i);
  const features = trainSet.features;
  const batchX = new Float64Array(batchSize * features);
  const batchY = new Int32Array(batchSize);
  const dLogits = new Float64Array(batchSize * net.classes);
  const best = params.map((p) => Float64Array.from(p));
  let bestLoss = Infinity;
  let bestEpoch = 0;
  const history: EpochRecord[] = [];

  for (let epoch = 1; epoch <= epochs; epoch++) {
    rng.shuffle(order);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < trainSet.count; start += batchSize) {
      const rows = Math.min(batchSize, trainSet.count - start);
      for (let r = 0; r < rows; r++) {
        const row = order[start + r];
        batchX.set(trainSet.x.subarray(row * features, (row + 1) * features), r * features);
        batchY[r] = trainSet.y[row];
      }
      const logits = net.forward(batchX, rows);
      lossSum += softmaxCrossEntropy(logits, rows, net.classes, batchY, dLogits);
      net.backward(rows, dLogits, grads);
      optimizer.update(grads);
      batches++;
    }
    const result = evaluate(net, validation);
    const record = { epoch, trainLoss: lossSum / batches, validationLoss: result.loss, validationAccuracy: result.accuracy };
    history.push(record);
    options.onEpoch?.(record);
    if (result.loss < bestLoss) {
      bestLoss = result.loss;
      bestEpoch = epoch;
      params.forEach((p, k) => best[k].set(p));
    }
  }
  params.forEach((p, k) => p.set(best[k]));
  return { history, bestEpoch };
}

/**
 * Rounds every parameter to float32 in place, so the float64 evaluation that follows measures
 * the weights the ONNX file stores.
 */
export function roundToFloat32(net: Mlp): void {
  for (const { data } of net.parameters()) {
    for (let i = 0; i < data.length; i++) data[i] = Math.fround(data[i]);
  }
}
