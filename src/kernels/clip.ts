/**
 * Clip: y = min(max(x, min), max). https://onnx.ai/onnx/operators/onnx__Clip.html
 *
 * Clip-6 takes the bounds as attributes; from Clip-11 they are optional one-element inputs of
 * X's type. Missing bounds default, per the spec, to the type's lowest and largest values
 * (±FLT_MAX for float32, so ±Infinity is clipped to them, as in ONNX Runtime); int64 leaves
 * such a side unclipped. min > max gives max everywhere. NaN propagates.
 * Works in place (`out === x`).
 */
import { NUMERIC_TYPES, required, reuseOrAllocate, type NumericData } from './elementwise.js';
import { OpError, expectInputs, expectType, type NodeInfo, type OpFactory } from './op.js';
import { shapeText, type ElemType, type NativeTensor } from './tensor.js';

const FLT_MAX = 3.4028234663852886e38;

/** Defaults of the bounds, numeric_limits<T>::lowest() and max(). */
const LIMITS: Record<string, readonly [number, number]> = {
  float32: [-FLT_MAX, FLT_MAX],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-Infinity, Infinity],
};

export function clip(x: NumericData, low: number, high: number, out: NumericData): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    // Ternaries, not Math.min/max: a NaN fails both tests and passes through.
    const raised = v < low ? low : v;
    out[i] = raised > high ? high : raised;
  }
}

function bound(node: NodeInfo, input: NativeTensor | undefined, name: string, fallback: number): number {
  if (input === undefined) return fallback;
  if (input.data.length !== 1) throw new OpError(node, `${name} must hold one value, got shape ${shapeText(input.shape)}`);
  return input.data[0];
}

export const createClip: OpFactory = (node) => {
  const legacy = node.opset < 11;
  expectInputs(node, 1, legacy ? 1 : 3);
  // Integer types are ONNX's from Clip-12; accepted under Clip-11 too.
  const type: ElemType = expectType(node, 0, legacy ? ['float32'] : NUMERIC_TYPES);
  for (const i of [1, 2]) if (node.inputTypes[i] !== undefined) expectType(node, i, [type]);
  const [lowest, largest] = LIMITS[type];
  const attributeLow = legacy ? node.attributes.float('min', -FLT_MAX) : lowest;
  const attributeHigh = legacy ? node.attributes.float('max', FLT_MAX) : largest;
  return {
    outputTypes: [type],
    run(inputs, reusable) {
      const x = required(node, inputs, 0);
      const low = legacy ? attributeLow : bound(node, inputs[1], 'min', lowest);
      const high = legacy ? attributeHigh : bound(node, inputs[2], 'max', largest);
      const out = reuseOrAllocate(inputs, reusable, [0], type, x.shape);
      if (out.data.length > 0) clip(x.data as NumericData, low, high, out.data as NumericData);
      return [out];
    },
  };
};
