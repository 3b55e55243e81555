import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { testApp } from '../helpers/app.js';

const f32 = (values: number[]): number[] => values.map((v) => Math.fround(v));

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

const post = (name: string, body: unknown) => request(app.server).post(`/v1/activations/${name}`).send(body as object);
const example = { shape: [2, 3], datatype: 'FP32', data: [1, -2, 3, -4, 5, -6] };

describe('GET /v1/activations', () => {
  it('lists the five activations with ONNX names, formulas, defaults and references', async () => {
    const res = await request(app.server).get('/v1/activations').expect(200);
    const byName = Object.fromEntries(res.body.activations.map((a: { name: string }) => [a.name, a]));
    expect(Object.keys(byName)).toEqual(['relu', 'leaky_relu', 'prelu', 'elu', 'selu']);
    expect(byName.leaky_relu).toMatchObject({ onnx: 'LeakyRelu', parameters: [{ name: 'alpha', default: 0.01 }] });
    expect(byName.leaky_relu.reference).toMatch(/Maas.*2013/);
    expect(byName.prelu.reference).toMatch(/He.*2015/);
    expect(byName.elu.reference).toMatch(/Clevert.*2015/);
    expect(byName.selu.reference).toMatch(/Klambauer.*2017/);
    expect(byName.selu.parameters).toEqual([
      expect.objectContaining({ name: 'alpha', default: 1.67326319217681884765625 }),
      expect.objectContaining({ name: 'gamma', default: 1.05070102214813232421875 }),
    ]);
    expect(byName.elu.formula).toContain('exp');
  });
});

describe('POST /v1/activations/{name}: forward', () => {
  it('relu on the README example', async () => {
    const res = await post('relu', { input: example }).expect(200);
    expect(res.body).toEqual({
      activation: 'relu',
      parameters: {},
      output: { shape: [2, 3], datatype: 'FP32', data: [1, 0, 3, 0, 5, 0] },
    });
  });

  it('leaky_relu with alpha 0.1 gives float32-rounded products, under its ONNX spelling too', async () => {
    for (const name of ['leaky_relu', 'LeakyRelu']) {
      const res = await post(name, { input: example, parameters: { alpha: 0.1 } }).expect(200);
      expect(res.body.activation).toBe('leaky_relu');
      expect(res.body.parameters).toEqual({ alpha: 0.1 });
      expect(res.body.output.data).toEqual(f32([1, Math.fround(-2) * Math.fround(0.1), 3, -4 * Math.fround(0.1), 5, -6 * Math.fround(0.1)]));
    }
  });

  it('fills ONNX defaults: leaky_relu 0.01, elu 1.0, selu alpha and gamma', async () => {
    const leaky = await post('leaky_relu', { input: example }).expect(200);
    expect(leaky.body.parameters).toEqual({ alpha: 0.01 });
    const selu = await post('Selu', { input: { shape: [1], data: [1] } }).expect(200);
    expect(selu.body.parameters).toEqual({ alpha: 1.67326319217681884765625, gamma: 1.05070102214813232421875 });
    expect(selu.body.output.data[0]).toBeCloseTo(1.0507010221, 6);
    const elu = await post('elu', { input: { shape: [1], datatype: 'FP64', data: [-1] } }).expect(200);
    expect(elu.body.output).toEqual({ shape: [1], datatype: 'FP64', data: [Math.expm1(-1)] });
  });

  it('accepts nested data matching the shape, scalars and empty tensors', async () => {
    const nested = await post('relu', { input: { shape: [2, 3], data: [[1, -2, 3], [-4, 5, -6]] } }).expect(200);
    expect(nested.body.output.data).toEqual([1, 0, 3, 0, 5, 0]);
    const scalar = await post('leaky_relu', { input: { shape: [], data: [-100] } }).expect(200);
    expect(scalar.body.output).toEqual({ shape: [], datatype: 'FP32', data: [Math.fround(-100 * Math.fround(0.01))] });
    const empty = await post('elu', { input: { shape: [0, 4], data: [] } }).expect(200);
    expect(empty.body.output).toEqual({ shape: [0, 4], datatype: 'FP32', data: [] });
  });

  it('carries NaN and infinities as strings both ways', async () => {
    const res = await post('relu', { input: { shape: [3], data: ['NaN', 'Infinity', '-Infinity'] } }).expect(200);
    expect(res.body.output.data).toEqual(['NaN', 'Infinity', 0]);
  });

  it('prelu: a scalar slope, per-channel slopes along axis 1, and a broadcast tensor', async () => {
    const scalar = await post('prelu', { input: example, slope: 0.25 }).expect(200);
    expect(scalar.body.output.data).toEqual([1, -0.5, 3, -1, 5, -1.5]);
    const x = { shape: [2, 3, 2], data: [-1, -1, -2, -2, -4, -4, 1, -1, 2, -2, 4, -4] };
    const perChannel = await post('PRelu', { input: x, slope: [0.5, 0.25, 0.125] }).expect(200);
    expect(perChannel.body.output.data).toEqual([-0.5, -0.5, -0.5, -0.5, -0.5, -0.5, 1, -0.5, 2, -0.5, 4, -0.5]);
    const tensor = await post('prelu', { input: x, slope: { shape: [3, 1], data: [0.5, 0.25, 0.125] } }).expect(200);
    expect(tensor.body.output.data).toEqual(perChannel.body.output.data);
    const lastAxis = await post('prelu', { input: x, slope: { shape: [2], data: [1, 0] } }).expect(200);
    // JSON has no negative zero: -1 * 0 arrives as 0.
    expect(lastAxis.body.output.data).toEqual([-1, 0, -2, 0, -4, 0, 1, 0, 2, 0, 4, 0]);
  });
});

describe('POST /v1/activations/{name}: backward and stats', () => {
  it('grad_input with the default dy of ones follows the PyTorch convention at 0', async () => {
    const res = await post('leaky_relu', {
      input: { shape: [4], data: [-1, 0, 2, -3] },
      parameters: { alpha: 0.5 },
      gradient: true,
    }).expect(200);
    expect(res.body.grad_input).toEqual({ shape: [4], datatype: 'FP32', data: [0.5, 0.5, 1, 0.5] });
    const relu = await post('relu', { input: { shape: [3], data: [-1, 0, 1] }, gradient: true }).expect(200);
    expect(relu.body.grad_input.data).toEqual([0, 0, 1]);
  });

  it('grad_input multiplies the given grad_output; prelu also returns grad_slope in the slope shape', async () => {
    const res = await post('prelu', {
      input: { shape: [2, 2], data: [-1, 2, -3, -4] },
      slope: [0.5, 0.25],
      grad_output: { data: [10, 10, 1, 2] },
      gradient: true,
    }).expect(200);
    expect(res.body.grad_input.data).toEqual([5, 10, 0.5, 0.5]);
    expect(res.body.grad_slope).toEqual({ shape: [2], datatype: 'FP32', data: [-10 + -3, -8] });
  });

  it('stats count negatives, zero outputs, zero gradients and dead units along axis 1', async () => {
    // Unit 1 is negative for every sample: dead under relu, alive under leaky_relu.
    const input = { shape: [3, 3], data: [1, -1, 0, 2, -5, 3, -1, -2, 4] };
    const relu = await post('relu', { input, stats: true }).expect(200);
    expect(relu.body.stats).toEqual({
      negative_input_fraction: 4 / 9,
      zero_output_fraction: 5 / 9,
      zero_gradient_fraction: 5 / 9,
      units: 3,
      dead_units: [1],
      dead_unit_fraction: 1 / 3,
    });
    const leaky = await post('leaky_relu', { input, stats: true }).expect(200);
    expect(leaky.body.stats).toMatchObject({ zero_gradient_fraction: 0, dead_units: [], dead_unit_fraction: 0 });
  });
});
