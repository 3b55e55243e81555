/**
 * Triton's model repository layout (docs/user_guide/model_repository.md):
 * `<repo>/<name>/<version>/model.onnx`, numeric versions, an optional `<repo>/<name>/config.json`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BaseLogger } from 'pino';
import { InvalidModelName } from '../errors.js';

export const MODEL_FILENAME = 'model.onnx';
export const CONFIG_FILENAME = 'config.json';

/** Triton ignores version folders that are not a number or that start with 0. */
const VERSION_FOLDER = /^[1-9][0-9]*$/;
/** Well under every file system's limit for one path segment. */
const MAX_NAME_LENGTH = 200;

/** Why `name` could not be a folder directly under the repository, or undefined when it can. */
export function modelNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (name.startsWith('.')) return 'it starts with a dot';
  if (name.includes('..')) return "it contains '..'";
  if (name.includes('/') || name.includes('\\')) return 'it contains a path separator';
  if (name.includes('\0')) return 'it contains a NUL character';
  return undefined;
}

/** Throws InvalidModelName for a name that could escape the repository folder. */
export function assertSafeModelName(name: string): void {
  const problem = modelNameProblem(name);
  if (problem !== undefined) throw new InvalidModelName(`invalid model name ${JSON.stringify(name)}: ${problem}`);
}

export interface ModelFolder {
  name: string;
  dir: string;
  /** Numeric version folders, ascending. */
  versions: string[];
  /** Path of config.json when the model has one. */
  configFile?: string;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Model folders directly under the repository, sorted; anything else is skipped with a log line. */
export function listModelNames(root: string, log?: BaseLogger): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(root).sort()) {
    const problem = modelNameProblem(entry);
    if (!isDirectory(join(root, entry))) {
      log?.debug({ repository: root, entry }, 'model repository: ignoring a file that is not a model folder');
    } else if (problem !== undefined) {
      log?.warn({ repository: root, entry }, `model repository: ignoring folder ${JSON.stringify(entry)}: ${problem}`);
    } else {
      names.push(entry);
    }
  }
  return names;
}

export function compareVersions(a: string, b: string): number {
  return Number(a) - Number(b);
}

/** One model's folder: its numeric versions and its config file, or undefined when it is missing. */
export function scanModel(root: string, name: string, log?: BaseLogger): ModelFolder | undefined {
  assertSafeModelName(name);
  const dir = join(root, name);
  if (!isDirectory(dir)) return undefined;
  const versions: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (!isDirectory(join(dir, entry))) continue;
    if (VERSION_FOLDER.test(entry) && Number.isSafeInteger(Number(entry))) versions.push(entry);
    else log?.info({ model: name, folder: entry }, `model '${name}': ignoring folder '${entry}': versions are numbers with no leading zero`);
  }
  const configFile = join(dir, CONFIG_FILENAME);
  return {
    name,
    dir,
    versions: versions.sort(compareVersions),
    configFile: existsSync(configFile) ? configFile : undefined,
  };
}

export function modelFile(folder: ModelFolder, version: string): string {
  return join(folder.dir, version, MODEL_FILENAME);
}
