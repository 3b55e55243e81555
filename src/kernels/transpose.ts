import { required, stridesOf } from './axes.js';
import { expectInputs, OpError, type OpFactory } from './op.js';
import { allocate, type NativeData, type NativeTensor } from './tensor.js';

/**
 * Merges axes that stay adjacent and in order under `perm` and drops size-1 axes, so that
 * NCHW -> NHWC becomes [N, C, HW] with perm [0, 2, 1] and a plain 2-D transpose stays 2-D.
 */
function simplify(shape: readonly number[], perm: readonly number[]): { shape: number[]; perm: number[] } {
  const kept = perm.filter((a) => shape[a] !== 1);
  // Groups of input axes, in output order; a group is a run a, a+1, ... in both orders.
  const groups: number[][] = [];
  for (const a of kept) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[last.length - 1] + 1 === a) last.push(a);
    else groups.push([a]);
  }
  const inputOrder = groups.map((_, g) => g).sort((g, h) => groups[g][0] - groups[h][0]);
  const merged = inputOrder.map((g) => groups[g].reduce((n, a) => n * shape[a], 1));
  const newPerm = groups.map((_, g) => inputOrder.indexOf(g));
  return { shape: merged, perm: newPerm };
}

/** out[b][j][i] = x[b][i][j] for `batch` matrices of rows x cols, in cache-sized tiles. */
function transposeBatched2d(x: NativeData, out: NativeData, batch: number, rows: number, cols: number): void {
  const TILE = 32;
  for (let b = 0, base = 0; b < batch; b++, base += rows * cols) {
    for (let i0 = 0; i0 < rows; i0 += TILE) {
      const i1 = Math.min(i0 + TILE, rows);
      for (let j0 = 0; j0 < cols; j0 += TILE) {
        const j1 = Math.min(j0 + TILE, cols);
        for (let i = i0; i < i1; i++) {
          for (let j = j0, src = base + i * cols + j0; j < j1; j++, src++) out[base + j * rows + i] = x[src];
        }
      }
    }
  }
}

/** Output-order walk: the innermost output axis in one loop, an odometer over the rest. */
function transposeGeneral(x: NativeData, out: NativeData, shape: readonly number[], perm: readonly number[]): void {
  const rank = perm.length;
  const inStrides = stridesOf(shape);
  const dims = perm.map((a) => shape[a]);
  const steps = perm.map((a) => inStrides[a]);
  const inner = dims[rank - 1];
  const innerStep = steps[rank - 1];
  const index = new Array<number>(rank).fill(0);
  const n = out.length;
  for (let o = 0, src = 0; o < n; ) {
    for (let j = 0, s = src; j < inner; j++, s += innerStep) out[o++] = x[s];
    for (let k = rank - 2; k >= 0; k--) {
      src += steps[k];
      if (++index[k] < dims[k]) break;
      src -= steps[k] * dims[k];
      index[k] = 0;
    }
  }
}

/** Writes x transposed by `perm` into out (same element count, same storage type). */
export function transpose(x: NativeData, shape: readonly number[], perm: readonly number[], out: NativeData): void {
  if (out.length === 0) return;
  const s = simplify(shape, perm);
  if (s.perm.every((a, i) => a === i)) out.set(x as never);
  else if (s.perm.length === 2) transposeBatched2d(x, out, 1, s.shape[0], s.shape[1]);
  else if (s.perm.length === 3 && s.perm[0] === 0 && s.perm[1] === 2) transposeBatched2d(x, out, s.shape[0], s.shape[1], s.shape[2]);
  else transposeGeneral(x, out, s.shape, s.perm);
}

/**
 * Transpose: y[i_perm[0], ..., i_perm[r-1]] = x[i_0, ..., i_{r-1}], perm reversing the axes by default.
 * https://onnx.ai/onnx/operators/onnx__Transpose.html
 */
export const createTranspose: OpFactory = (node) => {
  const [type] = expectInputs(node, 1, 1, ['float32', 'int64', 'int32', 'bool']);
  const given = node.attributes.ints('perm');
  return {
    outputTypes: [type],
    run(inputs) {
      const x: NativeTensor = required(node, inputs, 0);
      const rank = x.shape.length;
      const perm = given ?? x.shape.map((_, i) => rank - 1 - i);
      if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((a, i) => a !== i)) {
        throw new OpError(node, `perm [${perm.join(',')}] is not a permutation of the ${rank} axes of the input`);
      }
      const y = allocate(type, perm.map((a) => x.shape[a]));
      transpose(x.data, x.shape, perm, y.data);
      return [y];
    },
  };
};
