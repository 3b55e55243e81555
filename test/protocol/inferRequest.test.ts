import { describe, expect, it } from 'vitest';
import { decodeInferRequest } from '../../src/protocol/inferRequest.js';
import type { InferenceRequest } from '../../src/schemas/oip.js';

const LIMIT = 1000;
const f32 = (...values: number[]) => Buffer.from(new Float32Array(values).buffer);
const decode = (body: InferenceRequest, tail?: Buffer) => decodeInferRequest(body, tail, 'm', LIMIT);

describe('decodeInferRequest', () => {
  it('converts JSON inputs and keeps their order', () => {
    const { inputs, outputs, binaryDefault } = decode({
      inputs: [
        { name: 'b', shape: [2], datatype: 'INT32', data: [1, 2] },
        { name: 'a', shape: [1], datatype: 'BOOL', data: [true] },
      ],
    });
    expect(inputs).toEqual([
      { name: 'b', shape: [2], datatype: 'INT32', data: new Int32Array([1, 2]) },
      { name: 'a', shape: [1], datatype: 'BOOL', data: new Uint8Array([1]) },
    ]);
    expect(outputs).toBeUndefined();
    expect(binaryDefault).toBe(false);
  });

  it('takes binary inputs from the tail in order, mixed with JSON ones', () => {
    const tail = Buffer.concat([f32(1, 2), Buffer.from([1, 0, 1])]);
    const { inputs } = decode(
      {
        inputs: [
          { name: 'x', shape: [2], datatype: 'FP32', parameters: { binary_data_size: 8 } },
          { name: 'j', shape: [1], datatype: 'INT8', data: [-3] },
          { name: 'b', shape: [3], datatype: 'BOOL', parameters: { binary_data_size: 3 } },
        ],
      },
      tail,
    );
    expect(inputs.map((t) => Array.from(t.data as ArrayLike<number>))).toEqual([[1, 2], [-3], [1, 0, 1]]);
    expect(inputs[0].data.buffer).toBe(tail.buffer); // wrapped, not copied
  });

  it('reads the output choices: per-output binary_data over the request default, classification', () => {
    const { outputs, binaryDefault } = decode({
      parameters: { binary_data_output: true },
      inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: [1] }],
      outputs: [{ name: 'p' }, { name: 'q', parameters: { binary_data: false, classification: 2 } }],
    });
    expect(binaryDefault).toBe(true);
    expect(outputs).toEqual([
      { name: 'p', binary: true },
      { name: 'q', binary: false, classification: 2 },
    ]);
  });

  const x = (parameters: Record<string, unknown>, data?: unknown[]) => ({
    inputs: [{ name: 'x', shape: [2], datatype: 'FP32' as const, parameters, ...(data ? { data } : {}) }],
  });

  it.each([
    ['no data at all', x({}), undefined, /inputs\[0\] \('x'\): Input must set only one of .* But no field is set/],
    ['data and binary_data_size', x({ binary_data_size: 8 }, [1, 2]), f32(1, 2), /But set 'data' 'binary_data_size'/],
    ['binary without the header length', x({ binary_data_size: 8 }), undefined, /must specify valid 'Inference-Header-Content-Length'/],
    ['a size that is not the shape\'s', x({ binary_data_size: 4 }), f32(1), /input byte size mismatch for input 'x' for model 'm'\. Expected 8, got 4/],
    ['a body shorter than the size', x({ binary_data_size: 8 }), f32(1), /unexpected size for input 'x', expecting 4 additional bytes for model 'm'/],
    ['bytes left over', x({ binary_data_size: 8 }), f32(1, 2, 3), /unexpected additional input data for model 'm'/],
    ['shared memory', x({ shared_memory_region: 'r' }, [1, 2]), undefined, /shared memory extension is not supported/],
  ])('refuses %s with a 400', (_name, body, tail, message) => {
    expect(() => decode(body as InferenceRequest, tail)).toThrow(message);
    expect(() => decode(body as InferenceRequest, tail)).toThrow(expect.objectContaining({ statusCode: 400 }));
  });

  it('refuses BOOL bytes other than 0 and 1', () => {
    const body = { inputs: [{ name: 'b', shape: [2], datatype: 'BOOL' as const, parameters: { binary_data_size: 2 } }] };
    expect(() => decode(body, Buffer.from([1, 7]))).toThrow(/BOOL byte 1 is 7; expected 0 or 1/);
  });
});
