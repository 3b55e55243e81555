import { constantIntegers, inputIntegers, normalizeAxes, required, stridesOf } from './axes.js';
import { expectInputs, expectType, OpError, type NodeInfo, type OpFactory } from './op.js';
import { allocate, shapeText, type NativeData, type NativeTensor } from './tensor.js';

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

/** Copies x into out through per-axis index maps (-1 writes `fill`). */
export function padInto(x: NativeData, shape: readonly number[], maps: readonly Int32Array[], fill: number, out: NativeData): void {
  const rank = shape.length;
  if (out.length === 0) return;
  if (rank === 0) {
    out[0] = x[0];
    return;
  }
  const strides = stridesOf(shape);
  const index = new Array<number>(rank).fill(0);
  const last = maps[rank - 1];
  const inner = last.length;
  for (let o = 0; o < out.length; ) {
    let base = 0;
    for (let k = 0; k < rank - 1 && base >= 0; k++) {
      const s = maps[k][index[k]];
      base = s < 0 ? -1 : base + s * strides[k];
    }
    if (base < 0) {
      out.fill(fill, o, o + inner);
      o += inner;
    } else {
      for (let j = 0; j < inner; j++) {
        const s = last[j];
        out[o++] = s < 0 ? fill : x[base + s];
      }
    }
    for (let k = rank - 2; k >= 0; k--) {
      if (++index[k] < maps[k].length) break;
      index[k] = 0;
    }
  }
}

/** Pads x by `pads` ([begin per axis..., end per axis...]; negative values crop). */
export function pad(node: Pick<NodeInfo, 'opType' | 'name'>, x: NativeTensor, pads: readonly number[], mode: Mode, fill: number): NativeTensor {
  const rank = x.shape.length;
  if (pads.length !== 2 * rank) throw new OpError(node, `pads has ${pads.length} values; input shape ${shapeText(x.shape)} needs ${2 * rank}`);
  const shape = x.shape.map((d, k) => d + pads[k] + pads[k + rank]);
  if (shape.some((d) => d < 0)) throw new OpError(node, `pads [${pads.join(',')}] crop input shape ${shapeText(x.shape)} below zero`);
  if (mode !== 'constant' && x.shape.some((d, k) => d === 0 && shape[k] > 0)) {
    throw new OpError(node, `${mode} mode cannot pad an empty axis of shape ${shapeText(x.shape)}`);
  }
  const maps = shape.map((d, k) => Int32Array.from({ length: d }, (_, o) => sourceIndex(mode, o - pads[k], x.shape[k])));
  const y = allocate(x.type, shape);
  padInto(x.data, x.shape, maps, fill, y.data);
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
  return {
    outputTypes: [type],
    run(inputs) {
      const x = required(node, inputs, 0);
      let pads = inputIntegers(node, knownPads, inputs, 1, 'pads') ?? [];
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
      const valueInput = asInputs ? inputs[2] : undefined;
      const fill = valueInput !== undefined && valueInput.data.length > 0 ? valueInput.data[0] : attributeValue;
      return [pad(node, x, pads, mode, fill)];
    },
  };
};
