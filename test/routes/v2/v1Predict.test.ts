import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MLP_LABELS } from '../../../scripts/fixtures/buildModels.js';
import { servingApp, type ServingApp } from '../../helpers/app.js';
import { expectClose, mlpReference } from './reference.js';

let serving: ServingApp;
beforeAll(async () => {
  serving = await servingApp();
});
afterAll(async () => {
  await serving.close();
});

const predict = (path: string, body: unknown) => request(serving.app.server).post(`/v1/models/${path}`).send(body as object);
const INSTANCES = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
];

describe('POST /v1/models/{m}:predict', () => {
  it('instances in, one prediction per instance out (the output row)', async () => {
    const res = await predict('fixture_mlp_leaky:predict', { instances: INSTANCES }).expect(200);
    expect(res.body.predictions).toHaveLength(2);
    res.body.predictions.forEach((row: number[], i: number) => expectClose(row, mlpReference(INSTANCES[i])));
  });

  it('instances may be nested deeper (images) and scalar (rank-1 models)', async () => {
    const image = Array.from({ length: 6 }, (_, y) => Array.from({ length: 6 }, (_, x) => (x - y) / 6));
    const conv = await predict('fixture_prelu_conv:predict', { instances: [[image]] }).expect(200);
    expect(conv.body.predictions).toEqual([[expect.any(Number), expect.any(Number)]]);
    const relu = await predict('fixture_relu_identity:predict', { instances: [-1, 2, -3] }).expect(200);
    expect(relu.body).toEqual({ predictions: [0, 2, 0] });
  });

  it('?top_k=N gives the N best classes with labels and scores, best first', async () => {
    const res = await predict('fixture_mlp_leaky:predict?top_k=2', { instances: INSTANCES }).expect(200);
    res.body.predictions.forEach((classes: { index: number; label: string; score: number }[], i: number) => {
      const p = mlpReference(INSTANCES[i]);
      const best = [0, 1, 2].sort((a, b) => p[b] - p[a]).slice(0, 2);
      expect(classes.map((c) => c.index)).toEqual(best);
      expect(classes.map((c) => c.label)).toEqual(best.map((k) => MLP_LABELS[k]));
      expectClose(classes.map((c) => c.score), best.map((k) => p[k]));
    });
  });

  it('refuses a model with more than one input, pointing at the V2 route', async () => {
    const res = await predict('fixture_identity_dtypes:predict', { instances: [[1, 2]] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INFER_REQUEST', error: expect.stringMatching(/has 8 inputs; :predict serves single-input models, use POST \/v2\/models\/fixture_identity_dtypes\/infer/) });
  });

  it('4xx for bad instances, an unknown model, a bad top_k; the route needs the colon form', async () => {
    const ragged = await predict('fixture_mlp_leaky:predict', { instances: [[1, 2, 3, 4], [1, 2]] });
    expect(ragged.status).toBe(400);
    expect(ragged.body.error).toMatch(/instances\.data\[1\] has 2 entries/);
    const shape = await predict('fixture_mlp_leaky:predict', { instances: [[1, 2, 3]] });
    expect(shape.body.error).toMatch(/unexpected shape for input 'x'.*Expected \[-1,4\], got \[1,3\]/);
    expect((await predict('nope:predict', { instances: [[1]] })).status).toBe(404);
    expect((await predict('fixture_mlp_leaky:predict', { instances: [] })).status).toBe(400);
    expect((await predict('fixture_mlp_leaky:predict?top_k=0', { instances: INSTANCES })).status).toBe(400);
    expect((await predict('fixture_mlp_leaky:explain', { instances: INSTANCES })).status).toBe(404);
  });

  it('400, not a 500, for an instance nested thousands of arrays deep (the nested walk overflowed the stack)', async () => {
    const depth = 20_000;
    const res = await request(serving.app.server)
      .post('/v1/models/fixture_relu_identity:predict')
      .set('content-type', 'application/json')
      .send(`{"instances":[${'['.repeat(depth)}${']'.repeat(depth)}]}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_TENSOR', error: 'instances[0] is nested more than 7 arrays deep; with the batch dimension a tensor has at most 8' });
  });
});
