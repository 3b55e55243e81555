import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MLP } from '../../../scripts/fixtures/buildModels.js';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import type { Tensor } from '../../../src/model/types.js';
import type { ServingRegistry } from '../../../src/routes/v2/registryApi.js';
import { SERVING_REPOSITORY, servingApp, testApp, type ServingApp } from '../../helpers/app.js';
import { binaryRequest, rawPost, splitResponse } from './rawHttp.js';
import { expectClose, mlpReference } from './reference.js';
import { expectConforms, SKIP_REASON, SPECS_AVAILABLE } from './specs.js';

let serving: ServingApp;
beforeAll(async () => {
  serving = await servingApp();
});
afterAll(async () => {
  await serving.close();
});

const RELU_IN = new Float32Array([-2, -0.5, 0, 3.25, -1e30, 1e-30, 65504, 7]);
/** Relu in float32, written out: max(0, x). */
const RELU_OUT = new Float32Array(Array.from(RELU_IN, (v) => Math.max(0, v)));

const post = (model: string, headers: Record<string, string>, body: Buffer) => rawPost(serving.app, `/v2/models/${model}/infer`, headers, body);

describe('binary tensor data extension, byte for byte', () => {
  it('a request with no Content-Type, binary in and out, as tritonclient sends it', async () => {
    const header = {
      inputs: [{ name: 'x', shape: [RELU_IN.length], datatype: 'FP32', parameters: { binary_data_size: RELU_IN.byteLength } }],
      outputs: [{ name: 'y', parameters: { binary_data: true } }],
    };
    const { body, headerLength } = binaryRequest(header, RELU_IN);
    const res = await post('fixture_relu_identity/versions/2', { 'inference-header-content-length': String(headerLength) }, body);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    const { header: json, tail } = splitResponse(res);
    expect(json).toEqual({
      model_name: 'fixture_relu_identity',
      model_version: '2',
      outputs: [{ name: 'y', datatype: 'FP32', shape: [RELU_IN.length], parameters: { binary_data_size: RELU_OUT.byteLength } }],
    });
    expect(Number(res.headers['content-length'])).toBe(Number(res.headers['inference-header-content-length']) + RELU_OUT.byteLength);
    expect(tail.equals(Buffer.from(RELU_OUT.buffer))).toBe(true);
  });

  it('a plain JSON request with no Content-Type (tritonclient with binary_data=False) gets plain JSON', async () => {
    const body = Buffer.from(JSON.stringify({ inputs: [{ name: 'x', shape: [2], datatype: 'FP32', data: [-1, 1] }] }));
    const res = await post('fixture_relu_identity/versions/2', {}, body);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body.toString()).outputs[0].data).toEqual([0, 1]);
  });

  it('Content-Type application/octet-stream, and binary_data_output for every output', async () => {
    const header = {
      parameters: { binary_data_output: true },
      inputs: [{ name: 'x', shape: [RELU_IN.length], datatype: 'FP32', parameters: { binary_data_size: RELU_IN.byteLength } }],
    };
    const { body, headerLength } = binaryRequest(header, RELU_IN);
    const res = await post('fixture_relu_identity/versions/1', {
      'content-type': 'application/octet-stream',
      'inference-header-content-length': String(headerLength),
    }, body);
    expect(res.status).toBe(200);
    expect(splitResponse(res).tail.equals(Buffer.from(RELU_IN.buffer))).toBe(true); // Identity: the same bytes back
  });

  it('every datatype echoes through Identity bit for bit, mixed with a JSON input', async () => {
    const tensors: Record<string, ArrayBufferView> = {
      FP32: new Float32Array([NaN, -0]),
      FP64: new Float64Array([Number.MIN_VALUE, -Infinity]),
      FP16: new Uint16Array([0x7e01, 0x8001]), // a NaN payload and the smallest negative subnormal
      INT64: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
      INT32: new Int32Array([-1, 2 ** 31 - 1]),
      INT8: new Int8Array([-128, 127]),
      UINT8: new Uint8Array([0, 255]),
    };
    const inputs = [
      ...Object.entries(tensors).map(([dt, t]) => ({
        name: `${dt.toLowerCase()}_in`,
        datatype: dt,
        shape: [1, 2],
        parameters: { binary_data_size: t.byteLength },
      })),
      { name: 'bool_in', datatype: 'BOOL', shape: [1, 2], data: [false, true] },
    ];
    const { body, headerLength } = binaryRequest({ inputs, parameters: { binary_data_output: true } }, ...Object.values(tensors));
    const res = await post('fixture_identity_dtypes', { 'inference-header-content-length': String(headerLength) }, body);
    expect(res.status).toBe(200);
    const { header, tail } = splitResponse(res);
    const outputs = header.outputs as { name: string; parameters: { binary_data_size: number } }[];
    let offset = 0;
    const received: Record<string, Buffer> = {};
    for (const output of outputs) {
      received[output.name] = tail.subarray(offset, offset + output.parameters.binary_data_size);
      offset += output.parameters.binary_data_size;
    }
    expect(offset).toBe(tail.length);
    for (const [dt, t] of Object.entries(tensors)) {
      expect(received[`${dt.toLowerCase()}_out`].equals(Buffer.from(t.buffer, t.byteOffset, t.byteLength))).toBe(true);
    }
    expect([...received.bool_out]).toEqual([0, 1]);
  });

  it('binary input with JSON output: the MLP matches its reference', async () => {
    const x = new Float32Array([5.1, 3.5, 1.4, 0.2, -1, 0, 2.5, -3]);
    const { body, headerLength } = binaryRequest(
      { id: 'b1', inputs: [{ name: 'x', shape: [2, 4], datatype: 'FP32', parameters: { binary_data_size: x.byteLength } }] },
      x,
    );
    const res = await post('fixture_mlp_leaky', { 'inference-header-content-length': String(headerLength) }, body);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['inference-header-content-length']).toBeUndefined();
    const json = JSON.parse(res.body.toString());
    expect(json).toMatchObject({ id: 'b1', outputs: [{ name: 'probs', shape: [2, MLP.classes] }] });
    expectClose(json.outputs[0].data, [mlpReference([...x.subarray(0, 4)]), mlpReference([...x.subarray(4)])].flat());
  });

  it('JSON in, binary out: the float32 bytes of the MLP output', async () => {
    const row = [5.1, 3.5, 1.4, 0.2];
    const body = Buffer.from(JSON.stringify({
      inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: row }],
      outputs: [{ name: 'probs', parameters: { binary_data: true } }],
    }));
    const res = await post('fixture_mlp_leaky', { 'content-type': 'application/json' }, body);
    expect(res.status).toBe(200);
    const { tail } = splitResponse(res);
    const probs = new Float32Array(tail.buffer.slice(tail.byteOffset, tail.byteOffset + tail.length));
    expectClose([...probs], mlpReference(row));
  });
});

describe('binary inputs reach the model layer without a copy', () => {
  it('whatever the JSON length, each tensor is a view into the one request buffer, 8-byte aligned', async () => {
    const seen: Tensor[][] = [];
    const spy: ServingRegistry = {
      ...Object.fromEntries(
        (['isReady', 'index', 'metadata', 'modelReady', 'config', 'labels', 'load', 'unload', 'statistics'] as const).map((m) => [
          m,
          (serving.registry[m] as (...args: unknown[]) => unknown).bind(serving.registry),
        ]),
      ),
      infer: (name, version, inputs, outputs) => {
        seen.push(inputs);
        return serving.registry.infer(name, version, inputs, outputs);
      },
    } as ServingRegistry;
    const app = await buildApp({ config: loadConfig({ MODEL_REPOSITORY: SERVING_REPOSITORY }), registry: spy });
    try {
      const a = new Float64Array([1.5, -2.5]);
      const b = new Float32Array([3, 4]);
      for (const id of ['1', '12', '123']) {
        const header = {
          id, // varies the JSON length, so the tensors would start at every offset mod 8
          inputs: [
            { name: 'fp64_in', datatype: 'FP64', shape: [1, 2], parameters: { binary_data_size: a.byteLength } },
            { name: 'fp32_in', datatype: 'FP32', shape: [1, 2], parameters: { binary_data_size: b.byteLength } },
            ...DTYPE_JSON_INPUTS,
          ],
        };
        const { body, headerLength } = binaryRequest(header, a, b);
        const res = await rawPost(app, '/v2/models/fixture_identity_dtypes/infer', { 'inference-header-content-length': String(headerLength) }, body);
        expect(res.status).toBe(200);
        const [fp64, fp32] = seen[seen.length - 1];
        expect(fp64.data).toEqual(a);
        expect(fp32.data).toEqual(b);
        expect(fp64.data.byteOffset % 8).toBe(0);
        expect(fp64.data.buffer).toBe(fp32.data.buffer); // one buffer: the body's
        expect(fp64.data.buffer.byteLength).toBeGreaterThanOrEqual(body.length);
      }
    } finally {
      await app.close();
    }
  });

  it('413 for a body over BODY_LIMIT_BYTES, before any model is consulted', async () => {
    const app = await testApp({ BODY_LIMIT_BYTES: '1024' });
    try {
      const { body, headerLength } = binaryRequest({ inputs: [] }, new Float32Array(1024));
      const res = await rawPost(app, '/v2/models/any/infer', { 'inference-header-content-length': String(headerLength) }, body);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'BODY_TOO_LARGE' });
    } finally {
      await app.close();
    }
  });
});

/** JSON values for the fixture_identity_dtypes inputs other than fp64_in and fp32_in. */
const DTYPE_JSON_INPUTS = [
  { name: 'fp16_in', datatype: 'FP16', shape: [1, 2], data: [0, 1] },
  { name: 'int64_in', datatype: 'INT64', shape: [1, 2], data: [0, 1] },
  { name: 'int32_in', datatype: 'INT32', shape: [1, 2], data: [0, 1] },
  { name: 'int8_in', datatype: 'INT8', shape: [1, 2], data: [0, 1] },
  { name: 'uint8_in', datatype: 'UINT8', shape: [1, 2], data: [0, 1] },
  { name: 'bool_in', datatype: 'BOOL', shape: [1, 2], data: [false, true] },
];

describe('binary extension errors: 400 naming the problem, never a 500', () => {
  const header = (size: number) => ({
    inputs: [{ name: 'x', shape: [2], datatype: 'FP32', parameters: { binary_data_size: size } }],
  });
  const send = async (json: object, tensor: Buffer, headerLength?: string) => {
    const { body, headerLength: real } = binaryRequest(json, tensor);
    return post('fixture_relu_identity', { 'inference-header-content-length': headerLength ?? String(real) }, body);
  };
  const error = (res: { status: number; body: Buffer }) => ({ status: res.status, ...JSON.parse(res.body.toString()) });

  it.each([
    ['a header length beyond the body', () => send(header(8), Buffer.alloc(8), '9999'), /inference header size should be in range \(0, \d+\), got: 9999/],
    ['a header length that is not a number', () => send(header(8), Buffer.alloc(8), 'ten'), /Unable to parse Inference-Header-Content-Length, got: ten/],
    ['a header length that cuts the JSON', () => send(header(8), Buffer.alloc(8), '10'), /^body is not valid JSON: the JSON header \(the first 10 bytes, per Inference-Header-Content-Length\): /],
    ['a binary_data_size that is not the shape\'s', () => send(header(12), Buffer.alloc(12)), /input byte size mismatch for input 'x' for model 'fixture_relu_identity'\. Expected 8, got 12/],
    ['fewer bytes than binary_data_size', () => send(header(8), Buffer.alloc(5)), /unexpected size for input 'x', expecting 3 additional bytes/],
    ['bytes left after the last input', () => send(header(8), Buffer.alloc(9)), /unexpected additional input data for model 'fixture_relu_identity'/],
    ['a negative binary_data_size', () => send(header(-8), Buffer.alloc(8)), /binary_data_size must be >= 0/],
  ])('%s', async (_name, run, message) => {
    const res = error(await run());
    expect(res.status).toBe(400);
    expect(res.error).toMatch(message);
    expect(res).toMatchObject({ statusCode: 400, code: expect.any(String), requestId: expect.any(String) });
  });

  it('binary_data_size without Inference-Header-Content-Length', async () => {
    const body = Buffer.from(JSON.stringify(header(8)));
    const res = error(await post('fixture_relu_identity', { 'content-type': 'application/json' }, body));
    expect(res).toMatchObject({ status: 400, error: expect.stringMatching(/must specify valid 'Inference-Header-Content-Length'/) });
  });
});

describe.skipIf(!SPECS_AVAILABLE)(`binary responses${SPECS_AVAILABLE ? '' : ` (${SKIP_REASON})`}`, () => {
  it("keep the OIP response shape in their JSON part, less `data` (the extension's binary_data_size instead)", async () => {
    const { body, headerLength } = binaryRequest(
      { inputs: [{ name: 'x', shape: [2], datatype: 'FP32', parameters: { binary_data_size: 8 } }], parameters: { binary_data_output: true } },
      new Float32Array([1, -1]),
    );
    const res = await post('fixture_relu_identity', { 'inference-header-content-length': String(headerLength) }, body);
    const { header } = splitResponse(res);
    const outputs = (header.outputs as Record<string, unknown>[]).map((o) => ({ ...o, data: [] }));
    expectConforms({ ...header, outputs }, ['dataplane', 'InferenceResponse'], ['kserve', 'inference_response']);
  });
});
