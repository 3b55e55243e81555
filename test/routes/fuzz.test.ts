/**
 * Whatever a client sends, the service answers 200 or a 4xx, never a 5xx; every 4xx is the one
 * error body `{ error, code, statusCode, requestId }` with a code from src/errors.ts; and
 * afterwards every fixture model is still ready and still gives the right answer. The requests
 * are valid ones mutated at random (test/routes/fuzzRequests.ts, test/routes/fuzzBinary.ts),
 * from a fixed seed so that a failure replays.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.js';
import { servingApp, type ServingApp } from '../helpers/app.js';
import type { FuzzRequest } from './fuzzArbitraries.js';
import { binaryInferRequest, npyActivationRequest, STARTING_BINARY_REQUESTS } from './fuzzBinary.js';
import { activationJsonRequest, FIXTURE_MODELS, inferJsonRequest, predictRequest, STARTING_REQUESTS, VALID_INFER } from './fuzzRequests.js';
import { expectClose, mlpReference, preluConvReference } from './v2/reference.js';

/** Runs per property: a few seconds each on a slow 2-core machine. */
const RUNS = 400;
const SEED = 5;

let serving: ServingApp;
beforeAll(async () => {
  // A lower element limit than the default 16Mi keeps the tensors that generated shapes ask for small.
  serving = await servingApp({ MAX_TENSOR_ELEMENTS: '100000' });
});
afterAll(async () => {
  await serving.close();
});

const inject = (request: FuzzRequest): Promise<LightMyRequestResponse> =>
  serving.app.inject({ method: 'POST', url: request.url, headers: request.headers, payload: request.payload });

function show(request: FuzzRequest): string {
  const { payload } = request;
  const text = typeof payload === 'string' ? payload : `<${payload.length} bytes, hex> ${payload.toString('hex')}`;
  const body = text.length > 2000 ? `${text.slice(0, 2000)}... (${text.length} characters)` : text;
  return `POST ${request.url}\nheaders: ${JSON.stringify(request.headers)}\nbody: ${body}`;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);
const ERROR_FIELDS = ['code', 'error', 'requestId', 'statusCode'].join();

/** Why `res` is not the one error body of its status, or undefined when it is. */
function errorBodyProblem(res: LightMyRequestResponse): string | undefined {
  const type = String(res.headers['content-type']);
  if (!type.startsWith('application/json')) return `Content-Type is ${type}`;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return 'the body is not JSON';
  }
  if (typeof body !== 'object' || body === null) return 'the body is not an object';
  const fields = Object.keys(body).sort().join();
  if (fields !== ERROR_FIELDS) return `the fields are ${fields}, not ${ERROR_FIELDS}`;
  const { error, code, statusCode, requestId } = body as Record<string, unknown>;
  if (typeof error !== 'string' || error === '') return 'error is not a message';
  if (typeof code !== 'string' || !KNOWN_CODES.has(code)) return `code ${String(code)} is not in src/errors.ts`;
  if (statusCode !== res.statusCode) return `statusCode ${String(statusCode)} is not the status ${res.statusCode}`;
  if (typeof requestId !== 'string' || requestId === '') return 'requestId is missing';
  return undefined;
}

/** The property: one request, answered with 200 or a 4xx in the one error body. */
async function answersWell(request: FuzzRequest): Promise<void> {
  const res = await inject(request);
  const answer = `answered ${res.statusCode} ${res.body.slice(0, 400)}`;
  if (res.statusCode >= 500) throw new Error(`a 5xx for a client's request:\n${show(request)}\n${answer}`);
  if (res.statusCode >= 400) {
    const problem = errorBodyProblem(res);
    if (problem !== undefined) throw new Error(`not the one error body (${problem}):\n${show(request)}\n${answer}`);
  } else if (res.statusCode !== 200) {
    throw new Error(`neither 200 nor 4xx:\n${show(request)}\n${answer}`);
  }
}

const json = (body: object): FuzzRequest => ({ url: '', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

/** Every fixture model is ready and answers a valid request correctly. */
async function expectModelsServing(): Promise<void> {
  for (const model of FIXTURE_MODELS) {
    const ready = await serving.app.inject({ method: 'GET', url: `/v2/models/${model}/ready` });
    expect(ready.statusCode, model).toBe(200);
  }
  const run = async (path: string, model: string) => {
    const res = await inject({ ...json(VALID_INFER[model]), url: `/v2/models/${path}/infer` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().outputs as { name: string; data: unknown[] }[];
  };
  const [probs] = await run('fixture_mlp_leaky', 'fixture_mlp_leaky');
  expectClose(probs.data as number[], [[5.1, 3.5, 1.4, 0.2], [-1, 0, 2.5, -3]].flatMap(mlpReference));
  const [relu] = await run('fixture_relu_identity/versions/2', 'fixture_relu_identity');
  expect(relu.data).toEqual([0, 0, 0, 3]);
  const [features] = await run('fixture_prelu_conv', 'fixture_prelu_conv');
  const image = Array.from({ length: 36 }, (_, i) => ((i % 6) - Math.floor(i / 6)) / 6);
  expectClose(features.data as number[], preluConvReference(image));
  const echoed = await run('fixture_identity_dtypes', 'fixture_identity_dtypes');
  expect(echoed).toEqual([
    { name: 'int64_out', datatype: 'INT64', shape: [1, 2], data: [2 ** 63, -(2 ** 63)] },
    { name: 'fp16_out', datatype: 'FP16', shape: [1, 2], data: [1.5, 'Infinity'] },
  ]);
}

describe('fuzzing the HTTP routes: a 200 or a 4xx in the one error body, never a 5xx', () => {
  it('the requests the fuzzers start from are valid, and the fixtures answer them correctly', async () => {
    for (const request of [...STARTING_REQUESTS, ...STARTING_BINARY_REQUESTS]) {
      const res = await inject(request);
      expect(res.statusCode, `${show(request)}\n${res.body}`).toBe(200);
    }
    await expectModelsServing();
  });

  it('POST /v2/models/{m}/infer with mutated JSON bodies', async () => {
    await fc.assert(fc.asyncProperty(inferJsonRequest, answersWell), { seed: SEED, numRuns: RUNS });
    await expectModelsServing();
  });

  it('POST /v2/models/{m}/infer with broken binary tensor bodies', async () => {
    await fc.assert(fc.asyncProperty(binaryInferRequest, answersWell), { seed: SEED, numRuns: RUNS });
    await expectModelsServing();
  });

  it('POST /v1/activations/{name} with mutated JSON bodies and random query strings', async () => {
    await fc.assert(fc.asyncProperty(activationJsonRequest, answersWell), { seed: SEED, numRuns: RUNS });
    await expectModelsServing();
  });

  it('POST /v1/activations/{name} with mutated .npy files and random bytes', async () => {
    await fc.assert(fc.asyncProperty(npyActivationRequest, answersWell), { seed: SEED, numRuns: RUNS });
    await expectModelsServing();
  });

  it('POST /v1/models/{m}:predict with mutated instances', async () => {
    await fc.assert(fc.asyncProperty(predictRequest, answersWell), { seed: SEED, numRuns: RUNS });
    await expectModelsServing();
  });
});
