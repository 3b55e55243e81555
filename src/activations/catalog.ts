/**
 * The five activations the service applies: what each is (for GET /v1/activations), which
 * parameters it takes with their ONNX defaults, and its kernels. Names resolve from our
 * snake_case spelling or the ONNX operator spelling.
 */
import { ELU_DEFAULT_ALPHA, elu, eluBackward } from '../kernels/elu.js';
import { LEAKY_RELU_DEFAULT_ALPHA, leakyRelu, leakyReluBackward } from '../kernels/leakyRelu.js';
import { relu, reluBackward } from '../kernels/relu.js';
import { SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, selu, seluBackward } from '../kernels/selu.js';
import type { FloatArray } from '../kernels/types.js';
import { ACTIVATION_NAMES, type ActivationName, type ONNX_OP_NAMES } from '../schemas/activation.js';

export interface ParameterInfo {
  name: string;
  default: number | null;
  description: string;
}

export type Parameters = Record<string, number>;

export interface Activation {
  name: ActivationName;
  onnx: (typeof ONNX_OP_NAMES)[number];
  formula: string;
  derivative: string;
  parameters: ParameterInfo[];
  reference: string;
  spec: string;
  /** Elementwise forward; prelu is not elementwise and is handled by src/activations/prelu.ts. */
  forward?: (x: FloatArray, p: Parameters, out: FloatArray) => void;
  backward?: (x: FloatArray, dy: FloatArray, p: Parameters, dx: FloatArray) => void;
}

const onnxSpec = (op: string): string => `https://onnx.ai/onnx/operators/onnx__${op}.html`;

export const ACTIVATIONS: Record<ActivationName, Activation> = {
  relu: {
    name: 'relu',
    onnx: 'Relu',
    formula: 'y = max(0, x)',
    derivative: "f'(x) = 1 if x > 0 else 0 (0 at x = 0, as PyTorch)",
    parameters: [],
    reference: 'Nair and Hinton 2010, Rectified Linear Units Improve Restricted Boltzmann Machines (ICML)',
    spec: onnxSpec('Relu'),
    forward: (x, _p, out) => relu(x, out),
    backward: (x, dy, _p, dx) => reluBackward(x, dy, dx),
  },
  leaky_relu: {
    name: 'leaky_relu',
    onnx: 'LeakyRelu',
    formula: 'y = x if x >= 0 else alpha * x',
    derivative: "f'(x) = 1 if x > 0 else alpha (alpha at x = 0, as PyTorch)",
    parameters: [
      { name: 'alpha', default: LEAKY_RELU_DEFAULT_ALPHA, description: 'Slope for negative inputs.' },
    ],
    reference:
      'Maas, Hannun and Ng 2013, Rectifier Nonlinearities Improve Neural Network Acoustic Models (ICML workshop)',
    spec: onnxSpec('LeakyRelu'),
    forward: (x, p, out) => leakyRelu(x, p.alpha, out),
    backward: (x, dy, p, dx) => leakyReluBackward(x, dy, p.alpha, dx),
  },
  prelu: {
    name: 'prelu',
    onnx: 'PRelu',
    formula: 'y = x if x >= 0 else slope * x, slope broadcast into x (ONNX unidirectional rule)',
    derivative:
      "f'(x) = 1 if x > 0 else slope (slope at x = 0, as PyTorch); d(slope) = sum of dy * x over x < 0",
    parameters: [
      {
        name: 'slope',
        default: null,
        description:
          'Required: a number, an array of C per-channel slopes (axis 1), or a tensor {shape, data}.',
      },
    ],
    reference:
      'He, Zhang, Ren and Sun 2015, Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification (ICCV)',
    spec: onnxSpec('PRelu'),
  },
  elu: {
    name: 'elu',
    onnx: 'Elu',
    formula: 'y = x if x > 0 else alpha * (exp(x) - 1)',
    derivative: "f'(x) = 1 if x > 0 else alpha * exp(x) (alpha at x = 0, as PyTorch)",
    parameters: [{ name: 'alpha', default: ELU_DEFAULT_ALPHA, description: 'Saturation value for negative inputs.' }],
    reference:
      'Clevert, Unterthiner and Hochreiter 2015, Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs) (arXiv:1511.07289)',
    spec: onnxSpec('Elu'),
    forward: (x, p, out) => elu(x, p.alpha, out),
    backward: (x, dy, p, dx) => eluBackward(x, dy, p.alpha, dx),
  },
  selu: {
    name: 'selu',
    onnx: 'Selu',
    formula: 'y = gamma * (x if x > 0 else alpha * (exp(x) - 1))',
    derivative: "f'(x) = gamma if x > 0 else gamma * alpha * exp(x) (gamma * alpha at x = 0, as PyTorch)",
    parameters: [
      { name: 'alpha', default: SELU_DEFAULT_ALPHA, description: 'ONNX default 1.67326319217681884765625.' },
      { name: 'gamma', default: SELU_DEFAULT_GAMMA, description: 'ONNX default 1.05070102214813232421875.' },
    ],
    reference: 'Klambauer, Unterthiner, Mayr and Hochreiter 2017, Self-Normalizing Neural Networks (NeurIPS)',
    spec: onnxSpec('Selu'),
    forward: (x, p, out) => selu(x, p.alpha, p.gamma, out),
    backward: (x, dy, p, dx) => seluBackward(x, dy, p.alpha, p.gamma, dx),
  },
};

const BY_ALIAS = new Map<string, Activation>();
for (const name of ACTIVATION_NAMES) {
  BY_ALIAS.set(name, ACTIVATIONS[name]);
  BY_ALIAS.set(ACTIVATIONS[name].onnx, ACTIVATIONS[name]);
}

/** The activation for a name or ONNX spelling, or undefined. */
export function findActivation(name: string): Activation | undefined {
  return BY_ALIAS.get(name);
}
