import { required, stridedCopy, stridesOf } from './axes.js';
import { expectInputs, OpError, type OpFactory } from './op.js';
import { allocate, sameDims, type NativeData, type NativeTensor } from './tensor.js';

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

/** Input rows per block of the column walk: the rows one output row reads stay in cache. */
const ROW_BLOCK = 256;
/** Columns per block of the row walk: the output rows being written stay in cache. */
const COLUMN_BLOCK = 128;
/** Narrower matrices walk by columns (their rows are too short for a loop along them). */
const NARROW = 16;

/**
 * out[b][j][i] = x[b][i][j] for `batch` matrices of rows x cols. Wide matrices are read along
 * two rows at a time (sequential reads, writes `rows` apart, in blocks of columns that keep
 * the written lines in cache); narrow ones (NCHW -> NHWC with few channels) are walked in
 * output order, down a column four rows at a time.
 */
function transposeBatched2d(x: NativeData, out: NativeData, batch: number, rows: number, cols: number): void {
  if (cols < NARROW) {
    transposeByColumns(x, out, batch, rows, cols);
    return;
  }
  const pairs = rows - (rows & 1);
  for (let b = 0, base = 0; b < batch; b++, base += rows * cols) {
    for (let j0 = 0; j0 < cols; j0 += COLUMN_BLOCK) {
      const j1 = j0 + COLUMN_BLOCK < cols ? j0 + COLUMN_BLOCK : cols;
      let i = 0;
      for (; i < pairs; i += 2) {
        const s0 = base + i * cols;
        const s1 = s0 + cols;
        for (let j = j0, d = base + j0 * rows + i; j < j1; j++, d += rows) {
          out[d] = x[s0 + j];
          out[d + 1] = x[s1 + j];
        }
      }
      if (i < rows) {
        const s0 = base + i * cols;
        for (let j = j0, d = base + j0 * rows + i; j < j1; j++, d += rows) out[d] = x[s0 + j];
      }
    }
  }
}

function transposeByColumns(x: NativeData, out: NativeData, batch: number, rows: number, cols: number): void {
  const stride4 = 4 * cols;
  for (let b = 0, base = 0; b < batch; b++, base += rows * cols) {
    for (let i0 = 0; i0 < rows; i0 += ROW_BLOCK) {
      const i1 = i0 + ROW_BLOCK < rows ? i0 + ROW_BLOCK : rows;
      const four = i1 - ((i1 - i0) & 3);
      for (let j = 0; j < cols; j++) {
        let o = base + j * rows + i0;
        let s = base + i0 * cols + j;
        let i = i0;
        for (; i < four; i += 4, s += stride4, o += 4) {
          out[o] = x[s];
          out[o + 1] = x[s + cols];
          out[o + 2] = x[s + 2 * cols];
          out[o + 3] = x[s + 3 * cols];
        }
        for (; i < i1; i++, s += cols) out[o++] = x[s];
      }
    }
  }
}

/**
 * How to transpose one input shape by one perm, worked out once: a copy, a batch of 2-D
 * transposes, or the general walk (output dims, the input step along each, an odometer).
 */
type TransposePlan =
  | { readonly kind: 'copy' }
  | { readonly kind: '2d'; readonly batch: number; readonly rows: number; readonly cols: number }
  | { readonly kind: 'general'; readonly dims: Int32Array; readonly steps: Float64Array };

function planTranspose(shape: readonly number[], perm: readonly number[]): TransposePlan {
  const s = simplify(shape, perm);
  if (s.perm.every((a, i) => a === i)) return { kind: 'copy' };
  if (s.perm.length === 2) return { kind: '2d', batch: 1, rows: s.shape[0], cols: s.shape[1] };
  if (s.perm.length === 3 && s.perm[0] === 0 && s.perm[1] === 2) return { kind: '2d', batch: s.shape[0], rows: s.shape[1], cols: s.shape[2] };
  const inStrides = stridesOf(s.shape);
  return {
    kind: 'general',
    dims: Int32Array.from(s.perm, (a) => s.shape[a]),
    steps: Float64Array.from(s.perm, (a) => inStrides[a]),
  };
}

function runPlan(plan: TransposePlan, x: NativeData, out: NativeData): void {
  if (out.length === 0) return;
  if (plan.kind === 'copy') out.set(x as never);
  else if (plan.kind === '2d') transposeBatched2d(x, out, plan.batch, plan.rows, plan.cols);
  else stridedCopy(x, out, 0, plan.dims, plan.steps);
}

/** Writes x transposed by `perm` into out (same element count, same storage type). */
export function transpose(x: NativeData, shape: readonly number[], perm: readonly number[], out: NativeData): void {
  if (out.length === 0) return;
  runPlan(planTranspose(shape, perm), x, out);
}

/**
 * Transpose: y[i_perm[0], ..., i_perm[r-1]] = x[i_0, ..., i_{r-1}], perm reversing the axes by default.
 * https://onnx.ai/onnx/operators/onnx__Transpose.html
 */
export const createTranspose: OpFactory = (node) => {
  const [type] = expectInputs(node, 1, 1, ['float32', 'int64', 'int32', 'bool']);
  const given = node.attributes.ints('perm');
  // The last input shape seen and its plan and output shape: a run with the same shape (every
  // run, for a fixed-size model) skips the checks and planning.
  let lastShape: readonly number[] | undefined;
  let outShape: readonly number[] = [];
  let plan: TransposePlan = { kind: 'copy' };
  return {
    outputTypes: [type],
    run(inputs) {
      const x: NativeTensor = required(node, inputs, 0);
      if (lastShape === undefined || !sameDims(x.shape, lastShape)) {
        lastShape = undefined;
        const rank = x.shape.length;
        const perm = given ?? x.shape.map((_, i) => rank - 1 - i);
        if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((a, i) => a !== i)) {
          throw new OpError(node, `perm [${perm.join(',')}] is not a permutation of the ${rank} axes of the input`);
        }
        outShape = perm.map((a) => x.shape[a]);
        plan = planTranspose(x.shape, perm);
        lastShape = x.shape.slice();
      }
      const y = allocate(type, outShape);
      runPlan(plan, x.data, y.data);
      return [y];
    },
  };
};
