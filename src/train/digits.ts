/**
 * The UCI optical recognition of handwritten digits data set (Alpaydin & Kaynak 1998, CC BY 4.0),
 * as scikit-learn ships it: one CSV row per 8x8 image, 64 pixel counts 0-16, then the label.
 * data/digits/README.md gives the source, licence and the split below.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Rng } from './rng.js';

export const DIGITS_FEATURES = 64;
export const DIGITS_CLASSES = 10;
export const DIGITS_SAMPLES = 1797;
/** Pixel counts run 0-16; the served graph divides by this (a Mul by 1/16, exact in float32). */
export const DIGITS_MAX_COUNT = 16;

/** Rows of `features` numbers, row-major, with one class label each. */
export interface Dataset {
  x: Float64Array;
  y: Int32Array;
  count: number;
  features: number;
}

/**
 * The fixed split: the row indices 0..1796 shuffled by Rng(seed).shuffle, then the first 1,257
 * are training, the next 270 validation, the last 270 test (data/digits/split.json lists them).
 */
export const DIGITS_SPLIT = { seed: 1998, train: 1257, validation: 270, test: 270 } as const;

export interface Split {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export function parseDigitsCsv(text: string): Dataset {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const x = new Float64Array(lines.length * DIGITS_FEATURES);
  const y = new Int32Array(lines.length);
  lines.forEach((line, row) => {
    const cells = line.split(',').map(Number);
    if (cells.length !== DIGITS_FEATURES + 1 || cells.some((v) => !Number.isInteger(v))) {
      throw new Error(`digits: row ${row} is not ${DIGITS_FEATURES} integer pixels and a label`);
    }
    const label = cells[DIGITS_FEATURES];
    if (label < 0 || label >= DIGITS_CLASSES) throw new Error(`digits: row ${row} has label ${label}`);
    x.set(cells.slice(0, DIGITS_FEATURES), row * DIGITS_FEATURES);
    y[row] = label;
  });
  return { x, y, count: lines.length, features: DIGITS_FEATURES };
}

/** Reads the committed gzipped CSV; nothing is downloaded. */
export function loadDigits(file: string): Dataset {
  const data = parseDigitsCsv(gunzipSync(readFileSync(file)).toString('utf8'));
  if (data.count !== DIGITS_SAMPLES) throw new Error(`digits: ${file} has ${data.count} rows, not ${DIGITS_SAMPLES}`);
  return data;
}

export function digitsSplit(count = DIGITS_SAMPLES, split = DIGITS_SPLIT): Split {
  if (split.train + split.validation + split.test !== count) {
    throw new RangeError(`digits: split sizes do not add up to ${count}`);
  }
  const order = new Rng(split.seed).shuffle(Int32Array.from({ length: count }, (_, i) => i));
  return {
    train: order.slice(0, split.train),
    validation: order.slice(split.train, split.train + split.validation),
    test: order.slice(split.train + split.validation),
  };
}

/** The rows at `indices`, in that order. */
export function subset(data: Dataset, indices: Int32Array): Dataset {
  const { features } = data;
  const x = new Float64Array(indices.length * features);
  const y = new Int32Array(indices.length);
  indices.forEach((row, i) => {
    x.set(data.x.subarray(row * features, (row + 1) * features), i * features);
    y[i] = data.y[row];
  });
  return { x, y, count: indices.length, features };
}
