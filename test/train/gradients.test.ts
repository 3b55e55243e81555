/**
 * Every layer's backward pass against central finite differences, in float64:
 * dense (weights, bias, input), each activation (input; PRelu's slope too), softmax
 * cross-entropy, and the whole network for each twin.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, createActivation } from '../../src/train/activation.js';
import { createDense, denseBackward, denseForward } from '../../src/train/dense.js';
import { Mlp } from '../../src/train/network.js';
import { Rng } from '../../src/train/rng.js';
import { softmaxCrossEntropy } from '../../src/train/softmaxCrossEntropy.js';

/** Central-difference step and agreement: the truncation error is O(h^2) ~ 1e-10 here. */
const STEP = 1e-5;
const RELATIVE_TOLERANCE = 1e-6;
const ABSOLUTE_TOLERANCE = 1e-9;

function randomArray(rng: Rng, n: number, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

/** Away from the activations' kink at 0, where a finite difference straddles two slopes. */
function awayFromZero(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => {
    const magnitude = 0.05 + 2 * rng.next();
    return rng.next() < 0.5 ? -magnitude : magnitude;
  });
}

/** d loss / d values[i] by central differences, restoring each value after. */
function numericGradient(values: Float64Array, loss: () => number): Float64Array {
  const grad = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const saved = values[i];
    values[i] = saved + STEP;
    const up = loss();
    values[i] = saved - STEP;
    const down = loss();
    values[i] = saved;
    grad[i] = (up - down) / (2 * STEP);
  }
  return grad;
}

function expectGradientsClose(analytic: Float64Array, numeric: Float64Array, what: string): void {
  expect(analytic.length, what).toBe(numeric.length);
  let worst = 0;
  for (let i = 0; i < analytic.length; i++) {
    const error = Math.abs(analytic[i] - numeric[i]);
    const allowed = ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.max(Math.abs(analytic[i]), Math.abs(numeric[i]));
    worst = Math.max(worst, error / allowed);
  }
  expect(worst, `${what}: worst error / tolerance`).toBeLessThanOrEqual(1);
  // A gradient check over all-zero gradients proves nothing.
  expect(numeric.some((v) => Math.abs(v) > 1e-3), `${what} has a non-trivial gradient`).toBe(true);
}

/** A fixed random projection w turns any output into a scalar loss L = sum(w * y), so dL/dy = w. */
function project(y: Float64Array, w: Float64Array): number {
  return y.reduce((s, v, i) => s + v * w[i], 0);
}

describe('dense layer (Gemm) backward', () => {
  it('dW, db and dX match finite differences', () => {
    const rng = new Rng(1);
    const rows = 3;
    const layer = createDense(5, 4);
    layer.weight.set(randomArray(rng, 20));
    layer.bias.set(randomArray(rng, 4));
    const x = randomArray(rng, rows * 5);
    const y = new Float64Array(rows * 4);
    const weights = randomArray(rng, rows * 4);
    const loss = (): number => {
      denseForward(layer, x, rows, y);
      return project(y, weights);
    };
    const dW = new Float64Array(20);
    const db = new Float64Array(4);
    const dx = new Float64Array(rows * 5);
    denseBackward(layer, x, rows, weights, dW, db, dx);
    expectGradientsClose(dW, numericGradient(layer.weight, loss), 'dW');
    expectGradientsClose(db, numericGradient(layer.bias, loss), 'db');
    expectGradientsClose(dx, numericGradient(x, loss), 'dX');
  });
});

describe.each(ACTIVATIONS)('%s backward through the kernels', (name) => {
  it('dx (and PRelu dslope) match finite differences', () => {
    const rng = new Rng(2);
    const rows = 4;
    const units = 6;
    const activation = createActivation(name, units);
    // Distinct slopes, some negative, so each unit's slope gradient is tested on its own.
    if (activation.params.length > 0) activation.params.set(randomArray(rng, units, 0.5));
    const x = awayFromZero(rng, rows * units);
    const y = new Float64Array(rows * units);
    const dy = randomArray(rng, rows * units);
    const loss = (): number => {
      activation.forward(x, rows, y);
      return project(y, dy);
    };
    const dx = new Float64Array(rows * units);
    const dParams = new Float64Array(activation.params.length);
    activation.backward(x, rows, dy, dx, dParams);
    expectGradientsClose(dx, numericGradient(x, loss), `${name} dx`);
    if (name === 'prelu') {
      expect(dParams).toHaveLength(units);
      expectGradientsClose(dParams, numericGradient(activation.params, loss), 'prelu dslope');
    } else {
      expect(dParams).toHaveLength(0);
    }
  });
});

describe('softmax cross-entropy', () => {
  it('dlogits matches finite differences, including large logits', () => {
    const rng = new Rng(3);
    const rows = 4;
    const classes = 10;
    const logits = randomArray(rng, rows * classes, 3);
    logits[0] = 800; // exp(800) overflows without the row max
    const labels = Int32Array.of(0, 3, 9, 5);
    const dLogits = new Float64Array(rows * classes);
    const loss = softmaxCrossEntropy(logits, rows, classes, labels, dLogits);
    expect(Number.isFinite(loss)).toBe(true);
    expectGradientsClose(dLogits, numericGradient(logits, () => softmaxCrossEntropy(logits, rows, classes, labels)), 'dlogits');
  });
});

describe.each(ACTIVATIONS)('the whole %s network', (name) => {
  it('every parameter gradient matches finite differences', () => {
    const net = new Mlp({ sizes: [7, 6, 5, 4], activation: name, inputScale: 1 / 16 });
    const rng = new Rng(4);
    net.initialize(rng);
    for (const { data } of net.parameters()) data.set(randomArray(rng, data.length, 0.5));
    const rows = 3;
    const x = randomArray(rng, rows * 7, 16);
    const labels = Int32Array.of(1, 3, 0);
    const loss = (): number => softmaxCrossEntropy(net.forward(x, rows), rows, 4, labels);
    const dLogits = new Float64Array(rows * 4);
    softmaxCrossEntropy(net.forward(x, rows), rows, 4, labels, dLogits);
    const grads = net.gradientBuffers();
    net.backward(rows, dLogits, grads);
    net.parameters().forEach(({ name: param, data }, k) => {
      expectGradientsClose(grads[k], numericGradient(data, loss), `${name} ${param}`);
    });
  });
});
