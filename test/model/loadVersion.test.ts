/**
 * One version load reads its model.onnx once and hands the same bytes to the graph reader and to
 * both backends; a missing, unreadable or corrupt file fails the load with a reason naming it.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type * as Fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import type * as FsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/model/backend.js';
import { loadVersion, type LoadContext } from '../../src/model/loadVersion.js';
import { NativeBackend } from '../../src/model/nativeBackend.js';
import { OnnxruntimeBackend } from '../../src/model/onnxruntimeBackend.js';
import { scanModel } from '../../src/model/repository.js';
import { BROKEN_REPO, tempRepository } from './helpers.js';

// Pass-through spies: every read goes to the real file system, and the test counts them.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  return { ...actual, readFile: vi.fn(actual.readFile) };
});
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof Fs>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync) };
});

/** How many times any fs read, sync or async, opened `file`. */
function readsOf(file: string): number {
  const paths = [...vi.mocked(readFile).mock.calls, ...vi.mocked(readFileSync).mock.calls].map(([path]) => path);
  return paths.filter((path) => path === file).length;
}

/** Passes loads through to `backend`, keeping the bytes each load was handed. */
function recording(backend: Backend, handed: Uint8Array[]): Backend {
  return {
    name: backend.name,
    load: (model, spec) => {
      handed.push(model);
      return backend.load(model, spec);
    },
  };
}

function context(root: string, name: string, handed: Uint8Array[]): LoadContext {
  const folder = scanModel(root, name);
  if (folder === undefined) throw new Error(`no model folder ${name} under ${root}`);
  return {
    folder,
    configFile: {},
    backends: { onnxruntime: recording(new OnnxruntimeBackend(), handed), native: recording(new NativeBackend(), handed) },
    intraOpThreads: 1,
  };
}

const cleanups: (() => void)[] = [];
beforeEach(() => vi.clearAllMocks());
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('loadVersion', () => {
  it('reads model.onnx once and hands the same bytes to both backends', async () => {
    const handed: Uint8Array[] = [];
    const file = join(BROKEN_REPO, 'ok_relu', '1', 'model.onnx');
    const instance = await loadVersion(context(BROKEN_REPO, 'ok_relu', handed), '1');
    try {
      expect(readsOf(file)).toBe(1);
      expect(handed).toHaveLength(2);
      expect(handed[1]).toBe(handed[0]);
      expect(Buffer.compare(handed[0], readFileSync(file))).toBe(0);
      expect(instance.model.backend).toBe('onnxruntime');
      expect([...instance.alternates.keys()]).toEqual(['native']);
      expect(instance.resolved.inputs.map((i) => i.name)).toEqual(['x']);
    } finally {
      await instance.retire();
    }
  });

  it('fails a version folder without model.onnx, naming the file', async () => {
    const { root, cleanup } = tempRepository({ m: join(BROKEN_REPO, 'ok_relu') });
    cleanups.push(cleanup);
    mkdirSync(join(root, 'm', '2'));
    const handed: Uint8Array[] = [];
    await expect(loadVersion(context(root, 'm', handed), '2')).rejects.toThrow(/^version 2 has no model\.onnx$/);
    expect(handed).toEqual([]);
  });

  it('fails a model.onnx that cannot be read, naming the file', async () => {
    const { root, cleanup } = tempRepository({ m: join(BROKEN_REPO, 'ok_relu') });
    cleanups.push(cleanup);
    // A folder where the file should be: the read fails with EISDIR, whose message has no path.
    mkdirSync(join(root, 'm', '2', 'model.onnx'), { recursive: true });
    const handed: Uint8Array[] = [];
    await expect(loadVersion(context(root, 'm', handed), '2')).rejects.toThrow(/^cannot read model\.onnx: EISDIR/);
    expect(handed).toEqual([]);
  });

  it('fails a corrupt model.onnx before any backend sees it', async () => {
    const handed: Uint8Array[] = [];
    await expect(loadVersion(context(BROKEN_REPO, 'corrupt_onnx', handed), '1')).rejects.toThrow(/^model\.onnx is not a valid ONNX model: /);
    expect(handed).toEqual([]);
  });
});
