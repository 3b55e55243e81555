/**
 * The kernels under benchmark, each with the one-node ONNX model that does the same work in
 * onnxruntime-node, and the target it is held to.
 */
import { ELU_DEFAULT_ALPHA, elu } from '../src/kernels/elu.js';
import { LEAKY_RELU_DEFAULT_ALPHA, leakyRelu } from '../src/kernels/leakyRelu.js';
import { prelu } from '../src/kernels/prelu.js';
import { relu } from '../src/kernels/relu.js';
import { SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, selu } from '../src/kernels/selu.js';
import { buildModel, type ModelSpec, type NodeSpec } from '../src/onnx/modelBuilder.js';

const OPSET = 17;
/** PRelu's input is [N, C, H, W] with this many channels, whatever the size. */
export const CHANNELS = 10;

export interface Target {
  /** Largest acceptable ours / onnxruntime time ratio (against each ORT configuration). */
  maxRatioVsOrt: number;
  text: string;
}

export interface KernelCase {
  label: string;
  /** A one-node model over input X and output Y. */
  model: Uint8Array;
  /** X's shape for a given element count. */
  shape(elements: number): number[];
  ours(x: Float32Array, shape: readonly number[], out: Float32Array): void;
  target(elements: number): Target | undefined;
}

/** [N, C, H, W] holding `elements` values: H = W = 10 below 1e5 elements, 100 from there on. */
export function nchw(elements: number): number[] {
  const hw = elements >= 1e5 ? 100 : 10;
  const n = elements / (CHANNELS * hw * hw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench: ${elements} elements do not make [N,${CHANNELS},${hw},${hw}]`);
  return [n, CHANNELS, hw, hw];
}

const flat = (elements: number): number[] => [elements];

function oneNodeModel(node: Omit<NodeSpec, 'inputs' | 'outputs'>, rank: 1 | 4, slope?: { dims: number[]; data: Float32Array }): Uint8Array {
  const shape = rank === 1 ? ['N'] : ['N', CHANNELS, 'H', 'W'];
  const spec: ModelSpec = {
    opset: OPSET,
    producer: 'leaky-serve bench',
    inputs: [{ name: 'X', elemType: 'FLOAT', shape }],
    outputs: [{ name: 'Y', elemType: 'FLOAT', shape }],
    initializers: slope ? [{ name: 'slope', ...slope }] : [],
    nodes: [{ ...node, inputs: slope ? ['X', 'slope'] : ['X'], outputs: ['Y'] }],
  };
  return buildModel(spec);
}

const atLeastAsFast: Target = { maxRatioVsOrt: 1, text: 'ours/ORT <= 1' };
const withinTwiceAt1e6 = (elements: number): Target | undefined =>
  elements === 1e6 ? { maxRatioVsOrt: 2, text: 'ours/ORT <= 2 at 1e6' } : undefined;

export function kernelCases(): KernelCase[] {
  // Slopes spread over both signs and magnitudes; the scalar one is a typical learned value.
  const channelSlope = Float32Array.from({ length: CHANNELS }, (_, c) => (c - 3) * 0.1);
  const scalarSlope = Float32Array.of(0.25);
  return [
    {
      label: 'relu',
      model: oneNodeModel({ opType: 'Relu' }, 1),
      shape: flat,
      ours: (x, _s, out) => relu(x, out),
      target: () => atLeastAsFast,
    },
    {
      label: `leaky_relu a=${LEAKY_RELU_DEFAULT_ALPHA}`,
      model: oneNodeModel({ opType: 'LeakyRelu', attributes: { alpha: LEAKY_RELU_DEFAULT_ALPHA } }, 1),
      shape: flat,
      ours: (x, _s, out) => leakyRelu(x, LEAKY_RELU_DEFAULT_ALPHA, out),
      target: () => atLeastAsFast,
    },
    {
      label: `prelu slope [${CHANNELS},1,1]`,
      model: oneNodeModel({ opType: 'PRelu' }, 4, { dims: [CHANNELS, 1, 1], data: channelSlope }),
      shape: nchw,
      ours: (x, shape, out) => prelu(x, shape, channelSlope, [CHANNELS, 1, 1], out),
      target: () => atLeastAsFast,
    },
    {
      label: 'prelu slope scalar',
      model: oneNodeModel({ opType: 'PRelu' }, 4, { dims: [], data: scalarSlope }),
      shape: nchw,
      ours: (x, shape, out) => prelu(x, shape, scalarSlope, [], out),
      target: () => atLeastAsFast,
    },
    {
      label: `elu a=${ELU_DEFAULT_ALPHA}`,
      model: oneNodeModel({ opType: 'Elu', attributes: { alpha: ELU_DEFAULT_ALPHA } }, 1),
      shape: flat,
      ours: (x, _s, out) => elu(x, ELU_DEFAULT_ALPHA, out),
      target: withinTwiceAt1e6,
    },
    {
      label: 'selu (defaults)',
      model: oneNodeModel({ opType: 'Selu', attributes: { alpha: SELU_DEFAULT_ALPHA, gamma: SELU_DEFAULT_GAMMA } }, 1),
      shape: flat,
      ours: (x, _s, out) => selu(x, SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, out),
      target: withinTwiceAt1e6,
    },
  ];
}
