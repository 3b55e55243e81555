/**
 * The fixture models computed here in float64 from their weights (scripts/fixtures/buildModels.ts),
 * independently of onnxruntime, for comparing with what the server answers.
 */
import { CONV, MLP, mlpWeights, preluConvWeights } from '../../../scripts/fixtures/buildModels.js';

/** float32 inference against a float64 reference: a few float32 ulps of values near 1. */
export const FP32_TOLERANCE = 1e-5;

/** fixture_mlp_leaky: softmax(leakyRelu(x W1 + b1, 0.1) W2 + b2), one row of 4 features at a time. */
export function mlpReference(row: readonly number[]): number[] {
  const { w1, b1, w2, b2 } = mlpWeights();
  const hidden = Array.from({ length: MLP.hidden }, (_, j) => {
    let h = b1[j];
    for (let i = 0; i < MLP.inputs; i++) h += row[i] * w1[i * MLP.hidden + j];
    return h >= 0 ? h : MLP.alpha * h;
  });
  const logits = Array.from({ length: MLP.classes }, (_, k) => {
    let z = b2[k];
    for (let j = 0; j < MLP.hidden; j++) z += hidden[j] * w2[j * MLP.classes + k];
    return z;
  });
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** fixture_prelu_conv: mean over positions of PRelu(conv3x3(x) + b) per channel; x is 6x6. */
export function preluConvReference(image: readonly number[]): number[] {
  const { w, b, slope } = preluConvWeights();
  const { channels, kernel, size } = CONV;
  const out = size - kernel + 1;
  return Array.from({ length: channels }, (_, c) => {
    let total = 0;
    for (let y = 0; y < out; y++) {
      for (let x = 0; x < out; x++) {
        let v = b[c];
        for (let ky = 0; ky < kernel; ky++) {
          for (let kx = 0; kx < kernel; kx++) v += image[(y + ky) * size + x + kx] * w[c * kernel * kernel + ky * kernel + kx];
        }
        total += v >= 0 ? v : slope[c] * v;
      }
    }
    return total / (out * out);
  });
}

export function expectClose(actual: readonly number[], expected: readonly number[], tolerance = FP32_TOLERANCE): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length}, expected ${expected.length}`);
  const worst = actual.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
  if (!(worst <= tolerance)) throw new Error(`off by ${worst} (> ${tolerance}): ${actual} vs ${expected}`);
}
