import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { generateOpenapi, OPENAPI_PATH } from '../scripts/generateOpenapi.js';

describe('OpenAPI document', () => {
  it('the committed openapi/openapi.json is what the routes generate (run npm run openapi)', async () => {
    const generated = await generateOpenapi();
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(generated);
  });

  it('is a valid OpenAPI 3 document', async () => {
    const document = JSON.parse(await generateOpenapi());
    await expect(SwaggerParser.validate(document)).resolves.toBeTruthy();
    expect(document.openapi).toMatch(/^3\./);
  });

  it('covers every route with an operationId, a summary and error responses', async () => {
    const document = JSON.parse(await generateOpenapi());
    const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(
      ([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })),
    );
    const names = operations.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /healthz',
        'GET /v1/activations',
        'POST /v1/activations/{name}',
        'GET /openapi.json',
      ]),
    );
    for (const { op } of operations) {
      expect(op.operationId).toBeTruthy();
      expect(op.summary).toBeTruthy();
    }
    const apply = document.paths['/v1/activations/{name}'].post;
    expect(Object.keys(apply.requestBody.content)).toEqual(['application/json', 'application/x-npy']);
    expect(apply.requestBody.content['application/x-npy'].schema).toMatchObject({ type: 'string', format: 'binary' });
    for (const status of ['400', '404', '413', '415']) {
      expect(apply.responses[status].content['application/json'].schema.required).toContain('code');
    }
  });
});

describe('documentation routes', () => {
  it('serves the document at /openapi.json and Swagger UI at /docs', async () => {
    const { testApp } = await import('./helpers/app.js');
    const app = await testApp();
    try {
      const json = await app.inject({ method: 'GET', url: '/openapi.json' });
      expect(json.statusCode).toBe(200);
      expect(`${JSON.stringify(json.json(), null, 2)}\n`).toBe(await generateOpenapi());
      const ui = await app.inject({ method: 'GET', url: '/docs/' });
      expect(ui.statusCode).toBe(200);
      expect(ui.headers['content-type']).toMatch(/text\/html/);
      expect(ui.body).toContain('swagger');
    } finally {
      await app.close();
    }
  });
});
