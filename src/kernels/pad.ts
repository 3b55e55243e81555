import { constantIntegers, inputIntegers, normalizeAxes, required } from './axes.js';
import { expectInputs, expectType, OpError, type NodeInfo, type OpFactory } from './op.js';
import { allocate, holdsInput, sameDims, shapeText, type NativeData, type NativeTensor } from './tensor.js';

type Mode = 'constant' | 'reflect' | 'edge' | 'wrap';

/** Source index along one axis for output index o, or -1 for the constant. */
function sourceIndex(mode: Mode, i: number, dim: number): number {
  if (i >= 0 && i < dim) return i;
  if (mode === 'constant' || dim === 0) return -1;
  if (mode === 'edge') return i < 0 ? 0 : dim - 1;
  if (mode === 'wrap') return ((i % dim) + dim) % dim;
  if (dim === 1) return 0;
  // reflect, as numpy does: mirror about the first and last elements, repeatedly.
  const period = 2 * (dim - 1);
  const r = ((i % period) + period) % period;
  return r < dim ? r : period - r;
}

/**
 * A copy of x through per-axis index maps (Pad, nearest Resize) as a walk over output rows (the
 * last axis): `rowSources[r]` is where output row r starts reading in x (-1: a row of the fill
 * value), `inner` maps the row's elements (-1: the fill value). Consecutive rows reading the
 * same source (an upsample repeats each row) copy the row just written instead of gathering it
 * again. Planned once per input shape and maps.
 */
export interface GatherPlan {
  readonly rowSources: Int32Array;
  readonly inner: Int32Array;
  /** Whether `inner` is the identity (the last axis is not resized): rows copy whole. */
  readonly innerIdentity: boolean;
}

export function planGather(shape: readonly number[], maps: readonly Int32Array[]): GatherPlan {
  const rank = shape.length;
  // A scalar is one row of one element.
  if (rank === 0) return { rowSources: Int32Array.of(0), inner: Int32Array.of(0), innerIdentity: true };
  const inner = maps[rank - 1];
  let rows = 1;
  for (let k = 0; k < rank - 1; k++) rows *= maps[k].length;
  const rowSources = new Int32Array(rows);
  const strides = new Array<number>(rank).fill(1);
  for (let k = rank - 2; k >= 0; k--) strides[k] = strides[k + 1] * shape[k + 1];
  const index = new Array<number>(rank).fill(0);
  for (let r = 0; r < rows; r++) {
    let base = 0;
    for (let k = 0; k < rank - 1 && base >= 0; k++) {
      const s = maps[k][index[k]];
      base = s < 0 ? -1 : base + s * strides[k];
    }
    rowSources[r] = base;
    for (let k = rank - 2; k >= 0; k--) {
      if (++index[k] < maps[k].length) break;
      index[k] = 0;
    }
  }
  let innerIdentity = inner.length === shape[rank - 1];
  for (let j = 0; j < inner.length && innerIdentity; j++) innerIdentity = inner[j] === j;
  return { rowSources, inner, innerIdentity };
}

/** Writes x through the plan into out (`fill` where a map says -1). */
export function runGather(x: NativeData, plan: GatherPlan, fill: number, out: NativeData): void {
  if (out.length === 0) return;
  const { rowSources, inner, innerIdentity } = plan;
  const width = inner.length;
  let previous = -2;
  for (let r = 0, o = 0; r < rowSources.length; r++, o += width) {
    const base = rowSources[r];
    if (base === previous) {
      if (width > 64) out.copyWithin(o, o - width, o);
      else for (let j = 0, s = o - width; j < width; j++) out[o + j] = out[s + j];
    } else if (base < 0) {
      out.fill(fill, o, o + width);
    } else if (innerIdentity) {
      if (width > 64) out.set(x.subarray(base, base + width) as never, o);
      else for (let j = 0; j < width; j++) out[o + j] = x[base + j];
    } else {
      for (let j = 0; j < width; j++) {
        const s = inner[j];
        out[o + j] = s < 0 ? fill : x[base + s];
      }
    }
    previous = base;
  }
}

/** A pad of one input shape: the output shape and the gather that fills it. */
interface PadPlan {
  readonly shape: readonly number[];
  readonly gather: GatherPlan;
}

function planPad(node: Pick<NodeInfo, 'opType' | 'name'>, from: readonly number[], pads: readonly number[], mode: Mode): PadPlan {
  const rank = from.length;
  if (pads.length !== 2 * rank) throw new OpError(node, `pads has ${pads.length} values; input shape ${shapeText(from)} needs ${2 * rank}`);
  const shape = from.map((d, k) => d + pads[k] + pads[k + rank]);
  if (shape.some((d) => d < 0)) throw new OpError(node, `pads [${pads.join(',')}] crop input shape ${shapeText(from)} below zero`);
  if (mode !== 'constant' && from.some((d, k) => d === 0 && shape[k] > 0)) {
    throw new OpError(node, `${mode} mode cannot pad an empty axis of shape ${shapeText(from)}`);
  }
  const maps = shape.map((d, k) => Int32Array.from({ length: d }, (_, o) => sourceIndex(mode, o - pads[k], from[k])));
  return { shape, gather: planGather(from, maps) };
}

/** Pads x by `pads` ([begin per axis..., end per axis...]; negative values crop). */
export function pad(node: Pick<NodeInfo, 'opType' | 'name'>, x: NativeTensor, pads: readonly number[], mode: Mode, fill: number): NativeTensor {
  const plan = planPad(node, x.shape, pads, mode);
  const y = allocate(x.type, plan.shape);
  runGather(x.data, plan.gather, fill, y.data);
  return y;
}

/**
 * Pad: y = x with pads added before and after each axis; mode constant (value, default 0),
 * reflect, edge, or wrap (opset >= 19). pads and the value are attributes before opset 11,
 * inputs from 11; an axes input (opset >= 18) limits pads to those axes.
 * https://onnx.ai/onnx/operators/onnx__Pad.html
 */
export const createPad: OpFactory = (node) => {
  const asInputs = node.opset >= 11;
  const [type] = expectInputs(node, asInputs ? 2 : 1, asInputs ? (node.opset >= 18 ? 4 : 3) : 1, ['float32', 'int64', 'int32', 'bool']);
  const mode = node.attributes.string('mode', 'constant') as Mode;
  const modes: Mode[] = node.opset >= 19 ? ['constant', 'reflect', 'edge', 'wrap'] : ['constant', 'reflect', 'edge'];
  if (!modes.includes(mode)) throw new OpError(node, `mode '${mode}' is not one of ${modes.join(', ')}`);
  if (asInputs) {
    expectType(node, 1, ['int64']);
    if (node.inputTypes[2] !== undefined) expectType(node, 2, [type]);
    if (node.inputTypes[3] !== undefined) expectType(node, 3, ['int64', 'int32']);
  }
  const knownPads = asInputs ? constantIntegers(node, 1, 'pads') : node.attributes.ints('pads');
  if (knownPads === undefined && !asInputs) throw new OpError(node, 'attribute pads is required');
  const knownAxes = asInputs ? constantIntegers(node, 3, 'axes') : undefined;
  const attributeValue = asInputs ? 0 : node.attributes.float('value', 0);
  // The plan for the last input shape, pads and axes seen.
  let lastShape: readonly number[] | undefined;
  let lastPads: readonly number[] | undefined;
  let lastAxes: readonly number[] | undefined;
  let plan: PadPlan | undefined;
  return {
    outputTypes: [type],
    run(inputs) {
      const x = required(node, inputs, 0);
      const fresh =
        plan !== undefined &&
        lastShape !== undefined &&
        sameDims(x.shape, lastShape) &&
        (knownPads !== undefined || holdsInput(inputs[1], lastPads)) &&
        (knownAxes !== undefined || holdsInput(inputs[3], lastAxes));
      if (!fresh || plan === undefined) {
        plan = undefined;
        const given = inputIntegers(node, knownPads, inputs, 1, 'pads') ?? [];
        let pads = given;
        const axes = inputIntegers(node, knownAxes, inputs, 3, 'axes');
        if (axes !== undefined) {
          const rank = x.shape.length;
          if (pads.length !== 2 * axes.length) throw new OpError(node, `pads has ${pads.length} values for ${axes.length} axes`);
          const full = new Array<number>(2 * rank).fill(0);
          normalizeAxes(node, axes, rank).forEach((a, i) => {
            full[a] = pads[i];
            full[a + rank] = pads[i + axes.length];
          });
          pads = full;
        }
        plan = planPad(node, x.shape, pads, mode);
        lastShape = x.shape.slice();
        lastPads = given.slice();
        lastAxes = axes?.slice();
      }
      const valueInput = asInputs ? inputs[2] : undefined;
      const fill = valueInput !== undefined && valueInput.data.length > 0 ? valueInput.data[0] : attributeValue;
      const y = allocate(x.type, plan.shape);
      runGather(x.data, plan.gather, fill, y.data);
      return [y];
    },
  };
};
