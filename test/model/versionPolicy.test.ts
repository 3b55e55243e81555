import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../src/model/registry.js';
import type { Tensor } from '../../src/model/types.js';
import { selectVersions } from '../../src/model/versionPolicy.js';
import { BROKEN_REPO, captureLogger, SERVING_REPO, tempRepository } from './helpers.js';

describe('selectVersions', () => {
  const onDisk = ['1', '2', '10'];

  it.each([
    [{ latest: { num_versions: 1 } }, ['10'], []],
    [{ latest: { num_versions: 2 } }, ['2', '10'], []],
    [{ latest: { num_versions: 5 } }, ['1', '2', '10'], []],
    [{ all: {} }, ['1', '2', '10'], []],
    [{ specific: { versions: [10, 1, 1] } }, ['1', '10'], []],
    [{ specific: { versions: [2, 7] } }, ['2'], ['7']],
  ] as const)('%j selects %j', (policy, selected, missing) => {
    expect(selectVersions(policy as never, onDisk)).toEqual({ selected, missing });
  });
});

// fixture_relu_identity: version 1 is Identity, version 2 is Relu, so the answer tells the version.
const X: Tensor = { name: 'x', datatype: 'FP32', shape: [3], data: new Float32Array([-2, 0, 3]) };
const IDENTITY = [-2, 0, 3];
const RELU = [0, 0, 3];

describe('version policy through the registry (onnxruntime)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function registryWith(config: unknown | undefined): Promise<{ registry: ModelRegistry; root: string }> {
    const { root, cleanup } = tempRepository({ m: join(SERVING_REPO, 'fixture_relu_identity') });
    // The fixture's own config.json serves all versions; replace it.
    writeFileSync(join(root, 'm', 'config.json'), JSON.stringify(config ?? {}));
    const { logger } = captureLogger();
    const registry = new ModelRegistry({ repository: root, intraOpThreads: 1, logger });
    cleanups.push(cleanup, () => registry.close());
    await registry.loadAll();
    return { registry, root };
  }

  const answer = async (registry: ModelRegistry, version?: string): Promise<{ version: string; y: number[] }> => {
    const result = await registry.infer('m', version, [X]);
    return { version: result.modelVersion, y: [...(result.outputs[0].data as Float32Array)] };
  };

  it('serves only the latest version by default', async () => {
    const { registry } = await registryWith(undefined);
    expect(registry.index().map((r) => [r.version, r.state])).toEqual([['2', 'READY']]);
    expect(await answer(registry)).toEqual({ version: '2', y: RELU });
    await expect(registry.infer('m', '1', [X])).rejects.toMatchObject({ code: 'MODEL_VERSION_NOT_FOUND' });
  });

  it('serves every version under "all"; no version asked means the highest', async () => {
    const { registry } = await registryWith({ version_policy: { all: {} } });
    expect(registry.metadata('m').versions).toEqual(['1', '2']);
    expect(await answer(registry)).toEqual({ version: '2', y: RELU });
    expect(await answer(registry, '1')).toEqual({ version: '1', y: IDENTITY });
  });

  it('serves the listed versions under "specific", ignoring listed versions not on disk', async () => {
    const { registry } = await registryWith({ version_policy: { specific: { versions: [1, 7] } } });
    expect(registry.index().map((r) => [r.version, r.state])).toEqual([['1', 'READY']]);
    expect(registry.isReady()).toBe(true);
    expect(await answer(registry)).toEqual({ version: '1', y: IDENTITY });
  });

  it('a reload picks up a new version and retires the one the policy drops', async () => {
    const { registry, root } = await registryWith(undefined);
    cpSync(join(root, 'm', '1'), join(root, 'm', '3'), { recursive: true });
    await registry.load('m');
    expect(registry.index()).toEqual([
      { name: 'm', version: '2', state: 'UNAVAILABLE', reason: 'unloaded' },
      { name: 'm', version: '3', state: 'READY', reason: '' },
    ]);
    expect(await answer(registry)).toEqual({ version: '3', y: IDENTITY });
    expect(registry.isReady()).toBe(true);
  });

  it('a reload whose new version fails keeps the old one serving, and readiness reports the failure', async () => {
    const { registry, root } = await registryWith(undefined);
    cpSync(join(BROKEN_REPO, 'corrupt_onnx', '1'), join(root, 'm', '3'), { recursive: true });
    await expect(registry.load('m')).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED', message: expect.stringMatching(/^failed to load model 'm': version 3: model\.onnx is not a valid ONNX model/) });
    expect(registry.index().map((r) => [r.version, r.state])).toEqual([['2', 'READY'], ['3', 'UNAVAILABLE']]);
    expect(await answer(registry)).toEqual({ version: '2', y: RELU });
    expect(registry.isReady()).toBe(false);
  });

  it('a reload with a bad config.json keeps the loaded versions serving', async () => {
    const { registry, root } = await registryWith(undefined);
    writeFileSync(join(root, 'm', 'config.json'), JSON.stringify({ version_policy: { latest: { num_versions: 0 } } }));
    await expect(registry.load('m')).rejects.toThrow("failed to load model 'm': config.json: /version_policy/latest/num_versions must be >= 1");
    expect(await answer(registry)).toEqual({ version: '2', y: RELU });
  });
});
