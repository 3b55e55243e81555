/**
 * ONNX's own backend-test cases (Debian's libonnx-testdata) through the native backend, compared
 * with the expected outputs at ONNX's tolerances. A case the native backend cannot load (an op
 * it lacks, a type it does not take) is skipped with the reason; every case it loads must pass.
 * Prints passed, failed and skipped counts per folder.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { NativeModel } from '../../src/model/nativeBackend.js';
import { hasTestData, warnIfMissing } from './onnxTestData.js';
import {
  asRequestTensor,
  compareOutput,
  CONFORMANCE_FOLDERS,
  listModelCases,
  NATIVE_REFUSAL,
  readDatasets,
  tryCompileNative,
  type ModelCase,
} from './modelCases.js';

warnIfMissing();

interface Tally {
  passed: number;
  failed: number;
  skipped: Map<string, string[]>;
}

/** Cases skipped by name: the expected outputs cannot be matched, for the reason given. */
const KNOWN_DIVERGENCES: Record<string, string> = {
  test_resize_downsample_scales_linear_align_corners:
    'ONNX reference uses the fractional output length for align_corners; onnxruntime (and we) use the integer one',
  test_training_dropout: 'training-mode Dropout output is random',
  test_training_dropout_default: 'training-mode Dropout output is random',
  test_training_dropout_default_mask: 'training-mode Dropout output is random',
  test_training_dropout_mask: 'training-mode Dropout output is random',
};

const tallies = new Map<string, Tally>(CONFORMANCE_FOLDERS.map((f) => [f, { passed: 0, failed: 0, skipped: new Map() }]));

function runCase(c: ModelCase, model: NativeModel): void {
  const plan = model.plan;
  const datasets = readDatasets(c.dir);
  expect(datasets.length).toBeGreaterThan(0);
  for (const [index, data] of datasets.entries()) {
    const inputs = plan.inputs.map((spec, i) => asRequestTensor(spec.name, data.inputs[i]));
    const outputs = model.runSync(inputs, plan.outputs.map((o) => o.name));
    expect(outputs.length).toBe(data.outputs.length);
    outputs.forEach((actual, i) => {
      const problem = compareOutput(actual, data.outputs[i]);
      expect(problem, `${c.name} test_data_set_${index}`).toBeUndefined();
    });
  }
}

describe.skipIf(!hasTestData)('native backend on libonnx-testdata', () => {
  for (const folder of CONFORMANCE_FOLDERS) {
    describe(folder, () => {
      const tally = tallies.get(folder) as Tally;
      for (const c of listModelCases(folder)) {
        const divergence = KNOWN_DIVERGENCES[c.name];
        const { model, reason } = divergence === undefined ? tryCompileNative(c.model) : { model: undefined, reason: divergence };
        if (model === undefined && divergence === undefined && !NATIVE_REFUSAL.test(reason ?? '')) {
          it(c.name, () => {
            tally.failed += 1;
            throw new Error(`load failed: ${reason}`);
          });
          continue;
        }
        if (model === undefined) {
          const list = tally.skipped.get(reason ?? '') ?? [];
          list.push(c.name);
          tally.skipped.set(reason ?? '', list);
          it.skip(`${c.name} (${reason})`, () => undefined);
          continue;
        }
        it(c.name, () => {
          try {
            runCase(c, model);
            tally.passed += 1;
          } catch (err) {
            tally.failed += 1;
            throw err;
          }
        });
      }
    });
  }

  afterAll(() => {
    const lines = ['native backend conformance (libonnx-testdata):'];
    for (const [folder, t] of tallies) {
      const skipped = [...t.skipped.values()].reduce((n, list) => n + list.length, 0);
      lines.push(`  ${folder}: ${t.passed} passed, ${t.failed} failed, ${skipped} skipped`);
    }
    // Missing ops are counted per op (a case may lack several); every other reason as given.
    const lacking = new Map<string, number>();
    const reasons = new Map<string, number>();
    for (const t of tallies.values()) {
      for (const [reason, list] of t.skipped) {
        const ops = /^the native backend lacks (.*)$/.exec(reason)?.[1].split(', ');
        if (ops === undefined) reasons.set(reason, (reasons.get(reason) ?? 0) + list.length);
        else for (const op of ops) lacking.set(op.replace(/ \(opset \d+\)$/, ''), (lacking.get(op.replace(/ \(opset \d+\)$/, '')) ?? 0) + list.length);
      }
    }
    const byCount = (a: [string, number], b: [string, number]): number => b[1] - a[1] || a[0].localeCompare(b[0]);
    lines.push(`  skipped, lacking an op (cases per op): ${[...lacking].sort(byCount).map(([op, n]) => `${op} ${n}`).join(', ')}`);
    lines.push('  skipped for another reason:');
    for (const [reason, count] of [...reasons].sort(byCount)) lines.push(`    ${count} × ${reason}`);
    console.log(lines.join('\n'));
  });
});
