import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MLP, MLP_LABELS } from '../../../scripts/fixtures/buildModels.js';
import { servingApp, type ServingApp } from '../../helpers/app.js';
import { ERROR_SCHEMAS, expectConforms, SKIP_REASON, SPECS_AVAILABLE } from './specs.js';

let serving: ServingApp;
const get = (path: string) => request(serving.app.server).get(path);
beforeAll(async () => {
  serving = await servingApp();
});
afterAll(async () => {
  await serving.close();
});

const MLP_METADATA = {
  name: 'fixture_mlp_leaky',
  versions: ['1'],
  platform: 'onnxruntime_onnx',
  inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, MLP.inputs] }],
  outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, MLP.classes] }],
  parameters: { backend: 'onnxruntime', onnxruntime_backend: 'supported', native_backend: 'supported' },
};

function expectError(res: request.Response, status: number, code: string, message: RegExp): void {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.stringMatching(message), code, statusCode: status, requestId: expect.any(String) });
}

describe('model metadata', () => {
  it('names, versions, platform, inputs and outputs with datatype and shape', async () => {
    expect((await get('/v2/models/fixture_mlp_leaky').expect(200)).body).toEqual(MLP_METADATA);
    expect((await get('/v2/models/fixture_mlp_leaky/versions/1').expect(200)).body).toEqual(MLP_METADATA);
  });

  it('lists every served version of a multi-version model', async () => {
    const res = await get('/v2/models/fixture_relu_identity').expect(200);
    expect(res.body.versions).toEqual(['1', '2']);
    expect(res.body.inputs).toEqual([{ name: 'x', datatype: 'FP32', shape: [-1] }]);
  });

  it("404 with Triton's wording for an unknown model or version", async () => {
    expectError(await get('/v2/models/nope'), 404, 'MODEL_NOT_FOUND', /^Request for unknown model: 'nope' is not found$/);
    expectError(await get('/v2/models/fixture_mlp_leaky/versions/7'), 404, 'MODEL_VERSION_NOT_FOUND', /'fixture_mlp_leaky' version 7 is not found/);
  });
});

describe('model ready', () => {
  it('200 { name, ready: true } with or without a version', async () => {
    expect((await get('/v2/models/fixture_mlp_leaky/ready').expect(200)).body).toEqual({ name: 'fixture_mlp_leaky', ready: true });
    expect((await get('/v2/models/fixture_relu_identity/versions/2/ready').expect(200)).body).toEqual({
      name: 'fixture_relu_identity',
      ready: true,
    });
  });

  it('404 for an unknown model or version, 503 for a model whose load failed', async () => {
    expectError(await get('/v2/models/nope/ready'), 404, 'MODEL_NOT_FOUND', /'nope'/);
    expectError(await get('/v2/models/fixture_relu_identity/versions/3/ready'), 404, 'MODEL_VERSION_NOT_FOUND', /version 3/);
    const broken = await servingApp({}, fileURLToPath(new URL('../../fixtures/models/broken/', import.meta.url)));
    try {
      const res = await request(broken.app.server).get('/v2/models/corrupt_onnx/versions/1/ready');
      expectError(res, 503, 'MODEL_NOT_READY', /Model 'corrupt_onnx' version 1 is not ready: .*not a valid ONNX model/);
    } finally {
      await broken.close();
    }
  });
});

describe('model config (model configuration extension)', () => {
  it('is the effective config: batch size, inputs and outputs in both spellings, labels', async () => {
    const res = await get('/v2/models/fixture_mlp_leaky/config').expect(200);
    expect(res.body).toMatchObject({
      name: 'fixture_mlp_leaky',
      platform: 'onnxruntime_onnx',
      max_batch_size: MLP.maxBatchSize,
      input: [{ name: 'x', datatype: 'FP32', data_type: 'TYPE_FP32', dims: [MLP.inputs] }],
      output: [{ name: 'probs', datatype: 'FP32', data_type: 'TYPE_FP32', dims: [MLP.classes] }],
      labels: { probs: MLP_LABELS },
    });
    expect((await get('/v2/models/fixture_mlp_leaky/versions/1/config').expect(200)).body).toEqual(res.body);
  });

  it('404 for an unknown model', async () => {
    expectError(await get('/v2/models/nope/config'), 404, 'MODEL_NOT_FOUND', /'nope'/);
  });
});

describe('statistics extension', () => {
  const duration = { count: expect.any(Number), ns: expect.any(Number) };
  const modelStat = (name: string, version: string) => ({
    name,
    version,
    last_inference: expect.any(Number),
    inference_count: expect.any(Number),
    execution_count: expect.any(Number),
    inference_stats: {
      success: duration,
      fail: duration,
      queue: duration,
      compute_input: duration,
      compute_infer: duration,
      compute_output: duration,
    },
    batch_stats: [],
  });

  it('counts a batch of n as n inferences and one execution, with nanoseconds', async () => {
    const before = (await get('/v2/models/fixture_mlp_leaky/stats').expect(200)).body.model_stats[0];
    await request(serving.app.server)
      .post('/v2/models/fixture_mlp_leaky/infer')
      .send({ inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32', data: new Array(12).fill(0.5) }] })
      .expect(200);
    const res = await get('/v2/models/fixture_mlp_leaky/stats').expect(200);
    expect(res.body).toEqual({ model_stats: [modelStat('fixture_mlp_leaky', '1')] });
    const after = res.body.model_stats[0];
    expect(after.inference_count - before.inference_count).toBe(3);
    expect(after.execution_count - before.execution_count).toBe(1);
    expect(after.inference_stats.success.count - before.inference_stats.success.count).toBe(1);
    expect(after.inference_stats.compute_infer.ns).toBeGreaterThan(before.inference_stats.compute_infer.ns);
    expect(after.last_inference).toBeGreaterThan(0);
  });

  it('one version, every version of a model, every model', async () => {
    const one = await get('/v2/models/fixture_relu_identity/versions/2/stats').expect(200);
    expect(one.body.model_stats).toEqual([modelStat('fixture_relu_identity', '2')]);
    const model = await get('/v2/models/fixture_relu_identity/stats').expect(200);
    expect(model.body.model_stats.map((s: { version: string }) => s.version)).toEqual(['1', '2']);
    const all = await get('/v2/models/stats').expect(200);
    const names = all.body.model_stats.map((s: { name: string; version: string }) => `${s.name}/${s.version}`);
    expect(names).toEqual(expect.arrayContaining(['fixture_mlp_leaky/1', 'fixture_relu_identity/1', 'fixture_relu_identity/2']));
  });

  it('404 for an unknown model or version', async () => {
    expectError(await get('/v2/models/nope/stats'), 404, 'MODEL_NOT_FOUND', /'nope'/);
    expectError(await get('/v2/models/fixture_mlp_leaky/versions/9/stats'), 404, 'MODEL_VERSION_NOT_FOUND', /version 9/);
  });
});

describe.skipIf(!SPECS_AVAILABLE)(`model routes conform to the OIP schemas${SPECS_AVAILABLE ? '' : ` (${SKIP_REASON})`}`, () => {
  it.each(['/v2/models/fixture_mlp_leaky', '/v2/models/fixture_relu_identity/versions/1', '/v2/models/fixture_identity_dtypes'])(
    'GET %s matches metadata_model_response / MetadataModelResponse',
    async (path) => {
      const res = await get(path).expect(200);
      expectConforms(res.body, ['dataplane', 'MetadataModelResponse'], ['kserve', 'metadata_model_response']);
      for (const tensor of [...res.body.inputs, ...res.body.outputs]) expectConforms(tensor, ['dataplane', 'MetadataTensor']);
    },
  );

  it.each(['/v2/models/nope', '/v2/models/nope/ready', '/v2/models/fixture_mlp_leaky/versions/5', '/v2/models/nope/stats'])(
    'the error of GET %s is an OIP error object',
    async (path) => {
      const res = await get(path).expect(404);
      expectConforms(res.body, ...ERROR_SCHEMAS, ['kserve', 'metadata_model_error_response']);
    },
  );
});
