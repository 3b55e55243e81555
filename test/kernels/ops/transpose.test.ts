import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createTranspose } from '../../../src/kernels/transpose.js';
import { sizeOf, type NativeTensor } from '../../../src/kernels/tensor.js';
import { f32, i64, of, runNode } from './runNode.js';

/** Reference: y[out] = x[in] with per-element index arithmetic. */
function reference(x: NativeTensor, perm: number[]): number[] {
  const shape = perm.map((a) => x.shape[a]);
  const out: number[] = [];
  for (let o = 0; o < sizeOf(shape); o++) {
    const idx = new Array<number>(shape.length);
    for (let k = shape.length - 1, r = o; k >= 0; k--) {
      idx[k] = r % shape[k];
      r = Math.floor(r / shape[k]);
    }
    const inIdx = new Array<number>(shape.length);
    perm.forEach((a, k) => (inIdx[a] = idx[k]));
    out.push(x.data[inIdx.reduce((s, v, k) => s * x.shape[k] + v, 0)]);
  }
  return out;
}

const permutations = (n: number): number[][] =>
  n === 0 ? [[]] : permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));

describe('Transpose', () => {
  it('reverses the axes by default', () => {
    const [y] = runNode(createTranspose, [f32([2, 3], [1, 2, 3, 4, 5, 6])]);
    expect(y.shape).toEqual([3, 2]);
    expect([...y.data]).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it.each([[[2, 3, 4, 5]], [[1, 3, 1, 2]], [[2, 1, 33, 40]], [[3, 4, 2]]])('matches the reference for every perm of shape %j', (shape) => {
    const x = f32(shape, Array.from({ length: sizeOf(shape) }, (_, i) => i));
    for (const perm of permutations(shape.length)) {
      const [y] = runNode(createTranspose, [x], { attributes: Attributes.of({ perm }, ['perm']) });
      expect(y.shape).toEqual(perm.map((a) => shape[a]));
      expect([...y.data]).toEqual(reference(x, perm));
    }
  });

  it('handles NCHW <-> NHWC, int64, bool, scalars and empty tensors', () => {
    const x = i64([2, 3, 2, 2], Array.from({ length: 24 }, (_, i) => i));
    const [nhwc] = runNode(createTranspose, [x], { attributes: Attributes.of({ perm: [0, 2, 3, 1] }) });
    expect(nhwc.type).toBe('int64');
    expect([...nhwc.data]).toEqual(reference(x, [0, 2, 3, 1]));
    const [back] = runNode(createTranspose, [nhwc], { attributes: Attributes.of({ perm: [0, 3, 1, 2] }) });
    expect([...back.data]).toEqual([...x.data]);
    expect([...runNode(createTranspose, [of('bool', [2, 1], Uint8Array.of(1, 0))])[0].data]).toEqual([1, 0]);
    expect(runNode(createTranspose, [f32([], [5])])[0].shape).toEqual([]);
    expect(runNode(createTranspose, [f32([0, 3], [])])[0].shape).toEqual([3, 0]);
  });

  it.each([[[7, 300]], [[300, 7]], [[3, 257, 130]], [[2, 15, 17]], [[1, 5, 9, 16, 16]]])('matches the reference on the 2-D walks for shape %j', (shape) => {
    const x = f32(shape, Array.from({ length: sizeOf(shape) }, (_, i) => i));
    const rank = shape.length;
    for (const perm of [shape.map((_, i) => rank - 1 - i), [0, ...Array.from({ length: rank - 1 }, (_, i) => ((i + 1) % (rank - 1)) + 1)]]) {
      const [y] = runNode(createTranspose, [x], { attributes: Attributes.of({ perm }, ['perm']) });
      expect([...y.data]).toEqual(reference(x, perm));
    }
  });

  it('replans when one kernel sees another input shape', () => {
    const kernel = createTranspose({
      opType: 'Transpose', name: 'node', opset: 13, attributes: Attributes.of({ perm: [0, 2, 1] }, ['perm']),
      inputTypes: ['float32'], constants: [undefined], outputCount: 1,
    });
    for (const shape of [[2, 3, 4], [2, 3, 4], [1, 4, 3], [2, 3, 4], [3, 20, 2]]) {
      const x = f32(shape, Array.from({ length: sizeOf(shape) }, (_, i) => i));
      const [y] = kernel.run([x], [false]);
      expect(y.shape).toEqual([shape[0], shape[2], shape[1]]);
      expect([...y.data]).toEqual(reference(x, [0, 2, 1]));
    }
    expect(() => kernel.run([f32([2, 2], [1, 2, 3, 4])], [false])).toThrow(/not a permutation/);
  });

  it('refuses a perm that is not a permutation of the axes', () => {
    expect(() => runNode(createTranspose, [f32([2, 2], [1, 2, 3, 4])], { attributes: Attributes.of({ perm: [0, 0] }) })).toThrow(
      /perm \[0,0\] is not a permutation of the 2 axes/,
    );
  });
});
