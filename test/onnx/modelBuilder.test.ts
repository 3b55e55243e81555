import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModel, irVersionFor, type ModelSpec } from '../../src/onnx/modelBuilder.js';

const { AttributeProto, ModelProto } = onnxProto.onnx;

const FLT_MAX = 3.4028234663852886e38;
const FLT_MIN = 1.1754943508222875e-38;
const DENORMAL = 1.401298464324817e-45;
const EDGE_VALUES = [0, -0, 1, -1, 100, -100, 1000, -1000, FLT_MIN, -FLT_MIN, DENORMAL, -DENORMAL, FLT_MAX, -FLT_MAX, Infinity, -Infinity, NaN];

/** Edge values first, then reproducible values in [-3, 3). */
function testInput(length: number): Float32Array {
  const x = new Float32Array(length);
  let seed = 12345;
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    x[i] = i < EDGE_VALUES.length ? EDGE_VALUES[i] : (seed / 2 ** 32) * 6 - 3;
  }
  return x;
}

async function runOnce(model: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(Buffer.from(model));
  try {
    const results = await session.run(feeds);
    return results[session.outputNames[0]];
  } finally {
    await session.release();
  }
}

// float32 arithmetic as ONNX Runtime does it: one rounding after the multiply.
const leakyReluRef = (x: number, alpha: number): number => (x >= 0 ? x : Math.fround(Math.fround(alpha) * x));

function leakyReluModel(alpha: number): ModelSpec {
  return {
    opset: 16,
    inputs: [{ name: 'X', elemType: 'FLOAT', shape: ['N'] }],
    outputs: [{ name: 'Y', elemType: 'FLOAT', shape: ['N'] }],
    nodes: [{ opType: 'LeakyRelu', inputs: ['X'], outputs: ['Y'], attributes: { alpha } }],
  };
}

describe('buildModel', () => {
  it('writes a LeakyRelu model that onnxruntime runs as x >= 0 ? x : alpha * x', async () => {
    const alpha = 0.1;
    const x = testInput(100);
    const y = await runOnce(buildModel(leakyReluModel(alpha)), { X: new ort.Tensor('float32', x, [x.length]) });
    expect(y.dims).toEqual([x.length]);
    expect(Array.from(y.data as Float32Array)).toEqual(Array.from(x, (v) => leakyReluRef(v, alpha)));
  });

  it('writes a PRelu model whose per-channel slope initializer broadcasts over [N, C, H, W]', async () => {
    const [n, c, h, w] = [2, 3, 4, 5];
    const slope = Float32Array.of(0.25, -0.5, 2);
    const model = buildModel({
      opset: 16,
      inputs: [{ name: 'X', elemType: 'FLOAT', shape: ['N', c, h, w] }],
      outputs: [{ name: 'Y', elemType: 'FLOAT', shape: ['N', c, h, w] }],
      initializers: [{ name: 'slope', dims: [c, 1, 1], data: slope }],
      nodes: [{ opType: 'PRelu', inputs: ['X', 'slope'], outputs: ['Y'] }],
    });
    const x = testInput(n * c * h * w);
    const y = await runOnce(model, { X: new ort.Tensor('float32', x, [n, c, h, w]) });
    const channelOf = (i: number): number => Math.floor(i / (h * w)) % c;
    const expected = Array.from(x, (v, i) => (v >= 0 ? v : Math.fround(slope[channelOf(i)] * v)));
    expect(y.dims).toEqual([n, c, h, w]);
    expect(Array.from(y.data as Float32Array)).toEqual(expected);
  });

  it('writes a whole-number float attribute as FLOAT, so Elu with alpha 1 loads', async () => {
    const model = buildModel({
      opset: 13,
      inputs: [{ name: 'X', elemType: 'FLOAT', shape: [3] }],
      outputs: [{ name: 'Y', elemType: 'FLOAT', shape: [3] }],
      nodes: [{ opType: 'Elu', inputs: ['X'], outputs: ['Y'], attributes: { alpha: 1 } }],
    });
    const y = await runOnce(model, { X: new ort.Tensor('float32', Float32Array.of(-1, 0, 2), [3]) });
    expect(y.data[0]).toBeCloseTo(Math.expm1(-1), 6);
    expect(Array.from(y.data as Float32Array).slice(1)).toEqual([0, 2]);
  });

  it('records IR version, opset, producer, symbolic dims and typed attributes', () => {
    const model = buildModel({
      opset: 17,
      producer: 'fixture-writer',
      inputs: [{ name: 'X', elemType: 'FLOAT', shape: ['N', 4] }],
      outputs: [{ name: 'Y', elemType: 'FLOAT' }],
      nodes: [
        {
          opType: 'Transpose',
          inputs: ['X'],
          outputs: ['Y'],
          attributes: { perm: [1, 0], k: { int: 2 }, scales: { floats: [0.5] }, mode: 'constant' },
        },
      ],
    });
    const decoded = ModelProto.decode(model);
    const A = AttributeProto.AttributeType;
    expect(Number(decoded.irVersion)).toBe(8);
    expect(decoded.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect(decoded.producerName).toBe('fixture-writer');
    const graph = decoded.graph ?? {};
    const dims = graph.input?.[0]?.type?.tensorType?.shape?.dim ?? [];
    expect(dims.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', 4]);
    expect(graph.output?.[0]?.type?.tensorType?.shape).toBeNull();
    const attrs = Object.fromEntries((graph.node?.[0]?.attribute ?? []).map((a) => [a.name ?? '', a]));
    expect(attrs.perm.type).toBe(A.INTS);
    expect((attrs.perm.ints ?? []).map(Number)).toEqual([1, 0]);
    expect(attrs.k.type).toBe(A.INT);
    expect(attrs.scales.type).toBe(A.FLOATS);
    expect(attrs.mode.type).toBe(A.STRING);
    expect(new TextDecoder().decode(attrs.mode.s ?? undefined)).toBe('constant');
  });

  it.each([
    [7, 8],
    [18, 8],
    [19, 9],
    [21, 10],
    [23, 11],
  ])('opset %i gets IR version %i', (opset, ir) => {
    expect(irVersionFor(opset)).toBe(ir);
  });

  it.each([
    ['an unknown opset', { ...leakyReluModel(0.1), opset: 99 }, /opset 99 is not supported/],
    [
      'a node reading an undefined value',
      { ...leakyReluModel(0.1), nodes: [{ opType: 'Relu', inputs: ['Z'], outputs: ['Y'] }] },
      /node 0 \(Relu\) reads 'Z'/,
    ],
    [
      'an output no node produces',
      { ...leakyReluModel(0.1), outputs: [{ name: 'W', elemType: 'FLOAT' as const }] },
      /graph output 'W' is never produced/,
    ],
    [
      'initializer dims that do not match its data',
      { ...leakyReluModel(0.1), initializers: [{ name: 's', dims: [2, 2], data: new Float32Array(3) }] },
      /initializer 's' has 3 values but dims \[2,2\]/,
    ],
    [
      'a fractional integer attribute',
      { ...leakyReluModel(0.1), nodes: [{ opType: 'Relu', inputs: ['X'], outputs: ['Y'], attributes: { axes: [0.5] } }] },
      /Relu attribute axes: 0.5 is not an integer/,
    ],
  ])('rejects %s', (_what, spec, message) => {
    expect(() => buildModel(spec as ModelSpec)).toThrow(message);
  });
});
