import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedValues, MLP, MLP_LABELS } from '../../../scripts/fixtures/buildModels.js';
import { servingApp, type ServingApp } from '../../helpers/app.js';
import { expectClose, mlpReference, preluConvReference } from './reference.js';
import { expectConforms, SKIP_REASON, SPECS_AVAILABLE } from './specs.js';

let serving: ServingApp;
beforeAll(async () => {
  serving = await servingApp({ MAX_TENSOR_ELEMENTS: '5000' });
});
afterAll(async () => {
  await serving.close();
});

const infer = (model: string, body: unknown) =>
  request(serving.app.server).post(`/v2/models/${model}/infer`).send(body as object);

const ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [-1, 0, 2.5, -3],
  [0, 0, 0, 0],
];

function expectError(res: request.Response, status: number, code: string, message: RegExp): void {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.stringMatching(message), code, statusCode: status, requestId: expect.any(String) });
}

describe('POST /v2/models/{m}/infer (JSON)', () => {
  it('runs the MLP: outputs match the reference formula, id is echoed', async () => {
    const res = await infer('fixture_mlp_leaky', {
      id: 'req-42',
      inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32', data: ROWS.flat() }],
    }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['inference-header-content-length']).toBeUndefined();
    expect(res.body).toMatchObject({ model_name: 'fixture_mlp_leaky', model_version: '1', id: 'req-42' });
    const [probs] = res.body.outputs;
    expect(probs).toMatchObject({ name: 'probs', datatype: 'FP32', shape: [3, MLP.classes] });
    expectClose(probs.data, ROWS.flatMap(mlpReference));
  });

  it('takes data nested to the shape as well as flat', async () => {
    const nested = await infer('fixture_mlp_leaky', { inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32', data: ROWS }] }).expect(200);
    expectClose(nested.body.outputs[0].data, ROWS.flatMap(mlpReference));
    expect(nested.body).not.toHaveProperty('id');
  });

  it('runs the PRelu convnet on a batch of two images against its reference', async () => {
    const images = [Array.from(fixedValues(7, 36)), Array.from(fixedValues(8, 36, -3, 3))];
    const res = await infer('fixture_prelu_conv', {
      inputs: [{ name: 'x', shape: [2, 1, 6, 6], datatype: 'FP32', data: images.flat() }],
    }).expect(200);
    expect(res.body.outputs[0]).toMatchObject({ name: 'features', shape: [2, 2] });
    expectClose(res.body.outputs[0].data, images.flatMap(preluConvReference));
  });

  it('routes by version: v1 is Identity, v2 is Relu, and the default is the highest', async () => {
    const body = { inputs: [{ name: 'x', shape: [4], datatype: 'FP32', data: [-2, -0.5, 0, 3] }] };
    const v1 = await request(serving.app.server).post('/v2/models/fixture_relu_identity/versions/1/infer').send(body).expect(200);
    expect(v1.body).toMatchObject({ model_version: '1', outputs: [{ name: 'y', data: [-2, -0.5, 0, 3] }] });
    const v2 = await request(serving.app.server).post('/v2/models/fixture_relu_identity/versions/2/infer').send(body).expect(200);
    expect(v2.body).toMatchObject({ model_version: '2', outputs: [{ name: 'y', data: [0, 0, 0, 3] }] });
    expect((await infer('fixture_relu_identity', body).expect(200)).body.model_version).toBe('2');
  });

  it('returns only the outputs asked for, in the order asked', async () => {
    const res = await infer('fixture_identity_dtypes', {
      inputs: DTYPE_INPUTS,
      outputs: [{ name: 'uint8_out' }, { name: 'fp64_out' }],
    }).expect(200);
    expect(res.body.outputs.map((o: { name: string }) => o.name)).toEqual(['uint8_out', 'fp64_out']);
  });

  it('echoes every datatype through Identity: exact integers, booleans, non-finite floats, FP16', async () => {
    const res = await infer('fixture_identity_dtypes', { inputs: DTYPE_INPUTS }).expect(200);
    expect(res.text).toContain('"data":[9223372036854775807,-9223372036854775808]'); // exact in the JSON text
    const byName = Object.fromEntries(res.body.outputs.map((o: { name: string }) => [o.name, o]));
    for (const input of DTYPE_INPUTS) {
      const output = byName[input.name.replace('_in', '_out')];
      expect(output).toMatchObject({ datatype: input.datatype, shape: [1, 2] });
      expect(output.data).toEqual(DTYPE_ECHO[input.datatype]);
    }
  });

  it("classification extension: the top classes as BYTES 'value:index:label' per batch row", async () => {
    const res = await infer('fixture_mlp_leaky', {
      inputs: [{ name: 'x', shape: [2, 4], datatype: 'FP32', data: ROWS.slice(0, 2).flat() }],
      outputs: [{ name: 'probs', parameters: { classification: 2 } }],
    }).expect(200);
    const [output] = res.body.outputs;
    expect(output).toMatchObject({ name: 'probs', datatype: 'BYTES', shape: [2, 2] });
    const expected = ROWS.slice(0, 2).flatMap((row) => {
      const p = mlpReference(row);
      const order = [0, 1, 2].sort((a, b) => p[b] - p[a]).slice(0, 2);
      return order.map((i) => `:${i}:${MLP_LABELS[i]}`);
    });
    expect(output.data.map((s: string) => s.slice(s.indexOf(':')))).toEqual(expected);
    const values = output.data.map((s: string) => Number(s.split(':')[0]));
    expectClose(values, ROWS.slice(0, 2).flatMap((row) => mlpReference(row).sort((a, b) => b - a).slice(0, 2)), 1e-6 + 5e-7);
  });

  it('classification of a model without batching ranks the whole output (shape [k])', async () => {
    const res = await request(serving.app.server)
      .post('/v2/models/fixture_relu_identity/versions/1/infer')
      .send({ inputs: [{ name: 'x', shape: [4], datatype: 'FP32', data: [1.1, 3.3, 0.5, 2.4] }], outputs: [{ name: 'y', parameters: { classification: 2 } }] })
      .expect(200);
    expect(res.body.outputs[0]).toMatchObject({ datatype: 'BYTES', shape: [2] });
    expect(res.body.outputs[0].data.map((s: string) => s.split(':')[1])).toEqual(['1', '3']);
  });
});

/** One [1, 2] input per datatype of fixture_identity_dtypes, and what comes back as JSON. */
const DTYPE_INPUTS = [
  { name: 'fp32_in', datatype: 'FP32', shape: [1, 2], data: [0.1, 'NaN'] },
  { name: 'fp64_in', datatype: 'FP64', shape: [1, 2], data: [0.1, '-Infinity'] },
  { name: 'fp16_in', datatype: 'FP16', shape: [1, 2], data: [1.5, 'Infinity'] },
  { name: 'int64_in', datatype: 'INT64', shape: [1, 2], data: ['9223372036854775807', '-9223372036854775808'] },
  { name: 'int32_in', datatype: 'INT32', shape: [1, 2], data: [[-2147483648, 2147483647]] },
  { name: 'int8_in', datatype: 'INT8', shape: [1, 2], data: [-128, 127] },
  { name: 'uint8_in', datatype: 'UINT8', shape: [1, 2], data: [0, 255] },
  { name: 'bool_in', datatype: 'BOOL', shape: [1, 2], data: [true, false] },
];
const DTYPE_ECHO: Record<string, unknown[]> = {
  FP32: [Math.fround(0.1), 'NaN'],
  FP64: [0.1, '-Infinity'],
  FP16: [1.5, 'Infinity'],
  INT64: [2 ** 63, -(2 ** 63)], // what JSON.parse makes of the exact digits checked above
  INT32: [-2147483648, 2147483647],
  INT8: [-128, 127],
  UINT8: [0, 255],
  BOOL: [true, false],
};

describe('infer errors: one error body, 4xx naming the problem, never a 500', () => {
  const x = (shape: number[], data: unknown, datatype = 'FP32') => ({ inputs: [{ name: 'x', shape, datatype, data }] });

  it("400 with Triton's wording for a shape or datatype the model does not take", async () => {
    expectError(
      await infer('fixture_mlp_leaky', x([2, 3], [1, 2, 3, 4, 5, 6])),
      400,
      'INVALID_INFER_REQUEST',
      /^unexpected shape for input 'x' for model 'fixture_mlp_leaky'\. Expected \[-1,4\], got \[2,3\]$/,
    );
    expectError(
      await infer('fixture_mlp_leaky', x([1, 4], [1, 2, 3, 4], 'FP64')),
      400,
      'INVALID_INFER_REQUEST',
      /inference input 'x' data-type is 'FP64', but model 'fixture_mlp_leaky' expects 'FP32'/,
    );
  });

  it('400 naming the element that is not a number, or the data that does not fit the shape', async () => {
    expectError(await infer('fixture_mlp_leaky', x([2, 4], [1, 2, 3, 4, 5, 'x', 7, 8])), 400, 'INVALID_TENSOR', /inputs\[0\]\.data\[5\] is "x"/);
    expectError(await infer('fixture_mlp_leaky', x([2, 4], [1, 2, 3])), 400, 'SHAPE_MISMATCH', /inputs\[0\]\.data has 3 elements but shape \[2,4\] needs 8/);
    expectError(await infer('fixture_mlp_leaky', x([2, 4], [[1, 2, 3, 4], [5]])), 400, 'SHAPE_MISMATCH', /inputs\[0\]\.data\[1\] has 1 entries/);
  });

  it('400, not a 500, for elements and rows nested thousands deep (the message once serialised them)', async () => {
    const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const send = (datatype: string, shape: number[], data: string) =>
      request(serving.app.server)
        .post('/v2/models/fixture_mlp_leaky/infer')
        .set('content-type', 'application/json')
        .send(`{"inputs":[{"name":"x","shape":${JSON.stringify(shape)},"datatype":"${datatype}","data":${data}}]}`);
    expectError(await send('FP32', [1, 4], `[1,2,3,${deepObject(20_000)}]`), 400, 'INVALID_TENSOR', /^inputs\[0\]\.data\[3\] is an object; expected a number$/);
    expectError(await send('INT8', [1, 4], `[1,2,3,${deepObject(20_000)}]`), 400, 'INVALID_TENSOR', /^inputs\[0\]\.data\[3\] is an object; expected an integer/);
    expectError(await send('FP32', [2, 4], `[[1,2,3,4],${deepObject(20_000)}]`), 400, 'SHAPE_MISMATCH', /^inputs\[0\]\.data\[1\] has an object but shape \[2,4\] needs 4 at depth 1$/);
  });

  it("400, not a 500, for a dimension the schema's type coercion made non-finite ('-Infinity', '1e400')", async () => {
    expectError(await infer('fixture_mlp_leaky', x(['-Infinity', 4] as never, [])), 400, 'INVALID_TENSOR', /^inputs\[0\]\.shape\[0\] is -Infinity; expected a non-negative integer$/);
    expectError(await infer('fixture_mlp_leaky', x([1, '1e400'] as never, [])), 400, 'INVALID_TENSOR', /^inputs\[0\]\.shape\[1\] is Infinity; expected/);
  });

  it('400 for an input with no data, an unknown input, an unknown output', async () => {
    const noData = { inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32' }] };
    expectError(await infer('fixture_mlp_leaky', noData), 400, 'INVALID_INFER_REQUEST', /inputs\[0\] \('x'\): Input must set only one of/);
    const wrongName = { inputs: [{ name: 'z', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] };
    expectError(await infer('fixture_mlp_leaky', wrongName), 400, 'INVALID_INFER_REQUEST', /unexpected inference input 'z'|missing required inputs \['x'\]/);
    const badOutput = { ...x([1, 4], [1, 2, 3, 4]), outputs: [{ name: 'logits' }] };
    expectError(await infer('fixture_mlp_leaky', badOutput), 400, 'INVALID_INFER_REQUEST', /unexpected inference output 'logits' for model 'fixture_mlp_leaky'/);
  });

  it('400 for schema problems (no inputs, unknown datatype, negative dimension), naming the field', async () => {
    expectError(await infer('fixture_mlp_leaky', {}), 400, 'VALIDATION_ERROR', /inputs/);
    expectError(await infer('fixture_mlp_leaky', x([1, 4], [1, 2, 3, 4], 'BYTES')), 400, 'VALIDATION_ERROR', /inputs\/0\/datatype/);
    expectError(await infer('fixture_mlp_leaky', x([-1, 4], [1, 2, 3, 4])), 400, 'VALIDATION_ERROR', /inputs\/0\/shape\/0/);
  });

  it('400 for a body that is not JSON, 415 for a media type that is not served here', async () => {
    const bad = await request(serving.app.server).post('/v2/models/fixture_mlp_leaky/infer').set('content-type', 'application/json').send('{"inputs": [');
    expectError(bad, 400, 'INVALID_JSON', /JSON/);
    const text = await request(serving.app.server).post('/v2/models/fixture_mlp_leaky/infer').set('content-type', 'text/plain').send('hello');
    expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE', /text\/plain/);
  });

  it('413 for a tensor over MAX_TENSOR_ELEMENTS', async () => {
    expectError(await infer('fixture_mlp_leaky', x([2000, 4], [])), 413, 'TENSOR_TOO_LARGE', /inputs\[0\] has 8000 elements; the limit is 5000/);
  });

  it('404 for an unknown model or version', async () => {
    expectError(await infer('nope', x([1, 4], [1, 2, 3, 4])), 404, 'MODEL_NOT_FOUND', /'nope' is not found/);
    const res = await request(serving.app.server).post('/v2/models/fixture_mlp_leaky/versions/2/infer').send(x([1, 4], [1, 2, 3, 4]));
    expectError(res, 404, 'MODEL_VERSION_NOT_FOUND', /version 2 is not found/);
  });

  it('classification of a BOOL output is a 400, not a 500', async () => {
    const res = await infer('fixture_identity_dtypes', { inputs: DTYPE_INPUTS, outputs: [{ name: 'bool_out', parameters: { classification: 1 } }] });
    expectError(res, 400, 'INVALID_INFER_REQUEST', /class result not available .* 'BOOL'/);
  });
});

describe.skipIf(!SPECS_AVAILABLE)(`infer conforms to the OIP schemas${SPECS_AVAILABLE ? '' : ` (${SKIP_REASON})`}`, () => {
  const RESPONSE: [['dataplane', string], ['kserve', string]] = [['dataplane', 'InferenceResponse'], ['kserve', 'inference_response']];

  it('the requests sent here are OIP inference requests', () => {
    expectConforms({ id: '1', inputs: DTYPE_INPUTS, outputs: [{ name: 'a', parameters: { binary_data: true } }] }, ['dataplane', 'InferenceRequest'], ['kserve', 'inference_request']);
  });

  it('responses match inference_response / InferenceResponse: MLP, every datatype, classification', async () => {
    const mlp = await infer('fixture_mlp_leaky', { id: '9', inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: ROWS[0] }] }).expect(200);
    expectConforms(mlp.body, ...RESPONSE);
    const dtypes = await infer('fixture_identity_dtypes', { inputs: DTYPE_INPUTS }).expect(200);
    expectConforms(dtypes.body, ...RESPONSE);
    const classes = await infer('fixture_mlp_leaky', {
      inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: ROWS[0] }],
      outputs: [{ name: 'probs', parameters: { classification: 3 } }],
    }).expect(200);
    expectConforms(classes.body, ...RESPONSE);
  });

  it('errors are inference_error_response objects', async () => {
    const res = await infer('fixture_mlp_leaky', { inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6] }] }).expect(400);
    expectConforms(res.body, ['dataplane', 'InferenceErrorResponse'], ['kserve', 'inference_error_response']);
  });
});
