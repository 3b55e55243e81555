/**
 * The shipped digit models (models/digits_*), served over HTTP from the real repository, reach
 * the test accuracy their ONNX metadata states on the committed test split, through V2 infer and
 * V1 predict. The metadata's count was measured in float64 on the float32 weights; onnxruntime
 * computes in float32, so a near-tie may flip: at most one image may differ.
 *
 * V2 runs through both backends (`parameters.backend`); V1 through the configured one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitsSplit, subset } from '../../src/train/digits.js';
import { argmaxRows } from '../../src/train/softmaxCrossEntropy.js';
import { servingApp, type ServingApp } from '../helpers/app.js';
import { DIGITS, MODELS_DIR } from './helpers.js';

/** float32 (served) against float64 (measured) arithmetic: one near-tie may go the other way. */
const MAX_COUNT_DIFFERENCE = 1;
/** Within the config's max_batch_size (256). */
const CHUNK = 135;

const TEST = subset(DIGITS, digitsSplit().test);
const MODELS = readdirSync(MODELS_DIR).filter((name) => name.startsWith('digits_')).sort();

function metadata(name: string): Record<string, string> {
  const model = onnxProto.onnx.ModelProto.decode(readFileSync(join(MODELS_DIR, name, '1', 'model.onnx')));
  return Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
}

function rows(start: number, end: number): number[][] {
  return Array.from({ length: end - start }, (_, i) => Array.from(TEST.x.subarray((start + i) * 64, (start + i + 1) * 64)));
}

function countCorrect(predicted: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < TEST.count; i++) if (predicted[i] === TEST.y[i]) correct++;
  return correct;
}

let serving: ServingApp;
beforeAll(async () => {
  serving = await servingApp({}, MODELS_DIR);
});
afterAll(async () => {
  await serving.close();
});

it('ships at least the Leaky ReLU and PReLU twins', () => {
  expect(MODELS).toEqual(expect.arrayContaining(['digits_leaky_relu', 'digits_prelu']));
});

describe.each(MODELS)('%s over HTTP', (name) => {
  const stated = metadata(name);

  it('states its provenance and accuracy in metadata_props', () => {
    expect(stated).toMatchObject({ producer: expect.stringContaining('leaky-serve'), test_samples: String(TEST.count) });
    expect(stated.activation).toMatch(/^(Relu|LeakyRelu|PRelu|Elu|Selu)/);
    expect(stated.dataset).toMatch(/UCI optical recognition of handwritten digits/);
    expect(Number(stated.test_accuracy)).toBeCloseTo(Number(stated.test_correct) / TEST.count, 4);
    const card = readFileSync(join(MODELS_DIR, name, 'README.md'), 'utf8');
    expect(card).toContain(`(${stated.test_correct}/${TEST.count})`);
  });

  it.each(['onnxruntime', 'native'])('V2 infer on the raw test pixels reaches the stated test accuracy (%s)', async (backend) => {
    const probabilities: number[] = [];
    for (let start = 0; start < TEST.count; start += CHUNK) {
      const end = Math.min(start + CHUNK, TEST.count);
      const res = await request(serving.app.server)
        .post(`/v2/models/${name}/infer`)
        .send({
          parameters: { backend },
          inputs: [{ name: 'pixels', shape: [end - start, 64], datatype: 'FP32', data: rows(start, end).flat() }],
        })
        .expect(200);
      expect(res.body.outputs[0]).toMatchObject({ name: 'probabilities', datatype: 'FP32', shape: [end - start, 10] });
      probabilities.push(...res.body.outputs[0].data);
    }
    const correct = countCorrect(argmaxRows(probabilities, TEST.count, 10));
    expect(Math.abs(correct - Number(stated.test_correct))).toBeLessThanOrEqual(MAX_COUNT_DIFFERENCE);
  });

  it('V1 predict with top_k=1 gives the same accuracy, labelled "0".."9"', async () => {
    const labels: number[] = [];
    for (let start = 0; start < TEST.count; start += CHUNK) {
      const res = await request(serving.app.server)
        .post(`/v1/models/${name}:predict?top_k=1`)
        .send({ instances: rows(start, Math.min(start + CHUNK, TEST.count)) })
        .expect(200);
      for (const [best] of res.body.predictions as { index: number; label: string }[][]) {
        expect(best.label).toBe(String(best.index));
        labels.push(Number(best.label));
      }
    }
    expect(labels).toHaveLength(TEST.count);
    expect(Math.abs(countCorrect(labels) - Number(stated.test_correct))).toBeLessThanOrEqual(MAX_COUNT_DIFFERENCE);
  });
});
