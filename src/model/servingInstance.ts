/**
 * One loaded model version and the requests running on it. A reload swaps in a new instance and
 * retires the old one: new requests go to the new instance at once, and the old one is disposed
 * only when the requests it already took have finished.
 *
 * The version is loaded into its configured backend and, where it can run there too, into the
 * other one, so a request can pick either (`parameters.backend`) to check them against each
 * other; `unavailable` says why a backend cannot run it.
 */
import { BackendUnavailable } from '../errors.js';
import type { ResolvedModel } from './resolveConfig.js';
import type { BackendName, LoadedModel } from './types.js';

export class ServingInstance {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(
    /** The configured backend's model: what requests run on unless they pick another. */
    readonly model: LoadedModel,
    readonly resolved: ResolvedModel,
    readonly alternates: ReadonlyMap<BackendName, LoadedModel> = new Map(),
    readonly unavailable: ReadonlyMap<BackendName, string> = new Map(),
  ) {}

  get activeRequests(): number {
    return this.inFlight;
  }

  /** The model a request runs on: the configured backend's, or the one it asks for. */
  pick(modelName: string, version: string, backend: BackendName | undefined): LoadedModel {
    if (backend === undefined || backend === this.model.backend) return this.model;
    const alternate = this.alternates.get(backend);
    if (alternate !== undefined) return alternate;
    const reason = this.unavailable.get(backend) ?? 'not loaded';
    throw new BackendUnavailable(`model '${modelName}' version ${version}`, backend, reason);
  }

  acquire(): void {
    this.inFlight += 1;
  }

  release(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Resolves once no request is running on this instance. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Waits for the running requests, then releases every backend's resources. */
  async retire(): Promise<void> {
    await this.idle();
    await Promise.all([this.model, ...this.alternates.values()].map((m) => m.dispose()));
  }
}
