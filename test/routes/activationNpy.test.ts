import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { decodeNpy, encodeNpy } from '../../src/tensor/npy.js';
import { testApp } from '../helpers/app.js';

/** Fixtures written by NumPy's np.save (scripts/fixtures/makeActivationNpy.py). */
const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/activations/${name}`, import.meta.url));
const FP64_RTOL = 1e-15;

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

function npyRequest(path: string, body: Buffer, accept = 'application/x-npy') {
  return request(app.server)
    .post(path)
    .set('content-type', 'application/x-npy')
    .set('accept', accept)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .send(body);
}

describe('POST /v1/activations/{name} with .npy bodies', () => {
  it('leaky_relu: np.save in, np.load out, byte for byte what NumPy computes and writes', async () => {
    const res = await npyRequest('/v1/activations/leaky_relu?alpha=0.1', fixture('x_f4.npy')).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-npy/);
    expect(Buffer.compare(res.body as Buffer, fixture('leaky_relu_alpha0.1_f4.npy'))).toBe(0);
  });

  it('prelu with per-channel slopes from the query string', async () => {
    const res = await npyRequest('/v1/activations/prelu?slope=0.1,0.2,0.3', fixture('x_f4.npy')).expect(200);
    expect(Buffer.compare(res.body as Buffer, fixture('prelu_slope0.1,0.2,0.3_f4.npy'))).toBe(0);
  });

  it('elu on float64 keeps float64', async () => {
    const res = await npyRequest('/v1/activations/Elu?alpha=1.5', fixture('x_f8.npy')).expect(200);
    const got = decodeNpy(res.body as Buffer);
    const want = decodeNpy(fixture('elu_alpha1.5_f8.npy'));
    expect(got.dtype).toBe('FP64');
    expect(got.shape).toEqual([2, 6]);
    want.data.forEach((w, i) => expect(Math.abs(got.data[i] - w)).toBeLessThanOrEqual(FP64_RTOL * Math.abs(w)));
  });

  it('a .npy body with a JSON reply can ask for gradients and stats', async () => {
    const body = encodeNpy(new Float32Array([-1, 2, -3, 4]), [2, 2]);
    const res = await request(app.server)
      .post('/v1/activations/relu?gradient=true&stats=true')
      .set('content-type', 'application/x-npy')
      .send(body)
      .expect(200);
    expect(res.body.output).toEqual({ shape: [2, 2], datatype: 'FP32', data: [0, 2, 0, 4] });
    expect(res.body.grad_input.data).toEqual([0, 1, 0, 1]);
    expect(res.body.stats.dead_units).toEqual([0]);
  });

  it('406 when gradients are asked for with a .npy reply', async () => {
    const res = await npyRequest('/v1/activations/relu?gradient=true', fixture('x_f4.npy'));
    expect(res.status).toBe(406);
    expect(JSON.parse((res.body as Buffer).toString()).code).toBe('NOT_ACCEPTABLE');
  });

  it('400 for a malformed .npy, an unsupported dtype, and a bad query parameter', async () => {
    const garbage = await request(app.server)
      .post('/v1/activations/relu')
      .set('content-type', 'application/x-npy')
      .send(Buffer.from('not an npy file at all'));
    expect(garbage.status).toBe(400);
    expect(garbage.body.code).toBe('INVALID_NPY');
    expect(garbage.body.error).toMatch(/^body: npy/);

    const int32 = Buffer.from(fixture('x_f4.npy'));
    int32.write("'<i4'", int32.indexOf("'<f4'"), 'latin1');
    const dtype = await request(app.server).post('/v1/activations/relu').set('content-type', 'application/x-npy').send(int32);
    expect(dtype.status).toBe(400);
    expect(dtype.body.error).toMatch(/<i4/);

    const alpha = await request(app.server)
      .post('/v1/activations/leaky_relu?alpha=abc')
      .set('content-type', 'application/x-npy')
      .send(fixture('x_f4.npy'));
    expect(alpha.status).toBe(400);
    expect(alpha.body.error).toMatch(/querystring\/alpha/);

    const slope = await request(app.server)
      .post('/v1/activations/prelu?slope=0.1,x,0.3')
      .set('content-type', 'application/x-npy')
      .send(fixture('x_f4.npy'));
    expect(slope.status).toBe(400);
    expect(slope.body.error).toMatch(/querystring\.slope\[1\] is 'x'/);
  });

  it('query parameters are refused with a JSON body, which carries its own', async () => {
    const res = await request(app.server)
      .post('/v1/activations/leaky_relu?alpha=0.2')
      .send({ input: { shape: [1], data: [-1] } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/querystring\.alpha is for \.npy bodies/);
  });
});
