import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertSafeModelName, listModelNames, modelNameProblem, scanModel } from '../../src/model/repository.js';
import { BROKEN_REPO, captureLogger, SERVING_REPO, tempRepository } from './helpers.js';

describe('model names', () => {
  it.each(['fixture_mlp_leaky', 'resnet-50', 'a.b', 'v2 model', 'ünïcode'])('accepts %j', (name) => {
    expect(modelNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', 'it is empty'],
    ['..', 'it starts with a dot'],
    ['.hidden', 'it starts with a dot'],
    ['a..b', "it contains '..'"],
    ['../etc', 'it starts with a dot'],
    ['a/b', 'it contains a path separator'],
    ['a\\b', 'it contains a path separator'],
    ['/abs', 'it contains a path separator'],
    ['nul\0byte', 'it contains a NUL character'],
    ['x'.repeat(201), 'it is longer than 200 characters'],
  ])('rejects %j: %s', (name, problem) => {
    expect(modelNameProblem(name)).toBe(problem);
    expect(() => assertSafeModelName(name)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL_NAME', statusCode: 400 }));
  });

  it('quotes the name in the error message', () => {
    expect(() => assertSafeModelName('../x')).toThrow(`invalid model name "../x": it starts with a dot`);
  });
});

describe('listModelNames', () => {
  const repos: (() => void)[] = [];
  afterEach(() => repos.splice(0).forEach((cleanup) => cleanup()));

  it('lists the fixture repository sorted', () => {
    expect(listModelNames(SERVING_REPO)).toEqual([
      'fixture_identity_dtypes',
      'fixture_mlp_leaky',
      'fixture_prelu_conv',
      'fixture_relu_identity',
    ]);
  });

  it('skips files and dot folders, logging the folders it skips', () => {
    const { root, cleanup } = tempRepository();
    repos.push(cleanup);
    mkdirSync(join(root, 'good'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'README.md'), 'not a model');
    const { logger, lines } = captureLogger();
    expect(listModelNames(root, logger)).toEqual(['good']);
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual(['model repository: ignoring folder ".git": it starts with a dot']);
  });
});

describe('scanModel', () => {
  it('finds numeric versions in numeric order and config.json', () => {
    const folder = scanModel(SERVING_REPO, 'fixture_relu_identity');
    expect(folder?.versions).toEqual(['1', '2']);
    expect(folder?.configFile).toBe(join(SERVING_REPO, 'fixture_relu_identity', 'config.json'));
  });

  it('ignores non-numeric and zero-led version folders with a log line each', () => {
    const { logger, lines } = captureLogger();
    const folder = scanModel(BROKEN_REPO, 'odd_folders', logger);
    expect(folder?.versions).toEqual(['3']);
    expect(folder?.configFile).toBeUndefined();
    expect(lines.map((l) => l.msg).sort()).toEqual([
      "model 'odd_folders': ignoring folder '01': versions are numbers with no leading zero",
      "model 'odd_folders': ignoring folder 'latest': versions are numbers with no leading zero",
    ]);
  });

  it('orders versions as numbers, not strings', () => {
    const { root, cleanup } = tempRepository();
    try {
      for (const v of ['10', '9', '100']) mkdirSync(join(root, 'm', v), { recursive: true });
      expect(scanModel(root, 'm')?.versions).toEqual(['9', '10', '100']);
    } finally {
      cleanup();
    }
  });

  it('returns undefined for a model folder that does not exist', () => {
    expect(scanModel(SERVING_REPO, 'no_such_model')).toBeUndefined();
  });

  it('refuses a name that escapes the repository before touching the disk', () => {
    expect(() => scanModel(SERVING_REPO, '../serving')).toThrow(/invalid model name/);
  });
});
