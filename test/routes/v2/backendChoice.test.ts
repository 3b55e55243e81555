/**
 * Two backends behind one model: metadata says which can run it, `parameters.backend` picks one
 * per request, `backend: "native"` in config.json serves it natively, and a model the native
 * kernels cannot run is refused with 422 naming every missing op.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MLP } from '../../../scripts/fixtures/buildModels.js';
import { servingApp, type ServingApp } from '../../helpers/app.js';
import { BROKEN_REPO, SERVING_REPO, tempRepository } from '../../model/helpers.js';

/** Float32 kernels in a different order of summation: the two backends agree this closely. */
const TOLERANCE = 1e-6;

let serving: ServingApp;
let cleanup: () => void;
const post = (path: string, body: object) => request(serving.app.server).post(path).send(body);

beforeAll(async () => {
  const repo = tempRepository({
    mlp: join(SERVING_REPO, 'fixture_mlp_leaky'),
    mlp_native: join(SERVING_REPO, 'fixture_mlp_leaky'),
    lacks_ops: join(BROKEN_REPO, 'native_backend'),
  });
  cleanup = repo.cleanup;
  const config = { backend: 'native', max_batch_size: MLP.maxBatchSize };
  writeFileSync(join(repo.root, 'mlp_native', 'config.json'), JSON.stringify(config));
  writeFileSync(join(repo.root, 'lacks_ops', 'config.json'), JSON.stringify({}));
  serving = await servingApp({}, repo.root);
});

afterAll(async () => {
  await serving.close();
  cleanup();
});

const ROWS = [
  [0.5, -1, 2, 0.25],
  [-3, 0, 1, -0.5],
];

function inferBody(backend?: string): object {
  return {
    inputs: [{ name: 'x', datatype: 'FP32', shape: [2, MLP.inputs], data: ROWS.flat() }],
    ...(backend === undefined ? {} : { parameters: { backend } }),
  };
}

async function probs(model: string, backend?: string): Promise<number[]> {
  const res = await post(`/v2/models/${model}/infer`, inferBody(backend)).expect(200);
  return res.body.outputs[0].data as number[];
}

describe('backend choice', () => {
  it('metadata says which backend serves the model and that both can run it', async () => {
    const res = await request(serving.app.server).get('/v2/models/mlp_native').expect(200);
    expect(res.body.parameters).toEqual({ backend: 'native', onnxruntime_backend: 'supported', native_backend: 'supported' });
  });

  it('metadata names every op the native backend lacks', async () => {
    const res = await request(serving.app.server).get('/v2/models/lacks_ops').expect(200);
    expect(res.body.parameters).toEqual({
      backend: 'onnxruntime',
      onnxruntime_backend: 'supported',
      native_backend: 'unsupported',
      native_backend_reason: 'the native backend lacks LSTM (opset 13), Einsum (opset 13)',
    });
  });

  it('parameters.backend runs the request on either backend, and they agree', async () => {
    const defaults = await probs('mlp');
    const native = await probs('mlp', 'native');
    const ort = await probs('mlp', 'onnxruntime');
    const servedNatively = await probs('mlp_native');
    expect(ort).toEqual(defaults);
    expect(native).toEqual(servedNatively);
    native.forEach((p, i) => expect(Math.abs(p - ort[i])).toBeLessThanOrEqual(TOLERANCE));
    // Rows of probabilities: a wrong kernel would not sum to 1.
    expect(native[0] + native[1] + native[2]).toBeCloseTo(1, 5);
  });

  it('400 naming the field for an unknown backend, and for one that cannot run the model', async () => {
    const unknown = await post('/v2/models/mlp/infer', inferBody('tensorflow')).expect(400);
    expect(unknown.body.error).toMatch(/parameters\/backend|parameters\.backend/);
    const lacking = await post('/v2/models/lacks_ops/infer', {
      inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4] }],
      parameters: { backend: 'native' },
    }).expect(400);
    expect(lacking.body).toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      error: "parameters.backend: model 'lacks_ops' version 1 cannot run on the native backend: the native backend lacks LSTM (opset 13), Einsum (opset 13)",
    });
  });
});
