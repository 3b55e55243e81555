import { afterAll, describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createGemm } from '../../../src/kernels/gemm.js';
import { setSgemmBackend, type SgemmBackend } from '../../../src/kernels/matrixProduct.js';
import { OpError } from '../../../src/kernels/op.js';
import { expectClose, naiveMatMul, randomTensor } from './linearReference.js';
import { f32, runNode } from './runNode.js';

const ints = ['transA', 'transB', 'broadcast'];
const attrs = (values: Record<string, number>): Attributes => Attributes.of(values, ints);

function transpose(data: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return out;
}

describe.each<SgemmBackend>(['auto', 'typescript'])('Gemm (%s sgemm)', (backend) => {
  setSgemmBackend(backend);
  afterAll(() => setSgemmBackend('auto'));

  it('multiplies a literal case with a per-column bias', () => {
    setSgemmBackend(backend);
    const a = f32([2, 3], [1, 2, 3, 4, 5, 6]);
    const b = f32([3, 2], [1, 0, 0, 1, 1, 1]);
    const c = f32([2], [10, 20]);
    const [y] = runNode(createGemm, [a, b, c]);
    expect(Array.from(y.data)).toEqual([14, 25, 20, 31]);
    expect(y.shape).toEqual([2, 2]);
  });

  it.each([
    ['scalar []', []],
    ['[1]', [1]],
    ['[N]', [5]],
    ['[1,N]', [1, 5]],
    ['[M,1]', [3, 1]],
    ['[M,N]', [3, 5]],
  ])('broadcasts C of shape %s, with alpha, beta and both transposes', (_name, cShape) => {
    setSgemmBackend(backend);
    const [m, k, n] = [3, 7, 5];
    const a = randomTensor([k, m], 1);
    const b = randomTensor([n, k], 2);
    const c = randomTensor(cShape as number[], 3);
    for (const constantInputs of [[], [1, 2]]) {
      const [y] = runNode(createGemm, [a, b, c], { attributes: Attributes.of({ alpha: 0.5, beta: -2, transA: 1, transB: 1 }, ints), constantInputs });
      const ab = naiveMatMul(transpose(a.data, k, m), transpose(b.data, n, k), m, k, n);
      const expected = ab.map((v, i) => {
        const [r, col] = [Math.floor(i / n), i % n];
        const rs = cShape.length === 2 && cShape[0] !== 1 ? cShape[1] : 0;
        const cs = cShape.length >= 1 && cShape[cShape.length - 1] !== 1 ? 1 : 0;
        return 0.5 * v - 2 * c.data[r * rs + col * cs];
      });
      expectClose(y, [m, n], expected);
    }
  });

  it.each([
    [1, 784, 256], [32, 784, 256], [5, 3, 17], [33, 300, 9], [4, 1, 4],
  ])('matches a float64 reference for M=%i K=%i N=%i with a constant B', (m, k, n) => {
    setSgemmBackend(backend);
    const a = randomTensor([m, k], m + k);
    const b = randomTensor([k, n], n);
    const [y] = runNode(createGemm, [a, b], { constantInputs: [1] });
    expectClose(y, [m, n], naiveMatMul(a.data, b.data, m, k, n));
  });

  it('reuses the packed constant B across calls and repacks a non-constant one', () => {
    setSgemmBackend(backend);
    const kernel = createGemm({ opType: 'Gemm', name: 'g', opset: 13, attributes: attrs({}), inputTypes: ['float32', 'float32'], constants: [], outputCount: 1 });
    for (let seed = 0; seed < 3; seed++) {
      const a = randomTensor([4, 6], seed);
      const b = randomTensor([6, 9], seed + 10);
      const [y] = kernel.run([a, b], [false, false]);
      expectClose(y, [4, 9], naiveMatMul(a.data, b.data, 4, 6, 9));
    }
  });

  it('gives zeros for K = 0 and an empty result for M = 0', () => {
    setSgemmBackend(backend);
    expect(Array.from(runNode(createGemm, [f32([2, 0], []), f32([0, 3], [])])[0].data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(runNode(createGemm, [f32([0, 2], []), f32([2, 3], [1, 2, 3, 4, 5, 6])])[0].shape).toEqual([0, 3]);
  });
});

describe('Gemm versions and errors', () => {
  const a = f32([2, 2], [1, 2, 3, 4]);
  const b = f32([2, 2], [1, 0, 0, 1]);

  it('needs C before opset 11 and honours broadcast=0 at opset 6', () => {
    expect(() => runNode(createGemm, [a, b], { opset: 9 })).toThrow(/expects 3 inputs/);
    expect(() => runNode(createGemm, [a, b, f32([2], [1, 1])], { opset: 6 })).toThrow(/broadcast=0 needs \[2,2\]/);
    const [y] = runNode(createGemm, [a, b, f32([2], [1, 1])], { opset: 6, attributes: attrs({ broadcast: 1 }) });
    expect(Array.from(y.data)).toEqual([2, 3, 4, 5]);
  });

  it('rejects wrong ranks, inner mismatch and a C that does not broadcast', () => {
    expect(() => runNode(createGemm, [f32([4], [1, 2, 3, 4]), b])).toThrow(OpError);
    expect(() => runNode(createGemm, [f32([2, 3], [1, 2, 3, 4, 5, 6]), b])).toThrow(/inner dimensions differ/);
    expect(() => runNode(createGemm, [a, b, f32([3], [1, 2, 3])])).toThrow(/does not broadcast to \[2,2\]/);
    expect(() => runNode(createGemm, [a, f32([2, 2], [1, 2, 3, 4])], { constantInputs: [1] })).not.toThrow();
    expect(() => runNode(createGemm, [a, { type: 'int64', shape: [2, 2], data: new Float64Array(4) }])).toThrow(/type int64/);
  });
});
