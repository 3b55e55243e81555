/**
 * The native fixture models (scripts/fixtures/nativeModels.ts): the files on disk are what the
 * builders write, onnxruntime (the reference) runs each at batch 1 and 3 with the declared output
 * shapes, and each holds the patterns it is there for. The broken repository's native_backend
 * model runs in onnxruntime but not natively, naming both ops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { nativeModels, UNSUPPORTED_OPS, unsupportedOpsModel } from '../../scripts/fixtures/nativeModels.js';
import { compileNative } from '../../src/model/nativeBackend.js';
import { buildModel } from '../../src/onnx/modelBuilder.js';
import { BROKEN_REPO, FIXTURES } from './helpers.js';

ort.env.logLevel = 'error';
const { ModelProto, TensorProto } = onnxProto.onnx;
const NATIVE_REPO = join(FIXTURES, 'native');
const models = nativeModels();

const ORT_TYPES: Record<number, ort.Tensor.Type> = { [TensorProto.DataType.FLOAT]: 'float32', [TensorProto.DataType.FLOAT16]: 'float16' };

/** Runs `bytes` in onnxruntime on zeros; symbolic dims get `batch`. Returns output dims by name. */
async function ortOutputDims(bytes: Uint8Array, batch: number): Promise<Record<string, readonly number[]>> {
  const graph = ModelProto.decode(bytes).graph ?? {};
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of (graph.input ?? []).filter((i) => !initializers.has(i.name))) {
    const tensorType = input.type?.tensorType ?? {};
    const dims = (tensorType.shape?.dim ?? []).map((d) => (d.dimParam ? batch : Number(d.dimValue)));
    const type = ORT_TYPES[tensorType.elemType ?? 0];
    const size = dims.reduce((a, b) => a * b, 1);
    feeds[input.name ?? ''] = new ort.Tensor(type, type === 'float16' ? new Uint16Array(size) : new Float32Array(size), dims);
  }
  const session = await ort.InferenceSession.create(Buffer.from(bytes));
  try {
    const results = await session.run(feeds);
    return Object.fromEntries(Object.entries(results).map(([name, value]) => [name, value.dims]));
  } finally {
    await session.release();
  }
}

function declaredOutputDims(bytes: Uint8Array, batch: number): Record<string, number[]> {
  const outputs = ModelProto.decode(bytes).graph?.output ?? [];
  return Object.fromEntries(outputs.map((o) => [o.name, (o.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? batch : Number(d.dimValue)))]));
}

/** What each fixture is there for, as op types it must hold (with the opset and IR version). */
const PATTERNS: Record<string, { opset: number; ir: number; ops: string[] }> = {
  mtcnn_pnet: { opset: 11, ir: 8, ops: ['Conv', 'PRelu', 'MaxPool', 'Softmax'] },
  mtcnn_onet: { opset: 11, ir: 8, ops: ['Conv', 'PRelu', 'MaxPool', 'Transpose', 'Flatten', 'Gemm', 'Softmax'] },
  keras_nhwc: { opset: 13, ir: 8, ops: ['Transpose', 'Conv', 'Relu', 'Shape', 'Slice', 'Concat', 'Reshape', 'MatMul', 'Add', 'Softmax'] },
  tiny_detector: {
    opset: 13,
    ir: 8,
    ops: ['Conv', 'BatchNormalization', 'LeakyRelu', 'Resize', 'Concat', 'Shape', 'Gather', 'Unsqueeze', 'Slice', 'Constant', 'Reshape', 'Transpose', 'Sigmoid'],
  },
  legacy_ir3: { opset: 7, ir: 3, ops: ['Conv', 'BatchNormalization', 'PRelu', 'MaxPool', 'Reshape', 'Gemm', 'Dropout', 'Softmax'] },
  fp16_io: { opset: 13, ir: 8, ops: ['MatMul', 'Add', 'Relu', 'Sigmoid'] },
};

describe('native fixture models', () => {
  it('has a pattern entry for every fixture', () => {
    expect(Object.keys(models).sort()).toEqual(Object.keys(PATTERNS).sort());
  });

  describe.each(Object.entries(models))('%s', (name, files) => {
    const bytes = files['1/model.onnx'] as Uint8Array;

    it('is on disk as the builder writes it (rerun scripts/fixtures/buildModels.ts if not)', () => {
      expect(Buffer.compare(readFileSync(join(NATIVE_REPO, name, '1', 'model.onnx')), Buffer.from(bytes))).toBe(0);
      expect(readFileSync(join(NATIVE_REPO, name, 'config.json'), 'utf8')).toBe(files['config.json']);
    });

    it.each([1, 3])('runs in onnxruntime at batch %i with the declared output shapes', async (batch) => {
      expect(await ortOutputDims(bytes, batch)).toEqual(declaredOutputDims(bytes, batch));
    });

    it('holds the ops, opset and IR version it exercises', () => {
      const model = ModelProto.decode(bytes);
      const ops = new Set((model.graph?.node ?? []).map((n) => n.opType));
      expect(PATTERNS[name].ops.filter((op) => !ops.has(op))).toEqual([]);
      expect(Number(model.irVersion)).toBe(PATTERNS[name].ir);
      expect(Number(model.opsetImport[0].version)).toBe(PATTERNS[name].opset);
    });
  });

  it('legacy_ir3 lists every initializer again as a graph input, after the real input', () => {
    const graph = ModelProto.decode(models.legacy_ir3['1/model.onnx'] as Uint8Array).graph ?? {};
    const initializers = (graph.initializer ?? []).map((t) => t.name);
    expect((graph.input ?? []).map((i) => i.name)).toEqual(['data', ...initializers]);
  });

  it('mtcnn_pnet has PRelu slopes shaped both (C,1,1) and (1,C,1,1)', () => {
    const graph = ModelProto.decode(models.mtcnn_pnet['1/model.onnx'] as Uint8Array).graph ?? {};
    const slopes = (graph.initializer ?? []).filter((t) => t.name?.endsWith('.slope')).map((t) => (t.dims ?? []).map(Number));
    expect(slopes).toEqual([
      [10, 1, 1],
      [1, 16, 1, 1],
      [32, 1, 1],
    ]);
  });
});

describe('the broken repository native_backend model', () => {
  const bytes = unsupportedOpsModel();

  it('is on disk as the builder writes it', () => {
    expect(Buffer.compare(readFileSync(join(BROKEN_REPO, 'native_backend', '1', 'model.onnx')), Buffer.from(bytes))).toBe(0);
  });

  it('runs in onnxruntime', async () => {
    expect(await ortOutputDims(bytes, 2)).toEqual({ y: [2, 3] });
  });

  it('fails to compile natively, naming every op it lacks', () => {
    expect(() => compileNative(bytes)).toThrow(`the native backend lacks ${UNSUPPORTED_OPS.map((op) => `${op} (opset 13)`).join(', ')}`);
  });
});

describe('modelBuilder features the fixtures rely on', () => {
  it('writes BOOL initializers from a Uint8Array and TENSOR attributes that onnxruntime reads', async () => {
    const model = buildModel({
      opset: 13,
      inputs: [{ name: 'x', elemType: 'FLOAT', shape: [3] }],
      outputs: [{ name: 'y', elemType: 'FLOAT', shape: [3] }],
      initializers: [{ name: 'keep', dims: [3], data: Uint8Array.of(1, 0, 1), elemType: 'BOOL' }],
      nodes: [
        { opType: 'Constant', inputs: [], outputs: ['fill'], attributes: { value: { tensor: { dims: [1], data: Float32Array.of(-7) } } } },
        { opType: 'Where', inputs: ['keep', 'x', 'fill'], outputs: ['y'] },
      ],
    });
    const session = await ort.InferenceSession.create(Buffer.from(model));
    try {
      const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 3), [3]) });
      expect(Array.from(y.data as Float32Array)).toEqual([1, -7, 3]);
    } finally {
      await session.release();
    }
  });

  it('rejects an element type the array cannot hold', () => {
    const spec = {
      opset: 13,
      inputs: [],
      outputs: [{ name: 'c', elemType: 'FLOAT' as const }],
      initializers: [{ name: 'c', dims: [1], data: Float32Array.of(1), elemType: 'INT64' as const }],
      nodes: [],
    };
    expect(() => buildModel(spec)).toThrow(/a Float32Array cannot hold INT64 values/);
  });
});
