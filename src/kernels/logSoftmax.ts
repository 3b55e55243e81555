/**
 * LogSoftmax: y = x - max - log(sum(exp(x - max))) along an axis.
 * https://onnx.ai/onnx/operators/onnx__LogSoftmax.html
 *
 * Same axis rules as Softmax (./softmax.ts): one axis from opset 13, 2-D coercion before.
 * Never takes the log of a rounded softmax, so tiny probabilities keep their exact logs.
 * A NaN in a row makes the row NaN. Works in place (`out === x`).
 */
import { fastExp } from './fastExpm1.js';
import type { OpFactory } from './op.js';
import { createAxisKernel, softmaxScratch, type SoftmaxLayout } from './softmax.js';

export function logSoftmax(x: Float32Array, out: Float32Array, { outer, length, inner }: SoftmaxLayout): void {
  const [maxes, logSums] = softmaxScratch(inner);
  const block = length * inner;
  for (let base = 0; base < outer * block; base += block) {
    maxes.fill(-Infinity, 0, inner);
    logSums.fill(0, 0, inner);
    for (let row = base; row < base + block; row += inner) {
      for (let k = 0; k < inner; k++) {
        const v = x[row + k];
        if (v > maxes[k]) maxes[k] = v;
      }
    }
    for (let row = base; row < base + block; row += inner) {
      for (let k = 0; k < inner; k++) logSums[k] += fastExp(x[row + k] - maxes[k]);
    }
    for (let k = 0; k < inner; k++) logSums[k] = Math.log(logSums[k]);
    for (let row = base; row < base + block; row += inner) {
      for (let k = 0; k < inner; k++) out[row + k] = x[row + k] - maxes[k] - logSums[k];
    }
  }
}

export const createLogSoftmax: OpFactory = (node) => createAxisKernel(node, logSoftmax);
