/**
 * BatchNormalization, inference: Y = scale * (X - mean) / sqrt(var + epsilon) + B per channel
 * (axis 1), computed as Y = X * a + b with a = scale / sqrt(var + epsilon), b = B - mean * a.
 * https://onnx.ai/onnx/operators/onnx__BatchNormalization.html
 *
 * Versions: 6 (is_test, spatial), 7 (drops is_test), 9 (drops spatial), 14 (training_mode,
 * three outputs), 15 (scale/mean types apart from X's). Training (batch statistics, running
 * mean and variance outputs) is refused at load. spatial = 0 (6 and 7) gives the statistics
 * one value per (channel, position): shape X.shape[1:]. a and b are folded at load when all
 * four statistics are constants.
 */
import { allocateFloat32 } from './bufferPool.js';
import { expectFloatInputs } from './expectFloat.js';
import { wasmProductsEnabled } from './matrixProduct.js';
import { OpError, type NodeInfo, type OpKernel } from './op.js';
import { alignUp, FLOAT_BYTES, GemmInstance } from './sgemmWasm.js';
import { shapeText, sizeOf, type NativeTensor } from './tensor.js';

/** ONNX default (https://onnx.ai/onnx/operators/onnx__BatchNormalization.html#attributes). */
const DEFAULT_EPSILON = 1e-5;

export function createBatchNormalization(node: NodeInfo): OpKernel {
  expectFloatInputs(node, 5, 5);
  const { attributes, opset } = node;
  const training = opset >= 14 && attributes.int('training_mode', 0) !== 0;
  if (training || node.outputCount > 1) {
    throw new OpError(node, `training mode (batch statistics, ${node.outputCount} outputs) is not supported; export the model for inference (training_mode=0, one output)`);
  }
  const epsilon = attributes.float('epsilon', DEFAULT_EPSILON);
  const spatial = opset >= 9 || attributes.int('spatial', 1) !== 0;
  const constants = node.constants.slice(1, 5);
  let folded: [Float64Array, Float64Array] | undefined;
  if (constants.every((t) => t !== undefined)) folded = fold(constants as NativeTensor[], epsilon);

  /** The shapes last checked, and what they gave. */
  let checked: { xShape: number[]; statShapes: number[][]; count: number; inner: number } | undefined;
  const wasm = wasmProductsEnabled() ? new WasmScaleShift() : undefined;
  if (folded !== undefined) wasm?.setStatistics(folded[0], folded[1]);

  return {
    outputTypes: ['float32'],
    run(inputs) {
      const x = inputs[0] as NativeTensor;
      let plan = checked;
      if (plan === undefined || !sameShape(plan.xShape, x.shape) || !plan.statShapes.every((shape, i) => sameShape(shape, (inputs[i + 1] as NativeTensor).shape))) {
        plan = checked = check(x, inputs);
      }
      const { count, inner } = plan;
      const data = x.data as Float32Array;
      const y = allocateFloat32(data.length);
      if (wasm !== undefined && data.length > 0) {
        if (folded === undefined) {
          const [a, b] = fold(inputs.slice(1, 5) as NativeTensor[], epsilon);
          wasm.setStatistics(a, b);
        }
        wasm.run(data, count, inner, y);
        return [{ type: 'float32', shape: x.shape.slice(), data: y }];
      }
      const [a, b] = folded ?? fold(inputs.slice(1, 5) as NativeTensor[], epsilon);
      for (let at = 0, s = 0; at < data.length; s = s + 1 === count ? 0 : s + 1) {
        const scale = a[s];
        const shift = b[s];
        for (let end = at + inner; at < end; at++) y[at] = data[at] * scale + shift;
      }
      return [{ type: 'float32', shape: x.shape.slice(), data: y }];
    },
  };

  function check(x: NativeTensor, inputs: readonly (NativeTensor | undefined)[]): { xShape: number[]; statShapes: number[][]; count: number; inner: number } {
    if (x.shape.length < 2) throw new OpError(node, `input X must be [N, C, ...], got shape ${shapeText(x.shape)}`);
    const statShape = spatial ? [x.shape[1]] : x.shape.slice(1);
    const count = sizeOf(statShape);
    const names = ['scale', 'B', 'mean', 'var'];
    for (let i = 1; i < 5; i++) {
      const t = inputs[i] as NativeTensor;
      if (sizeOf(t.shape) !== count || (t.shape.length !== statShape.length && t.shape.length !== 1)) {
        throw new OpError(node, `input ${names[i - 1]} shape ${shapeText(t.shape)} must be ${shapeText(statShape)} for X shape ${shapeText(x.shape)}`);
      }
    }
    // Per channel, `inner` positions share a and b; with spatial = 0 every position has its own.
    const inner = spatial ? sizeOf(x.shape.slice(2)) : 1;
    return { xShape: [...x.shape], statShapes: inputs.slice(1, 5).map((t) => [...(t as NativeTensor).shape]), count, inner };
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Y = X * a + b on wasm SIMD (scaleShift in ./wasm/assembly/gemm.ts), in float64 as the
 * JavaScript loop computes it, so both give the same floats: X copied in, Y out.
 */
class WasmScaleShift {
  private readonly instance = new GemmInstance();
  private stats = 0;
  private xAt = 0;

  setStatistics(a: Float64Array, b: Float64Array): void {
    const n = a.length;
    this.stats = n;
    const base = this.instance.base;
    this.xAt = alignUp(base + 4 * n);
    const f = this.instance.reserve(this.xAt);
    const doubles = new Float64Array(f.buffer, base * FLOAT_BYTES, 2 * n);
    doubles.set(a);
    doubles.set(b, n);
  }

  run(x: Float32Array, count: number, inner: number, y: Float32Array): void {
    const { xAt } = this;
    const f = this.instance.reserve(xAt + x.length);
    f.set(x, xAt);
    const base = this.instance.base * FLOAT_BYTES;
    const at = xAt * FLOAT_BYTES;
    this.instance.wasm.scaleShift(at, at, x.length / inner, count, inner, base, base + this.stats * 8);
    y.set(f.subarray(xAt, xAt + x.length));
  }
}

/** [a, b] with a = scale / sqrt(var + epsilon), b = B - mean * a, in float64 kept in float64. */
function fold([scale, bias, mean, variance]: NativeTensor[], epsilon: number): [Float64Array, Float64Array] {
  const n = scale.data.length;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const factor = scale.data[i] / Math.sqrt(variance.data[i] + epsilon);
    a[i] = factor;
    b[i] = bias.data[i] - mean.data[i] * factor;
  }
  return [a, b];
}
