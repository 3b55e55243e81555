/**
 * The model the serving benchmark serves: a small classifier MLP, 64-128-64-10, with LeakyRelu
 * and PRelu activations and a Softmax head, fixed seeded weights. Written at bench time into a
 * temporary Triton-layout repository (`<dir>/bench_mlp/1/model.onnx` and its config.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel } from '../src/onnx/modelBuilder.js';
import { randomData } from './data.js';

export const SERVING_MODEL = 'bench_mlp';
export const MLP_LAYERS = [64, 128, 64, 10] as const;
export const MLP_INPUT = 'x';
export const MLP_OUTPUT = 'probs';
const [IN, H1, H2, OUT] = MLP_LAYERS;
export const FEATURES = IN;
export const CLASSES = OUT;
export const MAX_BATCH_SIZE = 256;
const LEAKY_ALPHA = 0.01;
const OPSET = 13;

/** Uniform in [-1, 1) / sqrt(fanIn) (Glorot-like scale: activations neither vanish nor blow up). */
function weights(fanIn: number, count: number, seed: number): Float32Array {
  const scale = 1 / (3 * Math.sqrt(fanIn));
  return randomData(count, seed).map((v) => v * scale);
}

export function mlpDescription(): string {
  return `${MLP_LAYERS.join('-')} MLP (Gemm, LeakyRelu a=${LEAKY_ALPHA}, Gemm, PRelu [${H2}], Gemm, Softmax), FP32, opset ${OPSET}`;
}

export function servingMlp(): Uint8Array {
  // Learned PRelu slopes are small and positive; spread them over [0, 0.3).
  const slope = randomData(H2, 7).map((v) => (v + 3) * 0.05);
  return buildModel({
    opset: OPSET,
    producer: 'leaky-serve bench',
    graphName: SERVING_MODEL,
    inputs: [{ name: MLP_INPUT, elemType: 'FLOAT', shape: ['N', IN] }],
    outputs: [{ name: MLP_OUTPUT, elemType: 'FLOAT', shape: ['N', OUT] }],
    initializers: [
      { name: 'w1', dims: [IN, H1], data: weights(IN, IN * H1, 1) },
      { name: 'b1', dims: [H1], data: weights(IN, H1, 2) },
      { name: 'w2', dims: [H1, H2], data: weights(H1, H1 * H2, 3) },
      { name: 'b2', dims: [H2], data: weights(H1, H2, 4) },
      { name: 'slope', dims: [H2], data: slope },
      { name: 'w3', dims: [H2, OUT], data: weights(H2, H2 * OUT, 5) },
      { name: 'b3', dims: [OUT], data: weights(H2, OUT, 6) },
    ],
    nodes: [
      { opType: 'Gemm', inputs: [MLP_INPUT, 'w1', 'b1'], outputs: ['h1'] },
      { opType: 'LeakyRelu', inputs: ['h1'], outputs: ['a1'], attributes: { alpha: LEAKY_ALPHA } },
      { opType: 'Gemm', inputs: ['a1', 'w2', 'b2'], outputs: ['h2'] },
      { opType: 'PRelu', inputs: ['h2', 'slope'], outputs: ['a2'] },
      { opType: 'Gemm', inputs: ['a2', 'w3', 'b3'], outputs: ['logits'] },
      { opType: 'Softmax', inputs: ['logits'], outputs: [MLP_OUTPUT], attributes: { axis: { int: 1 } } },
    ],
  });
}

/** Writes the repository; returns the model file's path. */
export function writeServingRepository(root: string): string {
  const folder = join(root, SERVING_MODEL);
  mkdirSync(join(folder, '1'), { recursive: true });
  const file = join(folder, '1', 'model.onnx');
  writeFileSync(file, servingMlp());
  writeFileSync(join(folder, 'config.json'), `${JSON.stringify({ max_batch_size: MAX_BATCH_SIZE })}\n`);
  return file;
}
