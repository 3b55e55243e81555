/**
 * One model's state in the registry: its versions with their lifecycle state, and the reason
 * the last load failed when it left nothing serving. Load and unload of one model run one at a
 * time; requests never wait on them.
 */
import { compareVersions } from './repository.js';
import type { ServingInstance } from './servingInstance.js';
import { StatsRecorder, type ModelStatistics } from './statistics.js';
import type { ModelState, ModelVersionStatus } from './types.js';

/** Triton's reason for a version taken out of service on purpose, which readiness ignores. */
export const UNLOADED = 'unloaded';

export interface VersionEntry {
  version: string;
  state: ModelState;
  reason: string;
  /** What requests run on; set while READY or UNLOADING, and during a reload of a READY version. */
  instance?: ServingInstance;
  stats: StatsRecorder;
}

export class ModelEntry {
  readonly versions = new Map<string, VersionEntry>();
  /** Why the last load failed before any version could be tried (bad config.json, no versions). */
  failure: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly name: string) {}

  /** Runs `task` after every load or unload of this model queued before it. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  sorted(): VersionEntry[] {
    return [...this.versions.values()].sort((a, b) => compareVersions(a.version, b.version));
  }

  readyVersions(): string[] {
    return this.sorted()
      .filter((v) => v.state === 'READY')
      .map((v) => v.version);
  }

  highestReady(): VersionEntry | undefined {
    return this.sorted()
      .filter((v) => v.state === 'READY')
      .pop();
  }

  /** Triton's strict readiness for one model: every version READY or deliberately unloaded. */
  isSettled(): boolean {
    if (this.failure !== undefined || this.versions.size === 0) return false;
    return [...this.versions.values()].every((v) => v.state === 'READY' || (v.state === 'UNAVAILABLE' && v.reason === UNLOADED));
  }

  statuses(): ModelVersionStatus[] {
    const rows = this.sorted().map(({ version, state, reason }) => ({ name: this.name, version, state, reason }));
    if (this.failure !== undefined) rows.unshift({ name: this.name, version: '', state: 'UNAVAILABLE', reason: this.failure });
    return rows;
  }

  stats(version: string): StatsRecorder {
    const entry = this.versions.get(version);
    if (entry === undefined) throw new Error(`model '${this.name}' has no version ${version}`);
    return entry.stats;
  }

  statistics(): ModelStatistics[] {
    return this.sorted().map((v) => v.stats.snapshot());
  }

  /** A version about to load shows LOADING, unless an instance of it is serving meanwhile. */
  beginLoading(version: string): VersionEntry {
    let entry = this.versions.get(version);
    if (entry === undefined) {
      entry = { version, state: 'LOADING', reason: '', stats: new StatsRecorder(this.name, version) };
      this.versions.set(version, entry);
    } else if (entry.instance === undefined) {
      entry.state = 'LOADING';
      entry.reason = '';
    }
    return entry;
  }

  markReady(entry: VersionEntry, instance: ServingInstance): void {
    entry.instance = instance;
    entry.state = 'READY';
    entry.reason = '';
  }

  /** A failed load leaves a serving instance in place; otherwise the version is UNAVAILABLE. */
  markFailed(entry: VersionEntry, reason: string): void {
    if (entry.instance !== undefined) return;
    entry.state = 'UNAVAILABLE';
    entry.reason = reason;
  }

  markUnloaded(entry: VersionEntry): void {
    entry.instance = undefined;
    entry.state = 'UNAVAILABLE';
    entry.reason = UNLOADED;
  }
}
