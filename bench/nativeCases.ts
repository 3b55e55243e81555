/**
 * The models of the native-backend benchmark (bench/native.ts): the issue's 784-256-128-10 MLP,
 * built here with seeded weights (Gemm + Relu, and MatMul + Add + LeakyRelu), the fixture and
 * demo models under models/, and whatever test/fixtures/models/native/ holds when it exists.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedValues } from '../scripts/fixtures/buildModels.js';
import { buildModel, type Initializer, type NodeSpec } from '../src/onnx/modelBuilder.js';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface NativeCase {
  /** Row label. */
  name: string;
  /** model.onnx on disk (built models are written to a scratch directory first). */
  file: string;
  /** Where the model comes from: 'built here' or its path in the repo. */
  origin: string;
  /**
   * Sizes for symbolic dimensions other than the leading batch one, by input name: the input's
   * shape without its batch dimension. Otherwise config.json's `dims`, otherwise DEFAULT_DIM.
   */
  dims?: Record<string, number[]>;
  /** The 784-256-128-10 MLP the targets name. */
  isIssueMlp?: boolean;
}

/** Size given to a symbolic non-batch dimension nothing else sizes (spatial dims of a conv net). */
export const DEFAULT_DIM = 16;

/** The issue's MLP: 784 inputs (a 28x28 image), two hidden layers, 10 classes. */
export const ISSUE_MLP = { layers: [784, 256, 128, 10], alpha: 0.01 } as const;

/** Glorot-uniform weights [in, out] and small biases, from fixed seeds. */
function mlpLayers(seedBase: number): { w: Float32Array; b: Float32Array; fanIn: number; fanOut: number }[] {
  const { layers } = ISSUE_MLP;
  return layers.slice(1).map((fanOut, i) => {
    const fanIn = layers[i];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return {
      w: fixedValues(seedBase + 2 * i, fanIn * fanOut, -limit, limit),
      b: fixedValues(seedBase + 2 * i + 1, fanOut, -0.1, 0.1),
      fanIn,
      fanOut,
    };
  });
}

/**
 * 784-256-128-10 with a symbolic batch, logits out (no Softmax: the targets are about the dense
 * layers). `gemm`: Gemm + Relu; `matmul`: MatMul + Add + LeakyRelu, as PyTorch and Keras export.
 */
export function issueMlpModel(variant: 'gemm' | 'matmul'): Uint8Array {
  const layers = mlpLayers(variant === 'gemm' ? 700 : 720);
  const initializers: Initializer[] = [];
  const nodes: NodeSpec[] = [];
  let x = 'x';
  layers.forEach(({ w, b, fanIn, fanOut }, i) => {
    initializers.push({ name: `w${i + 1}`, dims: [fanIn, fanOut], data: w }, { name: `b${i + 1}`, dims: [fanOut], data: b });
    const last = i === layers.length - 1;
    const dense = last ? 'logits' : `dense${i + 1}`;
    if (variant === 'gemm') {
      nodes.push({ opType: 'Gemm', inputs: [x, `w${i + 1}`, `b${i + 1}`], outputs: [dense] });
    } else {
      nodes.push(
        { opType: 'MatMul', inputs: [x, `w${i + 1}`], outputs: [`mm${i + 1}`] },
        { opType: 'Add', inputs: [`mm${i + 1}`, `b${i + 1}`], outputs: [dense] },
      );
    }
    if (!last) {
      x = `hidden${i + 1}`;
      nodes.push(
        variant === 'gemm'
          ? { opType: 'Relu', inputs: [dense], outputs: [x] }
          : { opType: 'LeakyRelu', inputs: [dense], outputs: [x], attributes: { alpha: ISSUE_MLP.alpha } },
      );
    }
  });
  const [inputs, , , classes] = ISSUE_MLP.layers;
  return buildModel({
    opset: 13,
    producer: 'leaky-serve bench',
    graphName: `mlp_784_256_128_10_${variant}`,
    inputs: [{ name: 'x', elemType: 'FLOAT', shape: ['N', inputs] }],
    outputs: [{ name: 'logits', elemType: 'FLOAT', shape: ['N', classes] }],
    initializers,
    nodes,
  });
}

/** Models under models/ that the section runs (the other digits twins add nothing new). */
const REPO_MODELS = ['fixture_mlp_leaky', 'fixture_prelu_conv', 'digits_relu', 'digits_prelu'];

/** Where another engineer puts the native backend's test models (mtcnn_pnet, tiny_detector...). */
const NATIVE_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'models', 'native');

/** Per-model sizes for symbolic non-batch dims, where the default would not suit. */
const DIMS_BY_MODEL: Record<string, Record<string, number[]>> = {};

/** A model folder's model.onnx: `<dir>/model.onnx`, the highest numbered version, or any .onnx. */
function modelFileIn(dir: string): string | undefined {
  if (existsSync(join(dir, 'model.onnx'))) return join(dir, 'model.onnx');
  const versions = readdirSync(dir)
    .filter((d) => /^[1-9]\d*$/.test(d) && existsSync(join(dir, d, 'model.onnx')))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length > 0) return join(dir, versions[0], 'model.onnx');
  const any = readdirSync(dir).find((f) => f.endsWith('.onnx'));
  return any === undefined ? undefined : join(dir, any);
}

/** Sizes config.json gives the inputs (Triton-style `input[].dims`, without the batch dim). */
function configDims(modelDir: string): Record<string, number[]> | undefined {
  const file = join(modelDir, 'config.json');
  if (!existsSync(file)) return undefined;
  try {
    const config = JSON.parse(readFileSync(file, 'utf8')) as { input?: { name?: string; dims?: number[] }[] };
    const entries = (config.input ?? []).filter((i) => typeof i.name === 'string' && Array.isArray(i.dims)).map((i) => [i.name as string, i.dims as number[]]);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  } catch {
    return undefined;
  }
}

function repoCase(name: string, dir: string): NativeCase | undefined {
  const file = statSync(dir).isDirectory() ? modelFileIn(dir) : dir.endsWith('.onnx') ? dir : undefined;
  if (file === undefined) return undefined;
  const fromConfig = statSync(dir).isDirectory() ? configDims(dir) : undefined;
  return { name, file, origin: relative(REPO_ROOT, file), dims: { ...fromConfig, ...DIMS_BY_MODEL[name] } };
}

/** Every case; the built ones are written into `scratchDir`. */
export function nativeCases(scratchDir: string): NativeCase[] {
  mkdirSync(scratchDir, { recursive: true });
  const cases: NativeCase[] = [];
  for (const variant of ['gemm', 'matmul'] as const) {
    const file = join(scratchDir, `mlp_784_${variant}.onnx`);
    writeFileSync(file, issueMlpModel(variant));
    const name = variant === 'gemm' ? 'mlp 784-256-128-10 Gemm+Relu' : 'mlp 784-256-128-10 MatMul+Add+LeakyRelu';
    cases.push({ name, file, origin: 'built here (bench/nativeCases.ts)', isIssueMlp: true });
  }
  for (const name of REPO_MODELS) {
    const found = existsSync(join(REPO_ROOT, 'models', name)) ? repoCase(name, join(REPO_ROOT, 'models', name)) : undefined;
    if (found !== undefined) cases.push(found);
  }
  if (existsSync(NATIVE_FIXTURES)) {
    for (const entry of readdirSync(NATIVE_FIXTURES).sort()) {
      const found = repoCase(entry.replace(/\.onnx$/, ''), join(NATIVE_FIXTURES, entry));
      if (found !== undefined) cases.push(found);
    }
  }
  return cases;
}
