import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVING_REPOSITORY, servingApp, type ServingApp } from '../../helpers/app.js';
import { tempRepository } from '../../model/helpers.js';
import { rawPost } from './rawHttp.js';
import { expectConforms, SKIP_REASON, SPECS_AVAILABLE } from './specs.js';

const TOKEN = 's3cret-token';
let repo: { root: string; cleanup: () => void };
let serving: ServingApp;

beforeAll(async () => {
  repo = tempRepository({
    fixture_mlp_leaky: join(SERVING_REPOSITORY, 'fixture_mlp_leaky'),
    fixture_relu_identity: join(SERVING_REPOSITORY, 'fixture_relu_identity'),
  });
  serving = await servingApp({ ADMIN_TOKEN: TOKEN }, repo.root);
});
afterAll(async () => {
  await serving.close();
  repo.cleanup();
});

const post = (path: string, token: string | null = TOKEN) => {
  const req = request(serving.app.server).post(path);
  return token === null ? req : req.set('authorization', `Bearer ${token}`);
};

const ALL = [
  { name: 'fixture_mlp_leaky', version: '1', state: 'READY', reason: '' },
  { name: 'fixture_relu_identity', version: '1', state: 'READY', reason: '' },
  { name: 'fixture_relu_identity', version: '2', state: 'READY', reason: '' },
];

describe('POST /v2/repository/index', () => {
  it('lists every version with its state, whatever form the (optional) body takes', async () => {
    expect((await post('/v2/repository/index').send({}).expect(200)).body).toEqual(ALL);
    expect((await post('/v2/repository/index').expect(200)).body).toEqual(ALL);
    const bare = await rawPost(serving.app, '/v2/repository/index', { authorization: `Bearer ${TOKEN}` }, Buffer.from('{"ready":false}'));
    expect(bare.status).toBe(200); // no Content-Type, as tritonclient sends it
    expect(JSON.parse(bare.body.toString())).toEqual(ALL);
  });

  it('{ ready: true } keeps only the READY versions', async () => {
    await post('/v2/repository/models/fixture_mlp_leaky/unload').expect(200);
    try {
      const all = (await post('/v2/repository/index').send({ ready: false }).expect(200)).body;
      expect(all.find((e: { name: string }) => e.name === 'fixture_mlp_leaky').state).not.toBe('READY');
      const ready = (await post('/v2/repository/index').send({ ready: true }).expect(200)).body;
      expect(ready).toEqual(ALL.slice(1));
    } finally {
      await post('/v2/repository/models/fixture_mlp_leaky/load').expect(200);
    }
  });

  it('400 for a body that is not the index request', async () => {
    const res = await post('/v2/repository/index').send({ ready: 'maybe' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_ERROR', error: expect.stringMatching(/ready/) });
  });
});

describe('load and unload', () => {
  const infer = () =>
    request(serving.app.server)
      .post('/v2/models/fixture_relu_identity/infer')
      .send({ inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: [-1] }] });

  it('unload takes the model out of service; load brings it back; both answer 200 with an empty body', async () => {
    await infer().expect(200);
    const unloaded = await post('/v2/repository/models/fixture_relu_identity/unload').expect(200);
    expect(unloaded.text).toBe('');
    expect([404, 503]).toContain((await infer()).status);
    const loaded = await post('/v2/repository/models/fixture_relu_identity/load').send({}).expect(200);
    expect(loaded.text).toBe('');
    expect((await infer().expect(200)).body.outputs[0].data).toEqual([0]);
  });

  it('load of a loaded model reloads it and keeps serving', async () => {
    await post('/v2/repository/models/fixture_mlp_leaky/load').expect(200);
    await request(serving.app.server).get('/v2/models/fixture_mlp_leaky/ready').expect(200);
  });

  it('names that could leave the repository folder are refused with a 400', async () => {
    for (const name of ['..%2F..%2Fetc', '.hidden', '..']) {
      const res = await post(`/v2/repository/models/${name}/load`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_MODEL_NAME' });
    }
  });

  it('a model that is not in the repository is a 4xx, never a 500', async () => {
    const load = await post('/v2/repository/models/nope/load');
    expect([400, 404]).toContain(load.status);
    expect(load.body.error).toMatch(/nope/);
    expect((await post('/v2/repository/models/nope/unload')).status).toBe(404);
  });
});

describe('ADMIN_TOKEN', () => {
  it('401 without a token or with a wrong one, with WWW-Authenticate; other routes stay open', async () => {
    const missing = await post('/v2/repository/index', null).send({});
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.body).toMatchObject({ code: 'UNAUTHORIZED', statusCode: 401, error: expect.stringMatching(/Authorization: Bearer/) });
    const wrong = await post('/v2/repository/models/fixture_mlp_leaky/unload', 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatch(/not valid/);
    const basic = await request(serving.app.server).post('/v2/repository/index').set('authorization', `Basic ${TOKEN}`);
    expect(basic.status).toBe(401);
    await request(serving.app.server).get('/v2/models/fixture_mlp_leaky/ready').expect(200); // unload above was refused
  });

  it('no token is needed when ADMIN_TOKEN is unset', async () => {
    const open = await servingApp({}, repo.root);
    try {
      await request(open.app.server).post('/v2/repository/index').expect(200);
    } finally {
      await open.close();
    }
  });
});

describe.skipIf(!SPECS_AVAILABLE)(`repository routes conform to model_repository.json${SPECS_AVAILABLE ? '' : ` (${SKIP_REASON})`}`, () => {
  it('index answers are RepositoryIndexResponse; its request is RepositoryIndexRequest', async () => {
    expectConforms({ ready: true }, ['repository', 'RepositoryIndexRequest']);
    const res = await post('/v2/repository/index').send({}).expect(200);
    expectConforms(res.body, ['repository', 'RepositoryIndexResponse']);
  });

  it('load and unload errors are RepositoryLoadErrorResponse / RepositoryUnloadErrorResponse', async () => {
    const load = await post('/v2/repository/models/.hidden/load').expect(400);
    expectConforms(load.body, ['repository', 'RepositoryLoadErrorResponse']);
    const unload = await post('/v2/repository/models/nope/unload');
    expectConforms(unload.body, ['repository', 'RepositoryUnloadErrorResponse']);
  });
});
