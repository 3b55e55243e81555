import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../src/model/registry.js';
import type { Tensor } from '../../src/model/types.js';
import { BROKEN_REPO, captureLogger, FakeBackend, flush, SERVING_REPO, tempRepository } from './helpers.js';

const x = (values: number[]): Tensor => ({ name: 'x', datatype: 'FP32', shape: [values.length], data: Float32Array.from(values) });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A registry over a temp copy of the relu fixture as model 'm' (one version), with a fake backend. */
async function fakeRegistry(): Promise<{ registry: ModelRegistry; backend: FakeBackend; lines: ReturnType<typeof captureLogger>['lines'] }> {
  const { root, cleanup } = tempRepository({ m: join(BROKEN_REPO, 'ok_relu') });
  const backend = new FakeBackend();
  const { logger, lines } = captureLogger();
  const registry = new ModelRegistry({ repository: root, intraOpThreads: 1, logger, backends: { onnxruntime: backend } });
  cleanups.push(cleanup, () => registry.close());
  await registry.loadAll();
  return { registry, backend, lines };
}

describe('ModelRegistry over a repository with broken models (onnxruntime)', () => {
  it('records each failure with its reason and keeps the good models serving', async () => {
    const registry = new ModelRegistry({ repository: BROKEN_REPO, intraOpThreads: 1, logger: captureLogger().logger });
    cleanups.push(() => registry.close());
    await registry.loadAll();

    expect(registry.index()).toEqual([
      { name: 'bad_config', version: '', state: 'UNAVAILABLE', reason: 'config.json: /max_batch_size must be >= 0' },
      { name: 'corrupt_onnx', version: '1', state: 'UNAVAILABLE', reason: expect.stringMatching(/^model\.onnx is not a valid ONNX model: /) },
      { name: 'native_backend', version: '1', state: 'UNAVAILABLE', reason: 'the native backend lacks LSTM (opset 13), Einsum (opset 13)' },
      { name: 'no_versions', version: '', state: 'UNAVAILABLE', reason: 'no version to load under version_policy latest 1 (versions on disk: none)' },
      { name: 'odd_folders', version: '3', state: 'READY', reason: '' },
      { name: 'ok_relu', version: '1', state: 'READY', reason: '' },
    ]);
    expect(registry.isReady()).toBe(false);

    const result = await registry.infer('ok_relu', undefined, [x([-1, 2])]);
    expect(result).toMatchObject({ modelName: 'ok_relu', modelVersion: '1' });
    expect([...result.outputs[0].data]).toEqual([0, 2]);
    expect(registry.modelReady('odd_folders', '3')).toBe(true);
    expect(registry.modelReady('bad_config')).toBe(false);
  });

  it('answers 503 with the load failure for a known model that is not ready, 404 for unknown ones', async () => {
    const registry = new ModelRegistry({ repository: BROKEN_REPO, intraOpThreads: 1, logger: captureLogger().logger });
    cleanups.push(() => registry.close());
    await registry.loadAll();

    expect(() => registry.metadata('bad_config')).toThrow(
      expect.objectContaining({ statusCode: 503, code: 'MODEL_NOT_READY', message: "Model 'bad_config' version latest is not ready: config.json: /max_batch_size must be >= 0" }),
    );
    expect(() => registry.metadata('native_backend', '1')).toThrow(
      "Model 'native_backend' version 1 is not ready: the native backend lacks LSTM (opset 13), Einsum (opset 13)",
    );
    // A model its backend cannot run is refused (422), naming every missing op; not a broken model (400).
    await expect(registry.load('native_backend')).rejects.toMatchObject({
      statusCode: 422,
      code: 'MODEL_NOT_SUPPORTED',
      message: "model 'native_backend' cannot be served: version 1: the native backend lacks LSTM (opset 13), Einsum (opset 13)",
    });
    await expect(registry.infer('corrupt_onnx', undefined, [x([1])])).rejects.toMatchObject({ statusCode: 503 });
    expect(() => registry.metadata('nope')).toThrow(expect.objectContaining({ statusCode: 404, code: 'MODEL_NOT_FOUND' }));
    expect(() => registry.modelReady('ok_relu', '2')).toThrow(expect.objectContaining({ statusCode: 404, code: 'MODEL_VERSION_NOT_FOUND' }));
    // Versions outside the policy are not served, so they are unknown, as in Triton.
    expect(() => registry.config('odd_folders', '1')).toThrow("Request for unknown model: 'odd_folders' version 1 is not found");
  });

  it('is not ready when the repository folder is missing, and says so in the log', async () => {
    const { logger, lines } = captureLogger();
    const registry = new ModelRegistry({ repository: join(SERVING_REPO, 'missing'), intraOpThreads: 1, logger });
    await registry.loadAll();
    expect(registry.isReady()).toBe(false);
    expect(registry.index()).toEqual([]);
    expect(lines.map((l) => l.msg)).toEqual([`model repository ${join(SERVING_REPO, 'missing')} does not exist`]);
  });

  it('lists models that are on disk but were never loaded', async () => {
    const { root, cleanup } = tempRepository({ m: join(BROKEN_REPO, 'ok_relu') });
    cleanups.push(cleanup);
    const registry = new ModelRegistry({ repository: root, intraOpThreads: 1, logger: captureLogger().logger, backends: { onnxruntime: new FakeBackend() } });
    expect(registry.isReady()).toBe(false);
    expect(registry.index()).toEqual([{ name: 'm', version: '', state: 'UNAVAILABLE', reason: 'not loaded' }]);
  });
});

describe('ModelRegistry lifecycle (fake backend)', () => {
  it('shows a version as LOADING until its backend load finishes, then READY', async () => {
    const { root, cleanup } = tempRepository({ m: join(BROKEN_REPO, 'ok_relu') });
    cleanups.push(cleanup);
    const backend = new FakeBackend();
    const release = backend.holdLoads();
    const registry = new ModelRegistry({ repository: root, intraOpThreads: 1, logger: captureLogger().logger, backends: { onnxruntime: backend } });
    cleanups.push(() => registry.close());

    const loading = registry.loadAll();
    await flush();
    expect(registry.index()).toEqual([{ name: 'm', version: '1', state: 'LOADING', reason: '' }]);
    expect(registry.isReady()).toBe(false);
    expect(() => registry.metadata('m', '1')).toThrow("Model 'm' version 1 is not ready: loading");
    release();
    await loading;
    expect(registry.index()).toEqual([{ name: 'm', version: '1', state: 'READY', reason: '' }]);
    expect(registry.isReady()).toBe(true);
  });

  it('logs each lifecycle event once', async () => {
    const { registry, lines } = await fakeRegistry();
    await registry.unload('m');
    const events = lines.filter((l) => l.model === 'm').map((l) => l.msg);
    expect(events).toEqual([
      "model 'm' version 1: loading",
      "model 'm' version 1: ready",
      "model 'm' version 1: unloading",
      "model 'm' version 1: unloaded",
    ]);
  });

  it('reload loads the new instance before it disposes the old, which finishes its request first', async () => {
    const { registry, backend } = await fakeRegistry();
    const releaseRuns = backend.holdRuns();
    const oldRequest = registry.infer('m', undefined, [x([1])]);
    await flush();
    const loadStarted = backend.nextLoad();
    const reload = registry.load('m');
    await loadStarted;
    await flush();
    expect(backend.events).toEqual(['load m/1 #1', 'run #1', 'load m/1 #2']);
    // The new instance takes new requests while the old one drains.
    const newRequest = registry.infer('m', '1', [x([2])]);
    await flush();
    expect(backend.events).toEqual(['load m/1 #1', 'run #1', 'load m/1 #2', 'run #2']);
    expect(registry.index()[0].state).toBe('READY');
    releaseRuns();
    await Promise.all([oldRequest, newRequest, reload]);
    expect(backend.events).toEqual(['load m/1 #1', 'run #1', 'load m/1 #2', 'run #2', 'dispose #1']);
  });

  it('a failed reload leaves the previous instance serving and throws the reason', async () => {
    const { registry, backend } = await fakeRegistry();
    backend.failLoads = 'out of memory';
    await expect(registry.load('m')).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: "failed to load model 'm': version 1: out of memory",
    });
    expect(registry.index()).toEqual([{ name: 'm', version: '1', state: 'READY', reason: '' }]);
    await registry.infer('m', undefined, [x([1])]);
    expect(backend.events).toEqual(['load m/1 #1', 'load m/1 #2', 'run #1']);
  });

  it('unload marks UNLOADING, refuses new requests, and disposes only after the running one ends', async () => {
    const { registry, backend } = await fakeRegistry();
    const releaseRuns = backend.holdRuns();
    const running = registry.infer('m', undefined, [x([3])]);
    await flush();
    const unloading = registry.unload('m');
    await flush();
    expect(registry.index()).toEqual([{ name: 'm', version: '1', state: 'UNLOADING', reason: '' }]);
    await expect(registry.infer('m', '1', [x([1])])).rejects.toMatchObject({ statusCode: 503, message: "Model 'm' version 1 is not ready: unloading" });
    expect(backend.events).not.toContain('dispose #1');
    releaseRuns();
    expect([...(await running).outputs[0].data]).toEqual([3]);
    await unloading;
    expect(backend.events.at(-1)).toBe('dispose #1');
    expect(registry.index()).toEqual([{ name: 'm', version: '1', state: 'UNAVAILABLE', reason: 'unloaded' }]);
    // A deliberate unload does not make the server unready (Triton's strict readiness).
    expect(registry.isReady()).toBe(true);
    await registry.load('m');
    expect(registry.modelReady('m')).toBe(true);
  });

  it('rejects unsafe names and unknown models on load and unload', async () => {
    const { registry } = await fakeRegistry();
    await expect(registry.load('../m')).rejects.toMatchObject({ code: 'INVALID_MODEL_NAME', statusCode: 400 });
    await expect(registry.unload('a/b')).rejects.toMatchObject({ code: 'INVALID_MODEL_NAME' });
    await expect(registry.load('absent')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(registry.unload('absent')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect(registry.index().map((r) => r.name)).toEqual(['m']);
  });

  it('wraps a backend error as InferenceFailed and counts successes and failures', async () => {
    const { registry, backend } = await fakeRegistry();
    await registry.infer('m', undefined, [x([1, 2, 3])]);
    await expect(registry.infer('m', undefined, [{ ...x([1]), datatype: 'INT32', data: new Int32Array(1) }])).rejects.toMatchObject({
      code: 'INVALID_INFER_REQUEST',
    });
    backend.failRuns = 'kernel exploded';
    await expect(registry.infer('m', undefined, [x([1])])).rejects.toMatchObject({
      code: 'INFERENCE_FAILED',
      statusCode: 400,
      message: "inference failed for model 'm': kernel exploded",
    });
    const stats = registry.statistics('m', '1')[0];
    expect(stats).toMatchObject({ name: 'm', version: '1', inference_count: 1, execution_count: 1, batch_stats: [] });
    expect(stats.inference_stats.success.count).toBe(1);
    expect(stats.inference_stats.fail.count).toBe(2);
    expect(stats.inference_stats.compute_infer.count).toBe(1);
    expect(stats.last_inference).toBeGreaterThan(0);
    expect(registry.statistics()).toHaveLength(1);
    expect(() => registry.statistics('m', '9')).toThrow(expect.objectContaining({ code: 'MODEL_VERSION_NOT_FOUND' }));
  });

  it('close unloads everything and the registry stops being ready', async () => {
    const { registry, backend } = await fakeRegistry();
    expect(registry.isReady()).toBe(true);
    await registry.close();
    expect(registry.isReady()).toBe(false);
    expect(backend.events).toContain('dispose #1');
  });
});
