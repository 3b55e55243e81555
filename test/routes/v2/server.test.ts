import { fileURLToPath } from 'node:url';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { ModelRegistry } from '../../../src/model/registry.js';
import { SERVING_REPOSITORY, servingApp, type ServingApp } from '../../helpers/app.js';
import { ERROR_SCHEMAS, expectConforms, SKIP_REASON, SPECS_AVAILABLE } from './specs.js';

const BROKEN_REPOSITORY = fileURLToPath(new URL('../../fixtures/models/broken/', import.meta.url));

let serving: ServingApp;
beforeAll(async () => {
  serving = await servingApp();
});
afterAll(async () => {
  await serving.close();
});

describe('GET /v2 (server metadata)', () => {
  it("names the server, its version and Triton's spellings of the extensions served", async () => {
    const res = await request(serving.app.server).get('/v2').expect(200);
    expect(res.body).toEqual({
      name: 'leaky-serve',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      extensions: ['classification', 'model_repository', 'model_configuration', 'binary_tensor_data', 'statistics'],
    });
  });
});

describe('health', () => {
  it('live and ready answer 200 with a JSON body once the repository is loaded', async () => {
    expect((await request(serving.app.server).get('/v2/health/live').expect(200)).body).toEqual({ live: true });
    expect((await request(serving.app.server).get('/v2/health/ready').expect(200)).body).toEqual({ ready: true });
  });

  it('ready is 503 before loadAll() has finished, and 200 after, while live stays 200', async () => {
    const config = loadConfig({ MODEL_REPOSITORY: SERVING_REPOSITORY, ORT_INTRA_OP_THREADS: '1' });
    const registry = new ModelRegistry({ repository: SERVING_REPOSITORY, intraOpThreads: 1, logger: pino({ level: 'silent' }) });
    const app = await buildApp({ config, registry });
    try {
      const before = await request(app.server).get('/v2/health/ready');
      expect(before.status).toBe(503);
      expect(before.body).toMatchObject({ code: 'SERVER_NOT_READY', statusCode: 503, error: expect.stringMatching(/not ready/) });
      await request(app.server).get('/v2/health/live').expect(200);
      await registry.loadAll();
      await request(app.server).get('/v2/health/ready').expect(200);
    } finally {
      await app.close();
      await registry.close();
    }
  });

  it('ready is 503 when a model failed to load (Triton strict readiness)', async () => {
    const broken = await servingApp({}, BROKEN_REPOSITORY);
    try {
      const res = await request(broken.app.server).get('/v2/health/ready').expect(503);
      expect(res.body.error).toMatch(/POST \/v2\/repository\/index/);
    } finally {
      await broken.close();
    }
  });
});

describe.skipIf(!SPECS_AVAILABLE)(`server routes conform to the OIP schemas${SPECS_AVAILABLE ? '' : ` (${SKIP_REASON})`}`, () => {
  it('GET /v2 matches metadata_server_response / MetadataServerResponse', async () => {
    const res = await request(serving.app.server).get('/v2').expect(200);
    expectConforms(res.body, ['dataplane', 'MetadataServerResponse'], ['kserve', 'metadata_server_response']);
  });

  it('a 503 from ready is an OIP error object', async () => {
    const app = await buildApp({
      config: loadConfig({}),
      registry: new ModelRegistry({ repository: SERVING_REPOSITORY, intraOpThreads: 1, logger: pino({ level: 'silent' }) }),
    });
    try {
      const res = await request(app.server).get('/v2/health/ready').expect(503);
      expectConforms(res.body, ...ERROR_SCHEMAS);
    } finally {
      await app.close();
    }
  });
});
