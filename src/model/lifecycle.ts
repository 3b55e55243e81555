/**
 * Loading and retiring one model's versions: the state changes and the log lines the registry's
 * load, unload and loadAll are made of. Each lifecycle event is logged once, here.
 */
import { readFileSync } from 'node:fs';
import type { BaseLogger } from 'pino';
import { ModelLoadFailed, ModelNotFound, ModelNotSupported } from '../errors.js';
import type { Backend } from './backend.js';
import { errorMessage, loadVersion, NotSupportedError, type LoadContext } from './loadVersion.js';
import { DEFAULT_VERSION_POLICY, parseModelConfig, type ModelConfigFile, type VersionPolicy } from './modelConfig.js';
import type { ModelEntry, VersionEntry } from './modelEntry.js';
import { scanModel } from './repository.js';
import type { BackendName } from './types.js';
import { describePolicy, selectVersions } from './versionPolicy.js';

export interface LifecycleOptions {
  repository: string;
  intraOpThreads: number;
  backends: Partial<Record<BackendName, Backend>>;
  log: BaseLogger;
}

export class Lifecycle {
  constructor(private readonly options: LifecycleOptions) {}

  /**
   * Reads the model's folder and config.json and loads the versions its policy selects. Throws
   * ModelNotFound for a model neither on disk nor known, ModelLoadFailed for any failure.
   */
  async loadModel(entry: ModelEntry, forget: () => void): Promise<void> {
    const { name } = entry;
    const folder = scanModel(this.options.repository, name, this.options.log);
    if (folder === undefined) {
      if (entry.versions.size === 0 && entry.failure === undefined) {
        forget();
        throw new ModelNotFound(name);
      }
      return this.failModel(entry, `model folder ${name} is not in the repository`);
    }
    let configFile: ModelConfigFile = {};
    try {
      if (folder.configFile !== undefined) configFile = parseModelConfig(readFileSync(folder.configFile, 'utf8'));
    } catch (err) {
      return this.failModel(entry, errorMessage(err));
    }
    const policy = (configFile.version_policy as VersionPolicy | undefined) ?? DEFAULT_VERSION_POLICY;
    const { selected, missing } = selectVersions(policy, folder.versions);
    if (missing.length > 0) {
      this.options.log.warn({ model: name, versions: missing }, `model '${name}': version_policy names versions not on disk: ${missing.join(', ')}`);
    }
    if (selected.length === 0) {
      const onDisk = folder.versions.length > 0 ? folder.versions.join(', ') : 'none';
      return this.failModel(entry, `no version to load under version_policy ${describePolicy(policy)} (versions on disk: ${onDisk})`);
    }
    entry.failure = undefined;
    const { intraOpThreads, backends } = this.options;
    await this.loadVersions(entry, { folder, configFile, backends, intraOpThreads }, selected);
  }

  /** Marks a serving version UNLOADING, waits for its running requests, disposes it. */
  async retireVersion(entry: ModelEntry, target: VersionEntry): Promise<void> {
    const instance = target.instance;
    if (instance === undefined) {
      entry.markUnloaded(target);
      return;
    }
    const where = { model: entry.name, version: target.version };
    target.state = 'UNLOADING';
    this.options.log.info(where, `model '${entry.name}' version ${target.version}: unloading`);
    await instance.retire();
    entry.markUnloaded(target);
    this.options.log.info(where, `model '${entry.name}' version ${target.version}: unloaded`);
  }

  /** Loads every selected version, then swaps them in; retires the others only if all loaded. */
  private async loadVersions(entry: ModelEntry, context: LoadContext, selected: string[]): Promise<void> {
    const { log } = this.options;
    const attempts = await Promise.all(
      selected.map(async (version) => {
        const target = entry.beginLoading(version);
        log.info({ model: entry.name, version }, `model '${entry.name}' version ${version}: loading`);
        try {
          return { target, instance: await loadVersion(context, version) };
        } catch (err) {
          return { target, reason: errorMessage(err), notSupported: err instanceof NotSupportedError };
        }
      }),
    );
    const retiring: Promise<void>[] = [];
    const failures: string[] = [];
    let refusals = 0;
    for (const { target, instance, reason = '', notSupported = false } of attempts) {
      const where = { model: entry.name, version: target.version };
      if (instance !== undefined) {
        // The instance this replaces finishes its running requests before it is disposed.
        const previous = target.instance;
        entry.markReady(target, instance);
        log.info(where, `model '${entry.name}' version ${target.version}: ready`);
        if (previous !== undefined) retiring.push(previous.retire());
      } else {
        failures.push(`version ${target.version}: ${reason}`);
        if (notSupported) refusals += 1;
        const keeps = target.instance !== undefined ? ' (the previous instance keeps serving)' : '';
        entry.markFailed(target, reason);
        log.error({ ...where, reason }, `model '${entry.name}' version ${target.version}: failed to load${keeps}: ${reason}`);
      }
    }
    if (failures.length === 0) {
      for (const other of entry.versions.values()) {
        if (!selected.includes(other.version)) retiring.push(this.retireVersion(entry, other));
      }
    }
    await Promise.all(retiring);
    if (failures.length > 0 && refusals === failures.length) throw new ModelNotSupported(entry.name, failures.join('; '));
    if (failures.length > 0) throw new ModelLoadFailed(entry.name, failures.join('; '));
  }

  private failModel(entry: ModelEntry, reason: string): never {
    const serving = entry.readyVersions().length > 0;
    if (!serving) entry.failure = reason;
    const keeps = serving ? ' (the versions already loaded keep serving)' : '';
    this.options.log.error({ model: entry.name, reason }, `model '${entry.name}': failed to load${keeps}: ${reason}`);
    throw new ModelLoadFailed(entry.name, reason);
  }
}
