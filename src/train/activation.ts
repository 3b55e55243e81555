/**
 * The five hidden-layer activations, computed by the project's kernels (src/kernels) in float64.
 * Each knows its ONNX node, its initialisation and, for PRelu, its learnable slope.
 */
import { elu, eluBackward, ELU_DEFAULT_ALPHA } from '../kernels/elu.js';
import { leakyRelu, leakyReluBackward, LEAKY_RELU_DEFAULT_ALPHA } from '../kernels/leakyRelu.js';
import { prelu, preluBackward } from '../kernels/prelu.js';
import { relu, reluBackward } from '../kernels/relu.js';
import { selu, seluBackward, SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA } from '../kernels/selu.js';
import type { NodeSpec } from '../onnx/modelBuilder.js';

export const ACTIVATIONS = ['relu', 'leaky_relu', 'prelu', 'elu', 'selu'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** He et al. 2015 ("Delving Deep into Rectifiers", section 2.2) initialise PReLU slopes at 0.25. */
export const PRELU_INITIAL_SLOPE = 0.25;

/**
 * 'he': N(0, 2/fan_in) for the rectifiers (He et al. 2015). 'lecun': N(0, 1/fan_in), which
 * Klambauer et al. 2017 require for SELU's self-normalisation.
 */
export type InitScheme = 'he' | 'lecun';

export interface Activation {
  readonly name: ActivationName;
  /** What the model card and metadata call it, attributes included. */
  readonly description: string;
  readonly init: InitScheme;
  readonly units: number;
  /** Learnable parameters: PRelu's slope (one per unit); empty for the others. */
  readonly params: Float64Array;
  /** y = f(x) over a [rows, units] block. */
  forward(x: Float64Array, rows: number, y: Float64Array): void;
  /** dx = dy * f'(x); dParams (PRelu: sum of dy * x over x <= 0) is overwritten. */
  backward(x: Float64Array, rows: number, dy: Float64Array, dx: Float64Array, dParams: Float64Array): void;
  /** The ONNX node from `input` to `output`; `paramName` names PRelu's slope initializer. */
  node(input: string, output: string, paramName: string): NodeSpec;
}

const NO_PARAMS = new Float64Array(0);

export function createActivation(name: ActivationName, units: number): Activation {
  const common = { name, units, init: 'he' as InitScheme, params: NO_PARAMS };
  switch (name) {
    case 'relu':
      return {
        ...common,
        description: 'Relu',
        forward: (x, _rows, y) => relu(x, y),
        backward: (x, _rows, dy, dx) => reluBackward(x, dy, dx),
        node: (input, output) => ({ opType: 'Relu', inputs: [input], outputs: [output] }),
      };
    case 'leaky_relu': {
      const alpha = LEAKY_RELU_DEFAULT_ALPHA;
      return {
        ...common,
        description: `LeakyRelu(alpha=${alpha})`,
        forward: (x, _rows, y) => leakyRelu(x, alpha, y),
        backward: (x, _rows, dy, dx) => leakyReluBackward(x, dy, alpha, dx),
        node: (input, output) => ({ opType: 'LeakyRelu', inputs: [input], outputs: [output], attributes: { alpha: { float: alpha } } }),
      };
    }
    case 'prelu': {
      const slope = new Float64Array(units).fill(PRELU_INITIAL_SLOPE);
      const slopeShape = [units];
      return {
        ...common,
        params: slope,
        description: `PRelu(one slope per unit, initial ${PRELU_INITIAL_SLOPE})`,
        forward: (x, rows, y) => prelu(x, [rows, units], slope, slopeShape, y),
        backward: (x, rows, dy, dx, dSlope) => preluBackward(x, [rows, units], slope, slopeShape, dy, dx, dSlope),
        node: (input, output, paramName) => ({ opType: 'PRelu', inputs: [input, paramName], outputs: [output] }),
      };
    }
    case 'elu': {
      const alpha = ELU_DEFAULT_ALPHA;
      return {
        ...common,
        description: `Elu(alpha=${alpha.toFixed(1)})`,
        forward: (x, _rows, y) => elu(x, alpha, y),
        backward: (x, _rows, dy, dx) => eluBackward(x, dy, alpha, dx),
        node: (input, output) => ({ opType: 'Elu', inputs: [input], outputs: [output], attributes: { alpha: { float: alpha } } }),
      };
    }
    case 'selu': {
      const alpha = SELU_DEFAULT_ALPHA;
      const gamma = SELU_DEFAULT_GAMMA;
      return {
        ...common,
        init: 'lecun',
        description: 'Selu(ONNX defaults alpha=1.6733, gamma=1.0507)',
        forward: (x, _rows, y) => selu(x, alpha, gamma, y),
        backward: (x, _rows, dy, dx) => seluBackward(x, dy, alpha, gamma, dx),
        node: (input, output) => ({
          opType: 'Selu',
          inputs: [input],
          outputs: [output],
          attributes: { alpha: { float: alpha }, gamma: { float: gamma } },
        }),
      };
    }
  }
}
