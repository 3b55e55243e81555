import { afterAll, describe, expect, it } from 'vitest';
import { setSgemmBackend, type SgemmBackend } from '../../../src/kernels/matrixProduct.js';
import { createMatMul } from '../../../src/kernels/matMul.js';
import { expectClose, naiveMatMul, randomTensor } from './linearReference.js';
import { f32, runNode } from './runNode.js';

/** numpy.matmul over batches, by the naive loop: batch index `t` of A and B from broadcast. */
function batchedReference(aShape: number[], a: ArrayLike<number>, bShape: number[], b: ArrayLike<number>, batch: number[], aIndex: number[], bIndex: number[]): Float64Array {
  const [m, k] = aShape.slice(-2);
  const n = bShape[bShape.length - 1];
  const total = batch.reduce((x, y) => x * y, 1);
  const out = new Float64Array(total * m * n);
  for (let t = 0; t < total; t++) {
    const aa = Array.prototype.slice.call(a, aIndex[t] * m * k, (aIndex[t] + 1) * m * k);
    const bb = Array.prototype.slice.call(b, bIndex[t] * k * n, (bIndex[t] + 1) * k * n);
    out.set(naiveMatMul(aa, bb, m, k, n), t * m * n);
  }
  return out;
}

describe.each<SgemmBackend>(['auto', 'typescript'])('MatMul (%s sgemm)', (backend) => {
  afterAll(() => setSgemmBackend('auto'));

  it('multiplies 2-D literals', () => {
    setSgemmBackend(backend);
    const [y] = runNode(createMatMul, [f32([2, 2], [1, 2, 3, 4]), f32([2, 3], [1, 0, 2, 0, 1, 3])]);
    expect(y.shape).toEqual([2, 3]);
    expect(Array.from(y.data)).toEqual([1, 2, 8, 3, 4, 18]);
  });

  it('promotes 1-D operands and drops their axis', () => {
    setSgemmBackend(backend);
    const v = f32([2], [1, 2]);
    const m = f32([2, 2], [1, 2, 3, 4]);
    expect(runNode(createMatMul, [v, m])[0]).toMatchObject({ shape: [2], data: Float32Array.from([7, 10]) });
    expect(runNode(createMatMul, [m, v])[0]).toMatchObject({ shape: [2], data: Float32Array.from([5, 11]) });
    expect(runNode(createMatMul, [v, v])[0]).toMatchObject({ shape: [], data: Float32Array.from([5]) });
    const stack = f32([2, 2, 2], [1, 0, 0, 1, 2, 0, 0, 2]);
    expect(runNode(createMatMul, [stack, v])[0]).toMatchObject({ shape: [2, 2], data: Float32Array.from([1, 2, 2, 4]) });
  });

  it.each([[[]], [[1]]])('folds A batches into rows with one B (constant inputs %j)', (constantInputs) => {
    setSgemmBackend(backend);
    const a = randomTensor([2, 3, 5, 40], 1);
    const b = randomTensor([40, 12], 2);
    const [y] = runNode(createMatMul, [a, b], { constantInputs });
    expectClose(y, [2, 3, 5, 12], naiveMatMul(a.data, b.data, 30, 40, 12));
  });

  it.each([[[]], [[1]]])('broadcasts batch axes both ways (constant inputs %j)', (constantInputs) => {
    setSgemmBackend(backend);
    const a = randomTensor([3, 1, 4, 6], 3);
    const b = randomTensor([2, 6, 5], 4);
    const [y] = runNode(createMatMul, [a, b], { constantInputs });
    // Batch [3, 2]: entry (i, j) reads A batch i and B batch j.
    const expected = batchedReference([4, 6], a.data, [6, 5], b.data, [3, 2], [0, 0, 1, 1, 2, 2], [0, 1, 0, 1, 0, 1]);
    expectClose(y, [3, 2, 4, 5], expected);
  });

  it('handles empty batches and rejects mismatches', () => {
    setSgemmBackend(backend);
    expect(runNode(createMatMul, [f32([0, 2, 3], []), f32([3, 4], new Array(12).fill(1))])[0].shape).toEqual([0, 2, 4]);
    expect(() => runNode(createMatMul, [f32([2, 3], [1, 2, 3, 4, 5, 6]), f32([2, 2], [1, 2, 3, 4])])).toThrow(/inner dimensions 3 and 2 differ/);
    expect(() => runNode(createMatMul, [randomTensor([2, 2, 2], 1), randomTensor([3, 2, 2], 2)])).toThrow(/do not broadcast/);
    expect(() => runNode(createMatMul, [f32([], [1]), f32([1], [1])])).toThrow(/rank >= 1/);
  });
});
