/**
 * One loaded model version and the requests running on it. A reload swaps in a new instance and
 * retires the old one: new requests go to the new instance at once, and the old one is disposed
 * only when the requests it already took have finished.
 */
import type { ResolvedModel } from './resolveConfig.js';
import type { LoadedModel } from './types.js';

export class ServingInstance {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(
    readonly model: LoadedModel,
    readonly resolved: ResolvedModel,
  ) {}

  get activeRequests(): number {
    return this.inFlight;
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

  /** Waits for the running requests, then releases the backend's resources. */
  async retire(): Promise<void> {
    await this.idle();
    await this.model.dispose();
  }
}
