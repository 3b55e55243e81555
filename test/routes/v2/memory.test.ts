/**
 * Nothing leaks per HTTP request: 10,000 binary infer requests (Triton's binary tensor
 * extension, batch 64 in and out) through the whole app keep memory flat. See
 * test/helpers/memory.ts for how growth is measured; the bounds are those of the model layer's
 * test (test/model/memory.test.ts) with room for the HTTP layer's own buffers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedValues, MLP } from '../../../scripts/fixtures/buildModels.js';
import { servingApp, type ServingApp } from '../../helpers/app.js';
import { memoryGrowth, MiB } from '../../helpers/memory.js';

const REQUESTS = 10_000;
const WINDOWS = 10;
const WARMUP = 4_000;
const BATCH = 64;
const RSS_WINDOW_BOUND = 1.5 * MiB;
const EXTERNAL_WINDOW_BOUND = 0.5 * MiB;
const RSS_TOTAL_BOUND = 40 * MiB;

let serving: ServingApp;
beforeAll(async () => {
  serving = await servingApp();
});
afterAll(() => serving.close());

describe('memory across 10,000 binary infer requests', () => {
  it('stays flat', async () => {
    const x = fixedValues(11, BATCH * MLP.inputs, -3, 3);
    const header = Buffer.from(
      JSON.stringify({
        inputs: [{ name: 'x', shape: [BATCH, MLP.inputs], datatype: 'FP32', parameters: { binary_data_size: x.byteLength } }],
        parameters: { binary_data_output: true },
      }),
    );
    const body = Buffer.concat([header, Buffer.from(x.buffer, x.byteOffset, x.byteLength)]);
    const growth = await memoryGrowth(
      async () => {
        const res = await serving.app.inject({
          method: 'POST',
          url: '/v2/models/fixture_mlp_leaky/infer',
          headers: { 'inference-header-content-length': String(header.length), 'content-type': 'application/octet-stream' },
          payload: body,
        });
        if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}: ${res.body}`);
      },
      { warmup: WARMUP, windows: WINDOWS, perWindow: REQUESTS / WINDOWS },
    );
    console.info(growth.summary);
    expect(growth.medianRss).toBeLessThan(RSS_WINDOW_BOUND);
    expect(growth.medianExternal).toBeLessThan(EXTERNAL_WINDOW_BOUND);
    expect(growth.totalRss).toBeLessThan(RSS_TOTAL_BOUND);
  });
});
