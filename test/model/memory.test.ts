/**
 * Nothing leaks per request: memory stays flat across 10,000 infer calls on the MLP fixture.
 * rss takes one-off native steps of 3-5 MiB (the V8 heap does not move; malloc's thresholds and
 * onnxruntime's arena do) at no fixed point in the first ~15,000 calls, so the calls run in
 * windows with a full collection after each: a leak grows every window, a step one or two.
 * A leak of each request's tensors (1 KiB in, 768 B out at batch 64) adds ~1.7 MiB of rss per
 * window of 1,000, or ~0.7 MiB of external memory for the outputs alone; the median window
 * must stay well under that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedValues, MLP } from '../../scripts/fixtures/buildModels.js';
import { ModelRegistry } from '../../src/model/registry.js';
import type { Tensor } from '../../src/model/types.js';
import { memoryGrowth, MiB } from '../helpers/memory.js';
import { captureLogger, SERVING_REPO } from './helpers.js';

const REQUESTS = 10_000;
const WINDOWS = 10;
const WARMUP = 6_000;
const BATCH = 64;
const RSS_WINDOW_BOUND = 1 * MiB;
const EXTERNAL_WINDOW_BOUND = 0.4 * MiB;
/** Over the whole run: the one-off steps seen (up to ~12 MiB in all), with room to spare. */
const RSS_TOTAL_BOUND = 32 * MiB;

describe('memory across 10,000 infer calls', () => {
  const registry = new ModelRegistry({ repository: SERVING_REPO, intraOpThreads: 1, logger: captureLogger().logger });
  beforeAll(() => registry.loadAll());
  afterAll(() => registry.close());

  it('stays flat', async () => {
    const x = fixedValues(7, BATCH * MLP.inputs, -3, 3);
    const growth = await memoryGrowth(
      async () => {
        // A new tensor object per request, as a route builds one; the data array is shared.
        const input: Tensor = { name: 'x', datatype: 'FP32', shape: [BATCH, MLP.inputs], data: x };
        const { outputs } = await registry.infer('fixture_mlp_leaky', undefined, [input]);
        if (outputs[0].data.length !== BATCH * MLP.classes) throw new Error('unexpected output size');
      },
      { warmup: WARMUP, windows: WINDOWS, perWindow: REQUESTS / WINDOWS },
    );
    console.info(growth.summary);
    expect(growth.medianRss).toBeLessThan(RSS_WINDOW_BOUND);
    expect(growth.medianExternal).toBeLessThan(EXTERNAL_WINDOW_BOUND);
    expect(growth.totalRss).toBeLessThan(RSS_TOTAL_BOUND);
    expect(registry.statistics('fixture_mlp_leaky', '1')[0].inference_count).toBe((WARMUP + REQUESTS) * BATCH);
  });
});
