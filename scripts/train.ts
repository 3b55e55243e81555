/**
 * `npm run train`: trains the five digit-classifier twins (ReLU, LeakyRelu, PRelu, Elu, Selu) on
 * the committed UCI digits, measures them, and writes each to models/digits_<activation>/:
 * 1/model.onnx (metadata_props: producer, activation, dataset, accuracy), config.json, README.md
 * (the model card) and training_curve.svg. Also (re)writes data/digits/split.json and prints
 * the README's table. Deterministic: the same seed gives the same files.
 *
 *   npx tsx scripts/train.ts [--seed N] [--epochs N] [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ACTIVATIONS } from '../src/train/activation.js';
import { DIGITS_SPLIT, digitsSplit, loadDigits, subset } from '../src/train/digits.js';
import { exportOnnx } from '../src/train/exportOnnx.js';
import {
  deadSummary, modelCard, modelConfig, modelMetadata, modelName, percent, slopeRange, TRAINING_CURVE_FILE,
} from '../src/train/modelCard.js';
import { trainingCurveSvg } from '../src/train/trainingCurve.js';
import { DEFAULT_TWIN_OPTIONS, trainTwin, type TwinOptions, type TwinResult } from '../src/train/twin.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = join(ROOT, 'data', 'digits');

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_TWIN_OPTIONS.seed) },
    epochs: { type: 'string', default: String(DEFAULT_TWIN_OPTIONS.epochs) },
    out: { type: 'string', default: join(ROOT, 'models') },
  },
});
const options: TwinOptions = { ...DEFAULT_TWIN_OPTIONS, seed: Number(values.seed), epochs: Number(values.epochs) };
if (!Number.isSafeInteger(options.seed) || !Number.isSafeInteger(options.epochs) || options.epochs < 1) {
  throw new Error(`train: --seed and --epochs must be integers (got ${values.seed}, ${values.epochs})`);
}

const all = loadDigits(join(DATA_DIR, 'digits.csv.gz'));
const split = digitsSplit();
writeFileSync(
  join(DATA_DIR, 'split.json'),
  `${JSON.stringify({ ...DIGITS_SPLIT, algorithm: 'src/train/digits.ts digitsSplit: Rng(seed).shuffle of 0..1796 (mulberry32, Fisher-Yates)', train: [...split.train], validation: [...split.validation], test: [...split.test] })}\n`,
);
const data = { train: subset(all, split.train), validation: subset(all, split.validation), test: subset(all, split.test) };

const results: TwinResult[] = [];
for (const activation of ACTIVATIONS) {
  const started = performance.now();
  const result = trainTwin(activation, data, {
    ...options,
    onEpoch: (r) => {
      console.log(
        `${activation.padEnd(10)} epoch ${String(r.epoch).padStart(3)}/${options.epochs}  train loss ${r.trainLoss.toFixed(4)}  ` +
          `val loss ${r.validationLoss.toFixed(4)}  val acc ${percent(r.validationAccuracy, 2)}`,
      );
    },
  });
  console.log(
    `${activation}: kept epoch ${result.bestEpoch}; test ${result.test.correct}/${result.test.count} ` +
      `(${percent(result.test.accuracy, 2)}); dead units ${deadSummary(result)}; ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  results.push(result);
}

const relu = results.find((r) => r.activation === 'relu');
for (const result of results) {
  const dir = join(values.out, modelName(result));
  mkdirSync(join(dir, '1'), { recursive: true });
  writeFileSync(join(dir, '1', 'model.onnx'), exportOnnx(result.net, modelName(result), modelMetadata(result, options)));
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(modelConfig(), null, 2)}\n`);
  writeFileSync(join(dir, TRAINING_CURVE_FILE), trainingCurveSvg(`${modelName(result)}: ${result.net.activations[0].description}`, result.history, result.bestEpoch));
  writeFileSync(join(dir, 'README.md'), modelCard(result, relu, options));
}
console.log(`\nwrote ${results.map(modelName).join(', ')} to ${values.out}\n`);

console.log('| model | activation | test accuracy | dead units (test set) | never-positive units | learned slope range |');
console.log('|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| \`${modelName(r)}\` | ${r.net.activations[0].description} | ${percent(r.test.accuracy, 2)} (${r.test.correct}/${r.test.count}) | ` +
      `${deadSummary(r)} | ${r.dead.neverPositive}/${r.dead.units} | ${slopeRange(r)} |`,
  );
}
