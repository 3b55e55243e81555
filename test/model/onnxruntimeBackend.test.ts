/**
 * The fixture models through the registry and onnxruntime, against references computed here in
 * float64 from the same fixed weights the fixture script wrote into the models.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONV, fixedValues, MLP, MLP_LABELS, mlpWeights, preluConvWeights } from '../../scripts/fixtures/buildModels.js';
import { STORAGE } from '../../src/model/datatypes.js';
import { buildModel } from '../../src/onnx/modelBuilder.js';
import { OnnxruntimeBackend } from '../../src/model/onnxruntimeBackend.js';
import { ModelRegistry } from '../../src/model/registry.js';
import type { Tensor } from '../../src/model/types.js';
import { captureLogger, SERVING_REPO } from './helpers.js';

/** float32 weights and accumulation against a float64 reference. */
const TOLERANCE = 1e-5;

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `element ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(expected[i])));
  }
}

/** y[r] = x[r] W + b for W [rows, cols] row-major. */
function gemm(x: ArrayLike<number>, batch: number, w: Float32Array, b: Float32Array, rows: number, cols: number): Float64Array {
  const y = new Float64Array(batch * cols);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < cols; c++) {
      let sum = b[c];
      for (let r = 0; r < rows; r++) sum += x[n * rows + r] * w[r * cols + c];
      y[n * cols + c] = sum;
    }
  }
  return y;
}

/** The reference output, and how many pre-activations were negative (what the activation acts on). */
interface Reference {
  y: Float64Array;
  negatives: number;
}

function mlpReference(x: Float32Array, batch: number): Reference {
  const { w1, b1, w2, b2 } = mlpWeights();
  const pre = gemm(x, batch, w1, b1, MLP.inputs, MLP.hidden);
  const negatives = pre.filter((v) => v < 0).length;
  const h = pre.map((v) => (v >= 0 ? v : Math.fround(MLP.alpha) * v));
  const logits = gemm(h, batch, w2, b2, MLP.hidden, MLP.classes);
  for (let n = 0; n < batch; n++) {
    const row = logits.subarray(n * MLP.classes, (n + 1) * MLP.classes);
    const max = row.reduce((m, v) => Math.max(m, v), -Infinity);
    let sum = 0;
    for (let c = 0; c < row.length; c++) sum += row[c] = Math.exp(row[c] - max);
    for (let c = 0; c < row.length; c++) row[c] /= sum;
  }
  return { y: logits, negatives };
}

/** Conv 3x3 (valid) -> PRelu per channel -> global average -> [batch, channels]. */
function preluConvReference(x: Float32Array, batch: number): Reference {
  const { w, b, slope } = preluConvWeights();
  const { channels, kernel, size } = CONV;
  const out = size - kernel + 1;
  const y = new Float64Array(batch * channels);
  let negatives = 0;
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      let total = 0;
      for (let i = 0; i < out; i++) {
        for (let j = 0; j < out; j++) {
          let v = b[c];
          for (let ki = 0; ki < kernel; ki++) {
            for (let kj = 0; kj < kernel; kj++) v += x[n * size * size + (i + ki) * size + (j + kj)] * w[c * kernel * kernel + ki * kernel + kj];
          }
          if (v < 0) negatives += 1;
          total += v >= 0 ? v : slope[c] * v;
        }
      }
      y[n * channels + c] = total / (out * out);
    }
  }
  return { y, negatives };
}

describe('fixture models on onnxruntime', () => {
  const registry = new ModelRegistry({ repository: SERVING_REPO, intraOpThreads: 1, logger: captureLogger().logger });
  beforeAll(() => registry.loadAll());
  afterAll(() => registry.close());

  it('loads every fixture READY', () => {
    expect(registry.isReady()).toBe(true);
  });

  it('fixture_mlp_leaky: Gemm, LeakyRelu(0.1), Gemm, Softmax match the reference', async () => {
    const batch = 6;
    const x = fixedValues(900, batch * MLP.inputs, -3, 3);
    // Large inputs push softmax to saturation: it must stay finite and sum to 1.
    x.set([100, -100, 1000, -1000], 0);
    const { outputs } = await registry.infer('fixture_mlp_leaky', undefined, [{ name: 'x', datatype: 'FP32', shape: [batch, MLP.inputs], data: x }]);
    expect(outputs[0]).toMatchObject({ name: 'probs', datatype: 'FP32', shape: [batch, MLP.classes] });
    const reference = mlpReference(x, batch);
    expect(reference.negatives).toBeGreaterThan(0);
    expectClose(outputs[0].data as Float32Array, reference.y);
    expect(registry.labels('fixture_mlp_leaky', 'probs')).toEqual(MLP_LABELS);
    expect(registry.config('fixture_mlp_leaky').max_batch_size).toBe(MLP.maxBatchSize);
  });

  it('fixture_prelu_conv: Conv, PRelu(slope [2,1,1]), GlobalAveragePool, Flatten match the reference', async () => {
    const batch = 3;
    const x = fixedValues(901, batch * CONV.size * CONV.size, -2, 2);
    const { outputs } = await registry.infer('fixture_prelu_conv', undefined, [{ name: 'x', datatype: 'FP32', shape: [batch, 1, CONV.size, CONV.size], data: x }]);
    expect(outputs[0]).toMatchObject({ name: 'features', shape: [batch, CONV.channels] });
    const reference = preluConvReference(x, batch);
    expect(reference.negatives).toBeGreaterThan(0);
    expectClose(outputs[0].data as Float32Array, reference.y);
  });

  it('fixture_identity_dtypes: every datatype round-trips bit for bit (FP16 as bits, BOOL as bytes)', async () => {
    const inputs: Tensor[] = [
      { name: 'fp32_in', datatype: 'FP32', shape: [2, 2], data: new Float32Array([1.5, -0, Infinity, NaN]) },
      { name: 'fp64_in', datatype: 'FP64', shape: [2, 2], data: new Float64Array([Number.MAX_VALUE, -1e-300, 0.1, -2]) },
      { name: 'fp16_in', datatype: 'FP16', shape: [2, 2], data: new Uint16Array([0x3c00, 0xc000, 0x7c00, 0x0001]) },
      { name: 'int64_in', datatype: 'INT64', shape: [2, 2], data: new BigInt64Array([2n ** 63n - 1n, -(2n ** 63n), 0n, -1n]) },
      { name: 'int32_in', datatype: 'INT32', shape: [2, 2], data: new Int32Array([2 ** 31 - 1, -(2 ** 31), 0, -1]) },
      { name: 'int8_in', datatype: 'INT8', shape: [2, 2], data: new Int8Array([127, -128, 0, -1]) },
      { name: 'uint8_in', datatype: 'UINT8', shape: [2, 2], data: new Uint8Array([255, 0, 1, 128]) },
      { name: 'bool_in', datatype: 'BOOL', shape: [2, 2], data: new Uint8Array([1, 0, 0, 1]) },
    ];
    const { outputs } = await registry.infer('fixture_identity_dtypes', undefined, inputs);
    outputs.forEach((output, i) => {
      expect(output.name).toBe(inputs[i].name.replace('_in', '_out'));
      expect(output.datatype).toBe(inputs[i].datatype);
      expect(output.shape).toEqual([2, 2]);
      expect(output.data.constructor).toBe(inputs[i].data.constructor);
      expect(Buffer.from(output.data.buffer, output.data.byteOffset, output.data.byteLength)).toEqual(
        Buffer.from(inputs[i].data.buffer, inputs[i].data.byteOffset, inputs[i].data.byteLength),
      );
    });
  });

  it('returns only the outputs asked for, in the order asked', async () => {
    const inputs: Tensor[] = registry.metadata('fixture_identity_dtypes').inputs.map(({ name, datatype }) => {
      const Storage = STORAGE[datatype];
      return { name, datatype, shape: [1, 2], data: new Storage(new ArrayBuffer(2 * Storage.BYTES_PER_ELEMENT), 0, 2) };
    });
    const { outputs } = await registry.infer('fixture_identity_dtypes', undefined, inputs, ['bool_out', 'fp16_out']);
    expect(outputs.map((o) => o.name)).toEqual(['bool_out', 'fp16_out']);
  });
});

describe('OnnxruntimeBackend', () => {
  const reluBytes = readFileSync(join(SERVING_REPO, 'fixture_relu_identity', '2', 'model.onnx'));

  it('loads with a per-model thread count, runs, and disposes once', async () => {
    const spec = { name: 'y', datatype: 'FP32' as const, shape: [-1] };
    const model = await new OnnxruntimeBackend().load(reluBytes, {
      modelName: 'relu',
      version: '2',
      inputs: [{ ...spec, name: 'x' }],
      outputs: [spec],
      intraOpThreads: 2,
    });
    const [y] = await model.run([{ name: 'x', datatype: 'FP32', shape: [3], data: new Float32Array([-1, 0, 2]) }], ['y']);
    expect([...(y.data as Float32Array)]).toEqual([0, 0, 2]);
    await model.dispose();
    await expect(model.dispose()).resolves.toBeUndefined();
  });

  it('fails a load whose spec names an input the graph lacks', async () => {
    const spec = { name: 'nope', datatype: 'FP32' as const, shape: [-1] };
    await expect(
      new OnnxruntimeBackend().load(reluBytes, {
        modelName: 'relu',
        version: '2',
        inputs: [spec],
        outputs: [{ ...spec, name: 'y' }],
        intraOpThreads: 0,
      }),
    ).rejects.toThrow("onnxruntime does not see input 'nope' in the graph");
  });

  it('fails a load onnxruntime rejects with a reason that names model.onnx', async () => {
    // Given bytes, onnxruntime's own message says nothing of the file, so the backend names it.
    const unknownOp = buildModel({
      opset: 13,
      inputs: [{ name: 'x', elemType: 'FLOAT', shape: ['N'] }],
      outputs: [{ name: 'y', elemType: 'FLOAT', shape: ['N'] }],
      nodes: [{ opType: 'NoSuchOp', inputs: ['x'], outputs: ['y'] }],
    });
    const spec = { name: 'x', datatype: 'FP32' as const, shape: [-1] };
    await expect(
      new OnnxruntimeBackend().load(unknownOp, { modelName: 'm', version: '1', inputs: [spec], outputs: [{ ...spec, name: 'y' }], intraOpThreads: 0 }),
    ).rejects.toThrow(/^onnxruntime cannot load model\.onnx: .*NoSuchOp/);
  });
});
