/**
 * GFLOP/s of the float32 GEMM paths (TypeScript sgemm, wasm SIMD sgemm when it loads) against
 * onnxruntime-node running a one-node MatMul with B as an initializer, on the same shapes in the
 * same run. Run: npx tsx bench/gemm.ts [repeats]
 */
import * as ort from 'onnxruntime-node';
import { Attributes } from '../src/kernels/attributes.js';
import { createConv } from '../src/kernels/conv.js';
import { createGemm } from '../src/kernels/gemm.js';
import { setSgemmBackend } from '../src/kernels/matrixProduct.js';
import type { NativeTensor } from '../src/kernels/tensor.js';
import { buildModel } from '../src/onnx/modelBuilder.js';
import { packB, sgemm } from '../src/kernels/sgemm.js';
import { wasmSgemmAvailable, WasmGemm } from '../src/kernels/sgemmWasm.js';
import { median } from './measure.js';

const SHAPES: [number, number, number][] = [
  [32, 784, 256],
  [32, 256, 128],
  [32, 128, 10],
  [1, 784, 256],
  [1, 256, 128],
  [128, 1024, 1024],
  [3136, 576, 64],
];

function random(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Median ns per call over `samples` samples of enough calls to last ~50 ms. */
async function time(call: () => unknown, samples: number): Promise<number> {
  for (let i = 0; i < 3; i++) await call();
  let iterations = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await call();
    if (Number(process.hrtime.bigint() - t0) > 5e7) break;
    iterations *= 2;
  }
  const results: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await call();
    results.push(Number(process.hrtime.bigint() - t0) / iterations);
  }
  return median(results);
}

const samples = Number(process.argv[2] ?? 5);
for (const [m, k, n] of SHAPES) {
  const a = random(m * k, 1);
  const b = random(k * n, 2);
  const flop = 2 * m * k * n;
  const packed = packB({ data: b, offset: 0, rowStride: n, colStride: 1 }, k, n);
  const out = new Float32Array(m * n);
  const aView = { data: a, offset: 0, rowStride: k, colStride: 1 };
  const ts = await time(() => sgemm(m, aView, packed, out, 0), samples);
  let wasm = NaN;
  if (wasmSgemmAvailable()) {
    const g = new WasmGemm();
    g.setB({ data: b, offset: 0, rowStride: n, colStride: 1 }, k, n);
    wasm = await time(() => g.multiply(m, aView, out, 0), samples);
  }
  const model = buildModel({
    opset: 13,
    inputs: [{ name: 'A', elemType: 'FLOAT', shape: [m, k] }],
    outputs: [{ name: 'Y', elemType: 'FLOAT', shape: [m, n] }],
    initializers: [{ name: 'B', dims: [k, n], data: b }],
    nodes: [{ opType: 'MatMul', inputs: ['A', 'B'], outputs: ['Y'] }],
  });
  const session = await ort.InferenceSession.create(Buffer.from(model));
  const feed = { A: new ort.Tensor('float32', a, [m, k]) };
  const ortNs = await time(() => session.run(feed), samples);
  const single = await ort.InferenceSession.create(Buffer.from(model), { intraOpNumThreads: 1 });
  const ort1Ns = await time(() => single.run(feed), samples);
  const g = (ns: number): string => (flop / ns).toFixed(2).padStart(7);
  const us = (ns: number): string => (ns / 1000).toFixed(1).padStart(8);
  console.log(
    `M=${m} K=${k} N=${n}: GFLOP/s ts ${g(ts)} wasm ${g(wasm)} ort ${g(ortNs)} ort1thr ${g(ort1Ns)} | µs ts ${us(ts)} wasm ${us(wasm)} ort ${us(ortNs)} ort1 ${us(ort1Ns)}`,
  );
}

/** The 784-256-128-10 MLP as three Gemm nodes (weights and biases constant), ours against onnxruntime. */
const LAYERS = [784, 256, 128, 10];
const weights = LAYERS.slice(1).map((n, i) => random(LAYERS[i] * n, 10 + i));
const biases = LAYERS.slice(1).map((n, i) => random(n, 20 + i));
const tensor = (shape: number[], data: Float32Array): NativeTensor => ({ type: 'float32', shape, data });
function mlpKernels(): ((x: NativeTensor) => NativeTensor) {
  const layers = weights.map((w, i) => {
    const wt = tensor([LAYERS[i], LAYERS[i + 1]], w);
    const bt = tensor([LAYERS[i + 1]], biases[i]);
    const kernel = createGemm({ opType: 'Gemm', name: `fc${i}`, opset: 13, attributes: Attributes.of({}), inputTypes: ['float32', 'float32', 'float32'], constants: [undefined, wt, bt], outputCount: 1 });
    return (x: NativeTensor): NativeTensor => kernel.run([x, wt, bt], [false, false, false])[0];
  });
  return (x) => layers.reduce((h, layer) => layer(h), x);
}
const mlpModel = buildModel({
  opset: 13,
  inputs: [{ name: 'x', elemType: 'FLOAT', shape: ['N', 784] }],
  outputs: [{ name: 'h3', elemType: 'FLOAT', shape: ['N', 10] }],
  initializers: weights.flatMap((w, i) => [
    { name: `w${i}`, dims: [LAYERS[i], LAYERS[i + 1]], data: w },
    { name: `b${i}`, dims: [LAYERS[i + 1]], data: biases[i] },
  ]),
  nodes: [0, 1, 2].map((i) => ({ opType: 'Gemm', inputs: [i === 0 ? 'x' : `h${i}`, `w${i}`, `b${i}`], outputs: [`h${i + 1}`] })),
});
const mlpSession = await ort.InferenceSession.create(Buffer.from(mlpModel));
for (const batch of [1, 32]) {
  const flop = 2 * batch * (784 * 256 + 256 * 128 + 128 * 10);
  const x = random(batch * 784, 5);
  setSgemmBackend('typescript');
  const ts = mlpKernels();
  setSgemmBackend('auto');
  const wasm = mlpKernels();
  const input = tensor([batch, 784], x);
  const tsNs = await time(() => ts(input), samples);
  const wasmNs = await time(() => wasm(input), samples);
  const feed = { x: new ort.Tensor('float32', x, [batch, 784]) };
  const ortNs = await time(() => mlpSession.run(feed), samples);
  const g = (ns: number): string => (flop / ns).toFixed(2).padStart(7);
  const us = (ns: number): string => (ns / 1000).toFixed(1).padStart(8);
  console.log(`MLP 784-256-128-10 batch ${batch}: GFLOP/s ts ${g(tsNs)} wasm ${g(wasmNs)} ort ${g(ortNs)} | µs ts ${us(tsNs)} wasm ${us(wasmNs)} ort ${us(ortNs)}`);
}

/** Conv layers (3x3 pad 1, 1x1, depthwise 3x3) against onnxruntime's Conv on the same weights. */
const CONVS: [string, number[], number[], number][] = [
  ['3x3 64->64 56x56', [1, 64, 56, 56], [64, 64, 3, 3], 1],
  ['1x1 64->128 28x28', [1, 64, 28, 28], [128, 64, 1, 1], 1],
  ['depthwise 3x3 128 28x28', [1, 128, 28, 28], [128, 1, 3, 3], 128],
];
for (const [name, xShape, wShape, group] of CONVS) {
  const x = random(xShape.reduce((p, q) => p * q, 1), 7);
  const w = random(wShape.reduce((p, q) => p * q, 1), 8);
  const pad = wShape[2] === 3 ? 1 : 0;
  const [h, wd] = [xShape[2], xShape[3]];
  const flop = 2 * wShape[0] * h * wd * wShape[1] * wShape[2] * wShape[3];
  const wt = tensor(wShape, w);
  const xt = tensor(xShape, x);
  const attributes = Attributes.of({ pads: [pad, pad, pad, pad], group }, ['group']);
  const kernel = createConv({ opType: 'Conv', name: 'conv', opset: 13, attributes, inputTypes: ['float32', 'float32'], constants: [undefined, wt], outputCount: 1 });
  const ours = await time(() => kernel.run([xt, wt], [false, false]), samples);
  const model = buildModel({
    opset: 13,
    inputs: [{ name: 'x', elemType: 'FLOAT', shape: xShape }],
    outputs: [{ name: 'y', elemType: 'FLOAT', shape: [xShape[0], wShape[0], h, wd] }],
    initializers: [{ name: 'w', dims: wShape, data: w }],
    nodes: [{ opType: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attributes: { pads: [pad, pad, pad, pad], group: { int: group } } }],
  });
  const session = await ort.InferenceSession.create(Buffer.from(model));
  const feed = { x: new ort.Tensor('float32', x, xShape) };
  const ortNs = await time(() => session.run(feed), samples);
  console.log(`Conv ${name}: GFLOP/s ours ${(flop / ours).toFixed(2)} ort ${(flop / ortNs).toFixed(2)} | µs ours ${(ours / 1000).toFixed(1)} ort ${(ortNs / 1000).toFixed(1)}`);
}
