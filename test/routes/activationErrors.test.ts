import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { testApp } from '../helpers/app.js';

let app: App;
beforeAll(async () => {
  app = await testApp({ BODY_LIMIT_BYTES: '4096', MAX_TENSOR_ELEMENTS: '100' });
});
afterAll(async () => {
  await app.close();
});

const input = { shape: [2, 3], data: [1, -2, 3, -4, 5, -6] };

async function expectError(
  res: request.Response,
  status: number,
  code: string,
  message: RegExp,
): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: expect.stringMatching(message), code, statusCode: status, requestId: expect.any(String) });
}

const post = (name: string, body: unknown) => request(app.server).post(`/v1/activations/${name}`).send(body as object);

describe('activation errors: one error body, a 4xx naming the field, never a 500', () => {
  it('404 for an unknown activation lists the valid ones', async () => {
    const res = await post('swish', { input });
    await expectError(res, 404, 'ACTIVATION_NOT_FOUND', /unknown activation 'swish'.*relu \(Relu\).*selu \(Selu\)/);
  });

  it('404 for an unknown route, in the same body', async () => {
    await expectError(await request(app.server).get('/v9/nothing'), 404, 'ROUTE_NOT_FOUND', /GET \/v9\/nothing/);
  });

  it('400 when data length does not match the shape', async () => {
    const res = await post('relu', { input: { shape: [2, 3], data: [1, 2, 3] } });
    await expectError(res, 400, 'SHAPE_MISMATCH', /input\.data has 3 elements but shape \[2,3\] needs 6/);
  });

  it('400 when nested data does not match the shape, naming the place', async () => {
    const res = await post('relu', { input: { shape: [2, 3], data: [[1, 2, 3], [4, 5]] } });
    await expectError(res, 400, 'SHAPE_MISMATCH', /input\.data\[1\] has 2 entries/);
  });

  it('400 for an element that is not a number', async () => {
    const res = await post('relu', { input: { shape: [2], data: [1, 'x'] } });
    await expectError(res, 400, 'INVALID_TENSOR', /input\.data\[1\] is "x"; expected a number/);
  });

  it('400 for a bad datatype, naming the field and the allowed values', async () => {
    const res = await post('relu', { input: { ...input, datatype: 'INT8' } });
    await expectError(res, 400, 'VALIDATION_ERROR', /input\/datatype.*FP32.*FP64/);
  });

  it("the router's own refusals come in the same body: a malformed percent-encoding, an over-long name", async () => {
    const encoding = await request(app.server).post('/v1/activations/%zz').send({ input });
    await expectError(encoding, 400, 'VALIDATION_ERROR', /^'\/v1\/activations\/%zz' is not a valid url component$/);
    const long = await request(app.server).post(`/v1/activations/${'a'.repeat(101)}`).send({ input });
    await expectError(long, 414, 'VALIDATION_ERROR', /exceeding the max param length/);
  });

  it("400, not a 500, for a dimension the schema's type coercion made non-finite", async () => {
    const res = await post('relu', { input: { shape: ['-Infinity'], data: [] } });
    await expectError(res, 400, 'INVALID_TENSOR', /^input\.shape\[0\] is -Infinity; expected a non-negative integer$/);
  });

  it('400 for a missing input, a bad shape, an unknown field', async () => {
    await expectError(await post('relu', {}), 400, 'VALIDATION_ERROR', /input/);
    await expectError(await post('relu', { input: { shape: [-1], data: [] } }), 400, 'VALIDATION_ERROR', /shape\/0/);
    await expectError(await post('relu', { input: { shape: [1, 1, 1, 1, 1, 1, 1, 1, 1], data: [1] } }), 400, 'VALIDATION_ERROR', /shape/);
    await expectError(await post('relu', { input, bogus: 1 }), 400, 'VALIDATION_ERROR', /bogus/);
  });

  it('400 for parameters the activation does not take, or a slope outside prelu', async () => {
    await expectError(await post('relu', { input, parameters: { alpha: 0.1 } }), 400, 'INVALID_PARAMETER', /parameters\.alpha does not apply to relu/);
    await expectError(await post('leaky_relu', { input, parameters: { gamma: 2 } }), 400, 'INVALID_PARAMETER', /parameters\.gamma.*takes alpha/);
    await expectError(await post('elu', { input, slope: 0.1 }), 400, 'INVALID_PARAMETER', /slope applies to prelu only/);
  });

  it('400 for prelu without a slope, or a slope that does not broadcast', async () => {
    await expectError(await post('prelu', { input }), 400, 'INVALID_PARAMETER', /slope is required for prelu/);
    await expectError(await post('prelu', { input, slope: [0.1, 0.2] }), 400, 'BROADCAST_ERROR', /2 per-channel values.*3 channels on axis 1/);
    await expectError(
      await post('prelu', { input, slope: { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] } }),
      400,
      'BROADCAST_ERROR',
      /slope shape \[3,2\] does not broadcast to input shape \[2,3\]/,
    );
  });

  it('400 when grad_output does not match the input', async () => {
    const res = await post('relu', { input, grad_output: { shape: [3, 2], data: [1, 1, 1, 1, 1, 1] } });
    await expectError(res, 400, 'SHAPE_MISMATCH', /grad_output shape \[3,2\] differs from input shape \[2,3\]/);
  });

  it('400 for malformed JSON and an empty body', async () => {
    const bad = await request(app.server).post('/v1/activations/relu').set('content-type', 'application/json').send('{"input":');
    await expectError(bad, 400, 'INVALID_JSON', /JSON/);
    const empty = await request(app.server).post('/v1/activations/relu').set('content-type', 'application/json').send('');
    await expectError(empty, 400, 'INVALID_JSON', /empty/i);
  });

  it('413 for a body over the limit and a tensor over the element limit', async () => {
    const big = { input: { shape: [3000], data: new Array(3000).fill(1) } };
    await expectError(await post('relu', big), 413, 'BODY_TOO_LARGE', /larger than the limit of 4096 bytes/);
    const many = { input: { shape: [101], data: new Array(101).fill(1) } };
    await expectError(await post('relu', many), 413, 'TENSOR_TOO_LARGE', /input has 101 elements; the limit is 100/);
  });

  it('415 for an unsupported media type', async () => {
    const res = await request(app.server).post('/v1/activations/relu').set('content-type', 'text/csv').send('1,2,3');
    await expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', /text\/csv/);
    const text = await request(app.server).post('/v1/activations/relu').set('content-type', 'text/plain').send('1,2,3');
    await expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE', /text\/plain.*application\/json or application\/x-npy/);
  });

  it('echoes the x-request-id header as requestId', async () => {
    const res = await post('swish', { input }).set('x-request-id', 'abc-123');
    expect(res.body.requestId).toBe('abc-123');
  });

  it('keeps serving after every kind of bad request', async () => {
    await post('relu', { input: { shape: [2, 3], data: 'nope' } });
    const res = await post('relu', { input }).expect(200);
    expect(res.body.output.data).toEqual([1, 0, 3, 0, 5, 0]);
  });
});
