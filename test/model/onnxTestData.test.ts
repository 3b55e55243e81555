/**
 * The ONNX backend-test cases for Relu, LeakyRelu and PRelu (Debian's libonnx-testdata), each
 * served through the registry and onnxruntime as a one-version model, against the expected
 * outputs shipped with them.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../src/model/registry.js';
import type { Datatype, Tensor } from '../../src/model/types.js';
import { readTensorProto } from '../../src/onnx/tensorProto.js';
import { hasTestData, listCases, TESTDATA_DIR, warnIfMissing } from '../conformance/onnxTestData.js';
import { captureLogger, tempRepository } from './helpers.js';

const CASES = /^test_(relu|leakyrelu.*|prelu.*)$/;
/** onnxruntime and the reference implementation that wrote the outputs both compute in float32. */
const ABSOLUTE_TOLERANCE = 1e-6;
const RELATIVE_TOLERANCE = 1e-5;

warnIfMissing();
const cases = listCases('node', CASES);

function readTensors(dir: string, prefix: 'input' | 'output'): Tensor[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}_`) && f.endsWith('.pb'))
    .sort((a, b) => Number(a.slice(prefix.length + 1, -3)) - Number(b.slice(prefix.length + 1, -3)))
    .map((f) => {
      const t = readTensorProto(readFileSync(join(dir, f)));
      return { name: t.name, datatype: t.dtype as Datatype, shape: t.shape, data: t.data };
    });
}

describe.skipIf(!hasTestData)(`libonnx-testdata node cases through the registry (${TESTDATA_DIR})`, () => {
  let repo: ReturnType<typeof tempRepository>;
  let registry: ModelRegistry;

  beforeAll(async () => {
    repo = tempRepository();
    for (const dir of cases) {
      mkdirSync(join(repo.root, basename(dir), '1'), { recursive: true });
      copyFileSync(join(dir, 'model.onnx'), join(repo.root, basename(dir), '1', 'model.onnx'));
    }
    registry = new ModelRegistry({ repository: repo.root, intraOpThreads: 1, logger: captureLogger().logger });
    await registry.loadAll();
  });
  afterAll(async () => {
    await registry.close();
    repo.cleanup();
  });

  it('finds the Relu, LeakyRelu and PRelu cases and loads them all', () => {
    expect(cases.map((dir) => basename(dir))).toEqual(expect.arrayContaining(['test_relu', 'test_leakyrelu', 'test_prelu_example']));
    expect(registry.index().filter((r) => r.state !== 'READY')).toEqual([]);
  });

  it.each(cases.map((dir) => [basename(dir), dir]))('%s matches its expected outputs', async (name, dir) => {
    const { inputs: specs } = registry.metadata(name);
    const datasets = readdirSync(dir).filter((d) => /^test_data_set_\d+$/.test(d));
    expect(datasets.length).toBeGreaterThan(0);
    for (const dataset of datasets) {
      // input_K.pb feeds the K-th graph input; its own name may be empty.
      const inputs = readTensors(join(dir, dataset), 'input').map((t, k) => ({ ...t, name: specs[k].name }));
      const expected = readTensors(join(dir, dataset), 'output');
      const { outputs } = await registry.infer(name, undefined, inputs);
      expect(outputs.map((o) => o.shape)).toEqual(expected.map((e) => e.shape));
      outputs.forEach((output, k) => {
        const want = expected[k].data as Float32Array;
        const got = output.data as Float32Array;
        for (let i = 0; i < want.length; i++) {
          const bound = ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(want[i]);
          expect(Math.abs(got[i] - want[i]), `${name}/${dataset} output ${k}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(bound);
        }
      });
    }
  });
});
