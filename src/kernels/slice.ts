import { constantIntegers, inputIntegers, normalizeAxes, required, stridedCopy, stridesOf } from './axes.js';
import { expectInputs, expectType, OpError, type NodeInfo, type OpFactory } from './op.js';
import { allocate, holdsInput, sameDims, type NativeTensor } from './tensor.js';

interface AxisRange {
  start: number;
  step: number;
  count: number;
}

/**
 * Per-axis start, step and element count, clamped as the spec says: negative starts and ends
 * count from the end; starts go to [0, dim] ([0, dim-1] for negative steps) and ends to
 * [0, dim] ([-1, dim-1]), so INT64_MAX (read as ~9.22e18) means "to the end".
 */
export function sliceRanges(
  node: Pick<NodeInfo, 'opType' | 'name'>,
  shape: readonly number[],
  starts: readonly number[],
  ends: readonly number[],
  axes: readonly number[] | undefined,
  steps: readonly number[] | undefined,
): AxisRange[] {
  if (ends.length !== starts.length) throw new OpError(node, `starts has ${starts.length} values, ends ${ends.length}`);
  const which = axes ?? starts.map((_, i) => i);
  if (which.length !== starts.length) throw new OpError(node, `axes has ${which.length} values, starts ${starts.length}`);
  if (steps !== undefined && steps.length !== starts.length) throw new OpError(node, `steps has ${steps.length} values, starts ${starts.length}`);
  const ranges: AxisRange[] = shape.map((d) => ({ start: 0, step: 1, count: d }));
  normalizeAxes(node, which, shape.length).forEach((axis, i) => {
    const dim = shape[axis];
    const step = steps?.[i] ?? 1;
    if (step === 0) throw new OpError(node, `step for axis ${axis} is 0`);
    let start = starts[i] < 0 ? starts[i] + dim : starts[i];
    let end = ends[i] < 0 ? ends[i] + dim : ends[i];
    if (step > 0) {
      start = Math.min(Math.max(start, 0), dim);
      end = Math.min(Math.max(end, 0), dim);
    } else {
      start = Math.min(Math.max(start, 0), dim - 1);
      end = Math.min(Math.max(end, -1), dim - 1);
    }
    ranges[axis] = { start, step, count: Math.max(0, Math.ceil((end - start) / step)) };
  });
  return ranges;
}

/** A slice's walk over x, planned once per input shape and parameters. */
interface SlicePlan {
  readonly shape: readonly number[];
  /** Where the first output element reads. */
  readonly start: number;
  /** Per axis: element count and the step in x's elements. */
  readonly counts: Int32Array;
  readonly steps: Float64Array;
}

function slicePlan(shape: readonly number[], ranges: readonly AxisRange[]): SlicePlan {
  const strides = stridesOf(shape);
  const rank = shape.length;
  const counts = new Int32Array(rank);
  const steps = new Float64Array(rank);
  let start = 0;
  for (let k = 0; k < rank; k++) {
    counts[k] = ranges[k].count;
    steps[k] = ranges[k].step * strides[k];
    start += ranges[k].start * strides[k];
  }
  return { shape: ranges.map((r) => r.count), start, counts, steps };
}

/**
 * Slice: y = x[starts:ends:steps] along the given axes (numpy semantics, negative steps too).
 * https://onnx.ai/onnx/operators/onnx__Slice.html
 * starts, ends and axes are attributes before opset 10, inputs (with steps) from 10.
 */
export const createSlice: OpFactory = (node) => {
  const asInputs = node.opset >= 10;
  const [type] = expectInputs(node, asInputs ? 3 : 1, asInputs ? 5 : 1, ['float32', 'int64', 'int32', 'bool']);
  const names = ['data', 'starts', 'ends', 'axes', 'steps'];
  const known: (number[] | undefined)[] = [undefined];
  for (let i = 1; i < 5; i++) {
    if (asInputs && node.inputTypes[i] !== undefined) expectType(node, i, ['int64', 'int32']);
    known.push(asInputs ? constantIntegers(node, i, names[i]) : node.attributes.ints(names[i]));
  }
  if (!asInputs && (known[1] === undefined || known[2] === undefined)) throw new OpError(node, 'attributes starts and ends are required');
  // The last input shape and parameters seen and their plan: a run with the same ones skips
  // the planning.
  let lastShape: readonly number[] | undefined;
  const lastValues: (readonly number[] | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  let lastPlan: SlicePlan | undefined;
  const sameParameters = (inputs: readonly (NativeTensor | undefined)[]): boolean => {
    if (!asInputs) return true;
    for (let i = 1; i < 5; i++) if (known[i] === undefined && !holdsInput(inputs[i], lastValues[i])) return false;
    return true;
  };
  return {
    outputTypes: [type],
    run(inputs) {
      const x: NativeTensor = required(node, inputs, 0);
      let plan = lastPlan;
      if (plan === undefined || lastShape === undefined || !sameDims(x.shape, lastShape) || !sameParameters(inputs)) {
        lastPlan = undefined;
        const value = (i: number): number[] | undefined => (asInputs ? inputIntegers(node, known[i], inputs, i, names[i]) : known[i]);
        for (let i = 1; i < 5; i++) lastValues[i] = value(i);
        const ranges = sliceRanges(node, x.shape, lastValues[1] ?? [], lastValues[2] ?? [], lastValues[3], lastValues[4]);
        plan = slicePlan(x.shape, ranges);
        lastShape = x.shape.slice();
        lastPlan = plan;
      }
      const y = allocate(type, plan.shape);
      stridedCopy(x.data, y.data, plan.start, plan.counts, plan.steps);
      return [y];
    },
  };
};
