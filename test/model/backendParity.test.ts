/**
 * Backends must agree: every fixture model (models/, test/fixtures/models/serving and native) and
 * every libonnx-testdata model the native backend loads runs through the native backend and
 * onnxruntime on the same inputs, and their outputs must match within the named tolerances.
 * Every fixture must load natively; a test-data model the native backend refuses is skipped with
 * the reason in its name. Prints agreed / skipped / failed counts at the end.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackendLoadSpec } from '../../src/model/backend.js';
import { compileNative, NativeBackend, type NativeModel } from '../../src/model/nativeBackend.js';
import { OnnxruntimeBackend } from '../../src/model/onnxruntimeBackend.js';
import { parseGraph, type GraphTensor } from '../../src/model/onnxGraph.js';
import type { LoadedModel, Tensor, TensorSpec } from '../../src/model/types.js';
import {
  asRequestTensor,
  CONFORMANCE_FOLDERS,
  listModelCases,
  NATIVE_REFUSAL,
  readDatasets,
  tryCompileNative,
} from '../conformance/modelCases.js';
import { hasTestData, warnIfMissing } from '../conformance/onnxTestData.js';
import { copy, disagreement, FP32_FIXTURES, FP32_TESTDATA, randomTensor, seedOf, type Tolerance } from './parity.js';

warnIfMissing();
// Old exports (legacy_ir3) make onnxruntime warn that initializers are also graph inputs.
ort.env.logLevel = 'error';

/** Batch sizes for a symbolic (-1) dimension: the single-sample case and a real batch. */
const BATCHES = [1, 3];

/**
 * Fixtures the native backend refuses by design, with the reason it must give: the wire-format
 * fixture has FP64, INT8 and UINT8 inputs, types the native backend does not take.
 */
const NATIVE_REFUSALS: Record<string, RegExp> = {
  fixture_identity_dtypes: /input 'fp64_in' has element type DOUBLE/,
};

const REPO = join(import.meta.dirname, '..', '..');
const FIXTURE_REPOSITORIES = ['models', 'test/fixtures/models/serving', 'test/fixtures/models/native'];

const tally = { agreed: 0, refused: 0, failed: 0, skipped: new Map<string, number>() };
const skip = (why: string): void => void tally.skipped.set(why, (tally.skipped.get(why) ?? 0) + 1);

interface FixtureFile {
  label: string;
  model: string;
  file: string;
}

function fixtureFiles(): FixtureFile[] {
  return FIXTURE_REPOSITORIES.flatMap((repository) => {
    const root = join(REPO, repository);
    return readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(join(root, d.name))
          .filter((version) => /^[1-9]\d*$/.test(version) && existsSync(join(root, d.name, version, 'model.onnx')))
          .map((version) => ({ label: `${repository}/${d.name}/${version}`, model: d.name, file: join(root, d.name, version, 'model.onnx') })),
      );
  });
}

async function runBoth(native: LoadedModel, reference: LoadedModel, inputs: Tensor[], outputNames: string[], fp32: Tolerance): Promise<void> {
  expect([native.backend, reference.backend]).toEqual(['native', 'onnxruntime']);
  const expected = await reference.run(inputs.map(copy), outputNames);
  const actual = await native.run(inputs.map(copy), outputNames);
  expect(actual.map((t) => t.name)).toEqual(outputNames);
  actual.forEach((t, i) => expect(disagreement(t, expected[i], fp32)).toBeUndefined());
}

function loadSpec(name: string, inputs: TensorSpec[], outputs: TensorSpec[]): BackendLoadSpec {
  return { modelName: name, version: '1', inputs, outputs, intraOpThreads: 1 };
}

/** Counts the test as agreed or failed by whether `body` throws. */
async function tallied(body: () => Promise<void>): Promise<void> {
  try {
    await body();
    tally.agreed += 1;
  } catch (err) {
    tally.failed += 1;
    throw err;
  }
}

describe('the parity comparison', () => {
  const fp32 = (data: number[], shape = [data.length]): Tensor => ({ name: 'y', datatype: 'FP32', shape, data: Float32Array.from(data) });
  const int64 = (data: number[]): Tensor => ({ name: 'y', datatype: 'INT64', shape: [data.length], data: BigInt64Array.from(data, BigInt) });

  it.each([
    ['equal values', fp32([1, -2, NaN, Infinity]), fp32([1, -2, NaN, Infinity])],
    ['a difference within rtol', fp32([1000.05]), fp32([1000])],
    ['a difference within atol near zero', fp32([5e-6]), fp32([0])],
  ])('accepts %s', (_what, native, reference) => {
    expect(disagreement(native, reference, FP32_FIXTURES)).toBeUndefined();
  });

  it.each([
    ['a difference beyond tolerance', fp32([1.001]), fp32([1]), /\[0\] is 1.001\d* natively, 1 in onnxruntime/],
    ['NaN against a number', fp32([NaN]), fp32([0]), /\[0\] is NaN natively, 0/],
    ['another shape', fp32([1, 2], [1, 2]), fp32([1, 2], [2, 1]), /shape \[1,2\] natively, \[2,1\]/],
    ['another datatype', int64([1]), fp32([1]), /is INT64 natively, FP32/],
    ['int64 off by one', int64([7, 8]), int64([7, 9]), /\[1\] is 8 natively, 9/],
  ])('reports %s', (_what, native, reference, message) => {
    expect(disagreement(native, reference, FP32_FIXTURES)).toMatch(message);
  });
});

describe('backend parity: fixture models', () => {
  for (const { label, model, file } of fixtureFiles()) {
    const refusal = NATIVE_REFUSALS[model];
    if (refusal !== undefined) {
      it(`${label} (refused natively by design)`, () => {
        expect(() => compileNative(readFileSync(file))).toThrow(refusal);
        tally.refused += 1;
      });
      continue;
    }
    it(label, () =>
      tallied(async () => {
        const bytes = readFileSync(file);
        const graph = parseGraph(bytes);
        const specs = (tensors: GraphTensor[]): TensorSpec[] => tensors.map((t) => ({ ...t, shape: t.shape ?? [] }));
        const spec = loadSpec(model, specs(graph.inputs), specs(graph.outputs));
        const native = await new NativeBackend().load(bytes, spec);
        const reference = await new OnnxruntimeBackend().load(bytes, spec);
        try {
          const symbolic = graph.inputs.some((t) => t.shape?.includes(-1));
          for (const batch of symbolic ? BATCHES : [1]) {
            const inputs = graph.inputs.map((t, i) => {
              if (t.shape === undefined) throw new Error(`input '${t.name}' has no declared rank to make inputs for`);
              return randomTensor(t, t.shape.map((d) => (d === -1 ? batch : d)), seedOf(`${label} ${i} ${batch}`));
            });
            await runBoth(native, reference, inputs, graph.outputs.map((t) => t.name), FP32_FIXTURES);
          }
        } finally {
          await native.dispose();
          await reference.dispose();
        }
      }),
    );
  }
});

/** The refusal's message when the native backend declines to run these inputs. */
function refusedAtRun(native: NativeModel, inputs: Tensor[], outputNames: string[]): string | undefined {
  try {
    native.runSync(inputs.map(copy), outputNames);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    if (NATIVE_REFUSAL.test(message)) return message;
    throw err;
  }
}

describe.skipIf(!hasTestData)('backend parity: libonnx-testdata models the native backend loads', () => {
  for (const folder of CONFORMANCE_FOLDERS) {
    for (const c of listModelCases(folder)) {
      const { model: native, reason } = tryCompileNative(c.model);
      if (native === undefined) {
        skip('the native backend cannot load it');
        it.skip(`${folder}/${c.name} (native: ${reason})`, () => undefined);
        continue;
      }
      it(`${folder}/${c.name}`, async (ctx) => {
        const plan = native.plan;
        const names = (values: { name: string }[]): TensorSpec[] => values.map(({ name }) => ({ name, datatype: 'FP32', shape: [] }));
        let reference: LoadedModel;
        try {
          reference = await new OnnxruntimeBackend().load(c.model, loadSpec(c.name, names(plan.inputs), names(plan.outputs)));
        } catch (err) {
          skip('onnxruntime cannot load it');
          ctx.skip(`onnxruntime: ${(err as Error).message}`);
          return;
        }
        try {
          const datasets = readDatasets(c.dir).map((data) => plan.inputs.map((spec, i) => asRequestTensor(spec.name, data.inputs[i])));
          const outputNames = plan.outputs.map((o) => o.name);
          const refusal = refusedAtRun(native, datasets[0] ?? [], outputNames);
          if (refusal !== undefined) {
            skip('the native backend refuses it at run time');
            ctx.skip(`native: ${refusal}`);
            return;
          }
          await tallied(async () => {
            for (const inputs of datasets) await runBoth(native, reference, inputs, outputNames, FP32_TESTDATA);
          });
        } finally {
          await reference.dispose();
        }
      });
    }
  }
});

afterAll(() => {
  const skipped = [...tally.skipped].map(([why, n]) => `${n} (${why})`).join(', ') || '0';
  console.log(`backend parity: ${tally.agreed} agreed, ${tally.failed} failed, ${tally.refused} refused natively by design, skipped ${skipped}`);
});
