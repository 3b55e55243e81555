/**
 * Softmax over each row of logits, then the mean cross-entropy against integer labels:
 * loss = -(1/rows) sum_r log softmax(z_r)[y_r], and dloss/dz = (softmax(z) - onehot(y)) / rows.
 * The row max (seeded with -Infinity) is subtracted first, so large logits do not overflow.
 */
export function softmaxRows(logits: Float64Array, rows: number, classes: number, probs: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const start = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[start + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[start + c] - max);
      probs[start + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) probs[start + c] /= sum;
  }
}

/** Returns the mean loss; writes dloss/dlogits into `dLogits` when given. */
export function softmaxCrossEntropy(
  logits: Float64Array,
  rows: number,
  classes: number,
  labels: Int32Array,
  dLogits?: Float64Array,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const start = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[start + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[start + c] - max);
    const logSum = Math.log(sum) + max;
    total += logSum - logits[start + labels[r]];
    if (dLogits !== undefined) {
      for (let c = 0; c < classes; c++) {
        dLogits[start + c] = (Math.exp(logits[start + c] - logSum) - (c === labels[r] ? 1 : 0)) / rows;
      }
    }
  }
  return total / rows;
}

/** Index of each row's largest value (the first on ties). */
export function argmaxRows(values: ArrayLike<number>, rows: number, classes: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (values[r * classes + c] > values[r * classes + best]) best = c;
    out[r] = best;
  }
  return out;
}
