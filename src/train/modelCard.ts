/**
 * The model card (README.md in each model folder) and config.json for a trained twin, written
 * from measured numbers only.
 */
import { DIGITS_CLASSES, DIGITS_SPLIT } from './digits.js';
import { DIGITS_INPUT, DIGITS_OUTPUT } from './exportOnnx.js';
import type { TwinOptions, TwinResult } from './twin.js';

export const DIGITS_MAX_BATCH_SIZE = 256;
export const TRAINING_CURVE_FILE = 'training_curve.svg';

export function modelName(result: Pick<TwinResult, 'activation'>): string {
  return `digits_${result.activation}`;
}

export function modelConfig(): object {
  return {
    backend: 'onnxruntime',
    max_batch_size: DIGITS_MAX_BATCH_SIZE,
    input: [{ name: DIGITS_INPUT, datatype: 'FP32', dims: [64] }],
    output: [{ name: DIGITS_OUTPUT, datatype: 'FP32', dims: [DIGITS_CLASSES] }],
    labels: Array.from({ length: DIGITS_CLASSES }, (_, i) => String(i)),
  };
}

export function percent(fraction: number, digits = 1): string {
  return `${(100 * fraction).toFixed(digits)}%`;
}

export function deadSummary(result: TwinResult): string {
  return `${result.dead.dead}/${result.dead.units} (${percent(result.dead.deadFraction)})`;
}

export function slopeRange(result: TwinResult): string {
  if (result.slopes.length === 0) return '-';
  const min = Math.min(...result.slopes.map((s) => s.min));
  const max = Math.max(...result.slopes.map((s) => s.max));
  return `${min.toFixed(3)} to ${max.toFixed(3)}`;
}

/** The metadata_props stored in the ONNX file (all strings). */
export function modelMetadata(result: TwinResult, options: TwinOptions): Record<string, string> {
  return {
    producer: 'leaky-serve npm run train (scripts/train.ts)',
    activation: result.net.activations[0].description,
    dataset: `UCI optical recognition of handwritten digits (8x8), data/digits; split seed ${DIGITS_SPLIT.seed}`,
    architecture: `${result.net.spec.sizes.join('-')} MLP, input x/16`,
    test_accuracy: result.test.accuracy.toFixed(4),
    test_correct: String(result.test.correct),
    test_samples: String(result.test.count),
    validation_accuracy: result.validation.accuracy.toFixed(4),
    dead_units_test: `${result.dead.dead}/${result.dead.units}`,
    seed: String(options.seed),
    epochs: `${options.epochs} (kept ${result.bestEpoch})`,
  };
}

function layerTable(rows: { name: string; result: TwinResult }[]): string {
  const lines = ['| twin | layer | units | dead (derivative 0 on every test sample) | never positive on the test set |', '|---|---|---|---|---|'];
  for (const { name, result } of rows) {
    result.dead.layers.forEach((layer, k) => {
      lines.push(`| ${name} | hidden ${k + 1} | ${layer.units} | ${layer.dead} | ${layer.neverPositive} |`);
    });
    lines.push(`| ${name} | all | ${result.dead.units} | **${deadSummary(result)}** | ${result.dead.neverPositive} |`);
  }
  return lines.join('\n');
}

function slopeSection(result: TwinResult): string {
  if (result.slopes.length === 0) return '';
  const lines = [
    '## Learned PReLU slopes',
    '',
    'One slope per hidden unit (the ONNX PRelu slope has shape [units] and broadcasts over the batch),',
    'initialised at 0.25 as He et al. (2015) do, trained with the weights (no weight decay on slopes).',
    '',
    '| layer | units | min | median | max | negative slopes |',
    '|---|---|---|---|---|---|',
    ...result.slopes.map((s) => `| hidden ${s.layer} | ${s.values.length} | ${s.min.toFixed(3)} | ${s.median.toFixed(3)} | ${s.max.toFixed(3)} | ${s.negative} |`),
    '',
    result.slopes.map((s) => `Hidden ${s.layer}, in unit order: ${s.values.map((v) => v.toFixed(2)).join(', ')}.`).join('\n\n'),
    '',
    '',
  ];
  return lines.join('\n');
}

export function modelCard(result: TwinResult, relu: TwinResult | undefined, options: TwinOptions): string {
  const name = modelName(result);
  const activation = result.net.activations[0];
  const sizes = result.net.spec.sizes;
  const init = activation.init === 'he'
    ? 'He normal, N(0, 2/fan_in) (He et al. 2015)'
    : 'LeCun normal, N(0, 1/fan_in), as Klambauer et al. (2017) prescribe for SELU';
  const comparison = relu === undefined || relu === result ? [{ name, result }] : [{ name, result }, { name: modelName(relu), result: relu }];
  return `# ${name}

A small classifier of 8x8 handwritten digits with **${activation.description}** after each
hidden layer, trained by \`npm run train\` (scripts/train.ts) on this project's own kernels. It
is one of five twins (digits_relu, digits_leaky_relu, digits_prelu, digits_elu, digits_selu)
that differ only in the activation (and, for SELU, the initialisation it needs).

**Test accuracy: ${percent(result.test.accuracy, 2)} (${result.test.correct}/${result.test.count})**; validation
${percent(result.validation.accuracy, 2)} (${result.validation.correct}/${result.validation.count}).

## Serving

Input \`${DIGITS_INPUT}\`: FP32 [-1, 64], the raw pixel counts 0-16 row by row as the data set stores
them (the graph divides by 16 itself). Output \`${DIGITS_OUTPUT}\`: FP32 [-1, 10], softmax over the
labels "0".."9". Batches up to ${DIGITS_MAX_BATCH_SIZE}.

## Data set and split

UCI optical recognition of handwritten digits (Alpaydin & Kaynak 1998, CC BY 4.0), the 1,797-image
8x8 version scikit-learn ships, committed in \`data/digits/\` (see its README for the licence).
Fixed split: seeded shuffle (seed ${DIGITS_SPLIT.seed}) into ${DIGITS_SPLIT.train} train /
${DIGITS_SPLIT.validation} validation / ${DIGITS_SPLIT.test} test images; the indices are in
\`data/digits/split.json\`. The test set was used only for the numbers below.

## Architecture and training

- ${sizes.join(' → ')}: Mul(1/16) → ${sizes
    .slice(1)
    .map((units, k) => (k < sizes.length - 2 ? `Gemm(${units}) → ${activation.description.split('(')[0]}` : `Gemm(${units}) → Softmax`))
    .join(' → ')}; ${result.net.parameters().reduce((n, p) => n + p.data.length, 0)} parameters, float32 in the ONNX file (opset 13).
- Hidden weights: ${init}; output layer LeCun normal; biases 0.
- Adam (lr ${options.learningRate}, betas 0.9/0.999), batch ${options.batchSize}, ${options.epochs} epochs,
  softmax cross-entropy, no regularisation. Kept the weights of epoch ${result.bestEpoch}, the lowest
  validation loss. Seed ${options.seed} (initialisation) and ${options.seed + 1} (shuffles):
  rerunning the script gives the same weights.
- Computed in float64 through src/kernels (forward and backward); the accuracies above are of the
  float32-rounded weights.

![training curve: loss and validation accuracy per epoch](${TRAINING_CURVE_FILE})

## Dead units on the test set${relu === undefined || relu === result ? '' : ', compared with the ReLU twin'}

A unit is dead when its activation derivative is zero for every one of the ${result.test.count} test images (so
those images send no gradient to its weights). "Never positive" counts units whose input is <= 0
on every test image: dead under ReLU, still passing a gradient under the others.

${layerTable(comparison)}

${slopeSection(result)}## Caveats

One training run, one seed. On ${result.test.count} test images one image is ${percent(1 / result.test.count, 2)}, and the
binomial standard error at this accuracy is about ${percent(Math.sqrt((result.test.accuracy * (1 - result.test.accuracy)) / result.test.count), 1)}:
differences of a few images between the twins are within noise. A demo model, not a benchmark.
`;
}
