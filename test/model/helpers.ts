/**
 * Shared pieces of the model-layer tests: a logger that keeps its lines, throwaway repositories
 * copied from the fixtures, and a backend whose loads and runs the test controls.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Backend, BackendLoadSpec } from '../../src/model/backend.js';
import type { LoadedModel, Tensor, TensorSpec } from '../../src/model/types.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'models');
export const SERVING_REPO = join(FIXTURES, 'serving');
export const BROKEN_REPO = join(FIXTURES, 'broken');

export interface LogLine {
  level: number;
  msg: string;
  model?: string;
  version?: string;
  reason?: string;
}

export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

/** A fresh copy of fixture models (by name, from either fixture repository) in a temp folder. */
export function tempRepository(models: Record<string, string> = {}): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'leaky-serve-models-'));
  for (const [name, source] of Object.entries(models)) cpSync(source, join(root, name), { recursive: true });
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every already-settled promise chain run: no timers, no sleeps. */
export async function flush(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Echoes its first input as every output. Records `load m/v #id`, `run #id`, `dispose #id`;
 * `holdRuns()` makes runs wait until the returned function is called; `nextLoad()` resolves when
 * a load starts; `failLoads` and `failRuns` make loads and runs throw.
 */
export class FakeBackend implements Backend {
  readonly name = 'onnxruntime' as const;
  readonly events: string[] = [];
  failLoads: string | undefined;
  failRuns: string | undefined;
  private nextId = 1;
  private gate: Promise<void> | undefined;
  private loadGate: Promise<void> | undefined;
  private loadWatchers: (() => void)[] = [];

  holdLoads(): () => void {
    const { promise, resolve } = deferred();
    this.loadGate = promise;
    return () => {
      this.loadGate = undefined;
      resolve();
    };
  }

  /** Resolves when `load` is next called: a load reads model.onnx first, which takes no fixed number of ticks. */
  nextLoad(): Promise<void> {
    return new Promise((resolve) => this.loadWatchers.push(resolve));
  }

  holdRuns(): () => void {
    const { promise, resolve } = deferred();
    this.gate = promise;
    return () => {
      this.gate = undefined;
      resolve();
    };
  }

  async load(_model: Uint8Array, spec: BackendLoadSpec): Promise<LoadedModel> {
    const id = this.nextId++;
    this.events.push(`load ${spec.modelName}/${spec.version} #${id}`);
    for (const wake of this.loadWatchers.splice(0)) wake();
    if (this.loadGate !== undefined) await this.loadGate;
    if (this.failLoads !== undefined) throw new Error(this.failLoads);
    return new FakeModel(id, spec.inputs, spec.outputs, this);
  }

  /** Internal: the gate runs wait on, if any. */
  currentGate(): Promise<void> | undefined {
    return this.gate;
  }
}

class FakeModel implements LoadedModel {
  readonly backend = 'onnxruntime' as const;

  constructor(
    readonly id: number,
    readonly inputs: TensorSpec[],
    readonly outputs: TensorSpec[],
    private readonly owner: FakeBackend,
  ) {}

  async run(inputs: Tensor[], outputNames: string[]): Promise<Tensor[]> {
    this.owner.events.push(`run #${this.id}`);
    const gate = this.owner.currentGate();
    if (gate !== undefined) await gate;
    if (this.owner.failRuns !== undefined) throw new Error(this.owner.failRuns);
    return outputNames.map((name) => ({ ...inputs[0], name }));
  }

  async dispose(): Promise<void> {
    this.owner.events.push(`dispose #${this.id}`);
  }
}
