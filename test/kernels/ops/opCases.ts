/** Shared checks for the elementwise op tests: edge values, random arrays, in place, broadcasting. */
import { expect } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { broadcastShapes } from '../../../src/kernels/broadcast.js';
import type { OpFactory } from '../../../src/kernels/op.js';
import type { NativeTensor } from '../../../src/kernels/tensor.js';
import { EDGE_VALUES, RANDOM_LENGTHS, expectWithinUlps, mapReference, naiveIndexMap, randomArray } from '../helpers.js';
import { f32, runNode } from './runNode.js';

/** Results exact once rounded to float32 (the op's double result rounds once on store). */
export const EXACT = 0;

/** Runs a one-input float32 op over the edge values and random arrays against `reference`. */
export function checkUnaryAgainstReference(
  create: OpFactory,
  reference: (x: number) => number,
  maxUlps: number,
  attributes: Attributes = Attributes.of({}),
  opset = 21,
): void {
  const inputs = [Float32Array.from(EDGE_VALUES), ...RANDOM_LENGTHS.map((n, seed) => randomArray(Float32Array, n, seed + 1, -20, 20))];
  for (const x of inputs) {
    const [y] = runNode(create, [f32([x.length], Array.from(x))], { attributes, opset });
    expectWithinUlps(y.data as Float32Array, mapReference(Float32Array, [x], reference), maxUlps);
  }
}

/** Runs the op with reusable inputs and checks that the result lives in input `reused`'s storage. */
export function expectWritesInPlace(create: OpFactory, inputs: NativeTensor[], reused = 0, attributes?: Attributes): void {
  const expected = runNode(create, inputs.map(copy), { attributes })[0];
  const storage = inputs[reused].data;
  const [y] = runNode(create, inputs, { attributes, inPlace: true });
  expect(y.data).toBe(storage);
  expect(Array.from(y.data)).toEqual(Array.from(expected.data));
}

/** Runs without reusable inputs and checks that no input changed. */
export function expectInputsUntouched(create: OpFactory, inputs: NativeTensor[], attributes?: Attributes): void {
  const before = inputs.map((t) => Array.from(t.data));
  const [y] = runNode(create, inputs, { attributes });
  inputs.forEach((t, i) => {
    expect(y.data).not.toBe(t.data);
    expect(Array.from(t.data)).toEqual(before[i]);
  });
}

export function copy(t: NativeTensor): NativeTensor {
  return { type: t.type, shape: [...t.shape], data: t.data.slice() };
}

/** The numpy-broadcast result of `formula` over the inputs, by the naive index walk. */
export function broadcastReference(inputs: readonly NativeTensor[], formula: (...values: number[]) => number): { shape: number[]; values: number[] } {
  const shape = broadcastShapes(inputs.map((t) => t.shape));
  if (shape === undefined) throw new Error('reference: shapes do not broadcast');
  const maps = inputs.map((t) => naiveIndexMap(t.shape, shape));
  const values = maps[0].map((_, i) => formula(...inputs.map((t, k) => t.data[maps[k][i]])));
  return { shape, values };
}

/** Random float32 tensor of `shape`, values in [low, high). */
export function randomF32(shape: number[], seed: number, low = -3, high = 3): NativeTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return f32(shape, Array.from(randomArray(Float32Array, n, seed, low, high)));
}

/** Shape pairs that exercise every broadcast path: same, scalar, per-channel, row, both sides, general. */
export const BROADCAST_SHAPES: readonly (readonly [number[], number[]])[] = [
  [[2, 3], [2, 3]],
  [[2, 3], []],
  [[], [2, 3]],
  [[1], [4]],
  [[2, 3, 4, 5], [3, 1, 1]],
  [[2, 3, 4, 5], [1, 3, 1, 1]],
  [[3, 4, 5], [5]],
  [[4, 1], [1, 3]],
  [[2, 1, 4], [3, 1]],
  [[2, 3, 4], [2, 1, 4]],
  [[1, 3, 1, 5], [2, 1, 4, 1]],
  [[0, 3], [3]],
  [[1, 1], [1]],
];

/** One literal case of a one-input op. */
export interface UnaryCase {
  name: string;
  x: NativeTensor;
  y: number[];
  attributes?: Attributes;
}
