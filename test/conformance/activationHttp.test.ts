/**
 * The same ONNX backend-test cases as activationKernels.test.ts, sent through
 * POST /v1/activations/{ONNX op name} as a client would, in JSON and in .npy.
 */
import { basename } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { OnnxTensor } from '../../src/onnx/tensorProto.js';
import { decodeNpy, encodeNpy } from '../../src/tensor/npy.js';
import { testApp } from '../helpers/app.js';
import { expectAllClose, floatData, preluSlopeShape, SUITES } from './activationSuites.js';
import { hasTestData, listCases, loadCase, type OnnxTestCase, warnIfMissing } from './onnxTestData.js';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

const datatypeOf = (t: OnnxTensor): 'FP32' | 'FP64' => (t.data instanceof Float64Array ? 'FP64' : 'FP32');

/** The case's node as a JSON request body: attributes become parameters, PRelu's slope a tensor. */
function jsonBody(testCase: OnnxTestCase, inputs: OnnxTensor[]): object {
  const [x, slope] = inputs;
  const parameters: Record<string, number> = {};
  for (const [name, value] of Object.entries(testCase.attributes)) {
    if (typeof value === 'number') parameters[name] = value;
  }
  const body: Record<string, unknown> = {
    input: { shape: x.shape, datatype: datatypeOf(x), data: Array.from(floatData(x, testCase.name)) },
    parameters,
  };
  if (testCase.opType === 'PRelu') {
    body.slope = {
      shape: preluSlopeShape(testCase.opsetVersion, x.shape, slope.shape),
      data: Array.from(floatData(slope, testCase.name)),
    };
  }
  return body;
}

/** Query string of a .npy request; only cases whose slope is a scalar or per-channel fit in it. */
function npyQuery(testCase: OnnxTestCase, inputs: OnnxTensor[]): string | undefined {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(testCase.attributes)) {
    if (typeof value === 'number') query.set(name, String(value));
  }
  if (testCase.opType === 'PRelu') {
    const [x, slope] = inputs;
    const shape = preluSlopeShape(testCase.opsetVersion, x.shape, slope.shape);
    const perChannel = slope.data.length === 1 || (shape.length === x.shape.length - 1 && shape.slice(1).every((d) => d === 1));
    if (!perChannel) return undefined;
    query.set('slope', Array.from(floatData(slope, testCase.name)).join(','));
  }
  return query.toString();
}

warnIfMissing();

for (const { folder, pattern, minCases } of SUITES) {
  describe.skipIf(!hasTestData)(`ONNX backend tests in ${folder}/ over HTTP`, () => {
    const cases = listCases(folder, pattern);

    it(`finds at least ${minCases} cases`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(minCases);
    });

    it.each(cases.map((dir) => [basename(dir), dir]))('%s (JSON)', async (_name, dir) => {
      const testCase = loadCase(dir);
      for (const [index, { inputs, outputs }] of testCase.datasets.entries()) {
        const res = await request(app.server).post(`/v1/activations/${testCase.opType}`).send(jsonBody(testCase, inputs));
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.output.shape).toEqual(outputs[0].shape);
        const expected = floatData(outputs[0], testCase.name);
        const Ctor = expected instanceof Float64Array ? Float64Array : Float32Array;
        expectAllClose(Ctor.from(res.body.output.data as number[]), expected, `${testCase.name} set ${index}`);
      }
    });

    it.each(cases.map((dir) => [basename(dir), dir]))('%s (.npy)', async (_name, dir) => {
      const testCase = loadCase(dir);
      for (const [index, { inputs, outputs }] of testCase.datasets.entries()) {
        const query = npyQuery(testCase, inputs);
        if (query === undefined) continue; // a full slope tensor cannot go in a query string
        const x = inputs[0];
        const res = await request(app.server)
          .post(`/v1/activations/${testCase.opType}?${query}`)
          .set('content-type', 'application/x-npy')
          .set('accept', 'application/x-npy')
          .buffer(true)
          .parse((r, done) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => done(null, Buffer.concat(chunks)));
          })
          .send(encodeNpy(floatData(x, testCase.name), x.shape));
        expect(res.status, (res.body as Buffer).toString()).toBe(200);
        const got = decodeNpy(res.body as Buffer);
        expect(got.shape).toEqual(outputs[0].shape);
        expectAllClose(got.data, floatData(outputs[0], testCase.name), `${testCase.name} set ${index} (.npy)`);
      }
    });
  });
}
