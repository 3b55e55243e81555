import { constantIntegers, inputIntegers, normalizeAxes, required } from './axes.js';
import { expectInputs, expectType, OpError, type NodeInfo, type OpFactory } from './op.js';
import { planResize, type AxisGeometry, type CoordinateMode, type NearestMode, type ResizeOptions, type ResizePlan } from './resizeKernel.js';
import { holdsInput, sameDims, shapeText, toIntegers, type NativeTensor } from './tensor.js';

/** ONNX defaults: https://onnx.ai/onnx/operators/onnx__Resize.html */
const DEFAULT_MODE = 'nearest';
const DEFAULT_COORDINATE_MODE = 'half_pixel';
const DEFAULT_NEAREST_MODE = 'round_prefer_floor';
const DEFAULT_EXTRAPOLATION_VALUE = 0;
const DEFAULT_ASPECT_POLICY = 'stretch';

const COORDINATE_MODES: readonly CoordinateMode[] = [
  'half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric', 'tf_half_pixel_for_nn', 'tf_crop_and_resize',
];
const NEAREST_MODES: readonly NearestMode[] = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'];

type Where = Pick<NodeInfo, 'opType' | 'name'>;

/** numpy's round (half to even), which the spec's keep_aspect_ratio_policy formula uses. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function floats(t: NativeTensor | undefined): number[] | undefined {
  return t === undefined || t.data.length === 0 ? undefined : Array.from(t.data as ArrayLike<number>);
}

/** Reads Resize's (or Upsample's) options from the attributes, refusing what is not supported. */
export function resizeOptions(node: NodeInfo, legacy: boolean): ResizeOptions {
  const a = node.attributes;
  const mode = a.string('mode', DEFAULT_MODE);
  if (mode === 'cubic') throw new OpError(node, "mode 'cubic' is not supported by the native backend (nearest and linear are)");
  if (mode !== 'nearest' && mode !== 'linear') throw new OpError(node, `mode '${mode}' is not one of nearest, linear, cubic`);
  if (legacy) return { mode, coordinate: 'asymmetric', nearest: 'simple', extrapolation: 0 };
  const modes = node.opset >= 19 ? [...COORDINATE_MODES, 'half_pixel_symmetric'] : COORDINATE_MODES;
  const coordinate = a.string('coordinate_transformation_mode', DEFAULT_COORDINATE_MODE) as CoordinateMode;
  if (!modes.includes(coordinate)) throw new OpError(node, `coordinate_transformation_mode '${coordinate}' is not one of ${modes.join(', ')}`);
  const nearest = a.string('nearest_mode', DEFAULT_NEAREST_MODE) as NearestMode;
  if (!NEAREST_MODES.includes(nearest)) throw new OpError(node, `nearest_mode '${nearest}' is not one of ${NEAREST_MODES.join(', ')}`);
  if (node.opset >= 18 && a.int('antialias', 0) === 1 && mode === 'linear') {
    throw new OpError(node, 'antialias=1 is not supported by the native backend');
  }
  return { mode, coordinate, nearest, extrapolation: a.float('extrapolation_value', DEFAULT_EXTRAPOLATION_VALUE) };
}

/** Per-axis output dims, scales and roi from scales or sizes over `axes` (all axes by default). */
export function geometry(
  node: Where, shape: readonly number[], options: ResizeOptions, scales: number[] | undefined, sizes: number[] | undefined,
  roi: number[] | undefined, axesGiven: readonly number[] | undefined, policy: string,
): AxisGeometry[] {
  const rank = shape.length;
  const axes = axesGiven === undefined ? shape.map((_, i) => i) : normalizeAxes(node, axesGiven, rank);
  if ((scales === undefined) === (sizes === undefined)) throw new OpError(node, 'needs exactly one of scales and sizes');
  const given = scales ?? sizes ?? [];
  if (given.length !== axes.length) {
    throw new OpError(node, `${scales ? 'scales' : 'sizes'} has ${given.length} values; input shape ${shapeText(shape)} needs ${axes.length}`);
  }
  if (roi !== undefined && roi.length !== 2 * axes.length) throw new OpError(node, `roi has ${roi.length} values, needs ${2 * axes.length}`);
  const result: AxisGeometry[] = shape.map((d) => ({ inDim: d, outDim: d, scale: 1, roiStart: 0, roiEnd: 1 }));
  let keptScale: number | undefined;
  if (sizes !== undefined && policy !== 'stretch') {
    const ratios = axes.map((a, i) => sizes[i] / shape[a]);
    keptScale = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
  }
  axes.forEach((axis, i) => {
    const g = result[axis];
    if (roi !== undefined && options.coordinate === 'tf_crop_and_resize') {
      g.roiStart = roi[i];
      g.roiEnd = roi[i + axes.length];
    }
    if (scales !== undefined) {
      if (!(scales[i] > 0)) throw new OpError(node, `scale ${scales[i]} for axis ${axis} must be positive`);
      g.scale = scales[i];
      const extent = options.coordinate === 'tf_crop_and_resize' ? g.roiEnd - g.roiStart : 1;
      g.outDim = Math.floor(g.inDim * extent * g.scale);
    } else if (keptScale !== undefined) {
      g.scale = keptScale;
      g.outDim = roundHalfEven(keptScale * g.inDim);
    } else {
      if (!Number.isInteger(sizes![i]) || sizes![i] < 0) throw new OpError(node, `size ${sizes![i]} for axis ${axis} is not a valid dimension`);
      g.outDim = sizes![i];
      g.scale = g.outDim / g.inDim;
    }
  });
  return result;
}

/**
 * Resize: y = x resampled to new sizes by nearest or (N-)linear interpolation, with the spec's
 * coordinate transformation and nearest rounding modes. Opset 10 takes scales only, with
 * Upsample's asymmetric geometry; from 11 roi, scales, sizes; from 18 axes and
 * keep_aspect_ratio_policy; from 19 half_pixel_symmetric. Cubic and antialias are refused.
 * https://onnx.ai/onnx/operators/onnx__Resize.html
 */
export const createResize: OpFactory = (node) => {
  const legacy = node.opset < 11;
  const [type] = expectInputs(node, legacy ? 2 : 1, legacy ? 2 : 4, ['float32', 'int64', 'int32', 'bool']);
  const options = resizeOptions(node, legacy);
  if (type === 'bool' && options.mode !== 'nearest') throw new OpError(node, `mode '${options.mode}' needs a numeric input, got bool`);
  const scalesAt = legacy ? 1 : 2;
  if (node.inputTypes[scalesAt] !== undefined) expectType(node, scalesAt, ['float32']);
  if (!legacy && node.inputTypes[3] !== undefined) expectType(node, 3, ['int64']);
  const knownSizes = legacy ? undefined : constantIntegers(node, 3, 'sizes');
  const axes = node.opset >= 18 ? node.attributes.ints('axes') : undefined;
  const policy = node.opset >= 18 ? node.attributes.string('keep_aspect_ratio_policy', DEFAULT_ASPECT_POLICY) : DEFAULT_ASPECT_POLICY;
  if (!['stretch', 'not_larger', 'not_smaller'].includes(policy)) throw new OpError(node, `keep_aspect_ratio_policy '${policy}' is not one of stretch, not_larger, not_smaller`);
  // The last input shape and scales, sizes and roi seen, and their plan: a run with the same
  // ones (every run, for a fixed-size model) skips the geometry and the index maps.
  const cache = new ResizeCache();
  return {
    outputTypes: [type],
    run(inputs) {
      const x = required(node, inputs, 0);
      const scalesInput = inputs[scalesAt];
      const sizesInput = legacy || knownSizes !== undefined ? undefined : inputs[3];
      const roiInput = legacy ? undefined : inputs[1];
      const parameters = [scalesInput, sizesInput, roiInput];
      let plan = cache.lookup(x.shape, parameters);
      if (plan === undefined) {
        const scales = floats(scalesInput);
        const sizes = legacy ? undefined : inputIntegers(node, knownSizes, inputs, 3, 'sizes');
        const roi = legacy ? undefined : floats(roiInput);
        const g = geometry(node, x.shape, options, scales, sizes?.length ? sizes : undefined, roi, axes, policy);
        plan = cache.store(x.shape, parameters, planResize(x.shape, g, options));
      }
      return [plan.run(x)];
    },
  };
};

/** Plain numbers of a tensor's data, or undefined for a missing input. */
function valuesOf(t: NativeTensor | undefined): number[] | undefined {
  return t === undefined ? undefined : toIntegers(t);
}

/** One kernel's last plan and the input shape and parameter inputs it was made for. */
export class ResizeCache {
  private shape: readonly number[] | undefined;
  private parameters: (number[] | undefined)[] = [];
  private plan: ResizePlan | undefined;

  lookup(shape: readonly number[], parameters: readonly (NativeTensor | undefined)[]): ResizePlan | undefined {
    if (this.plan === undefined || this.shape === undefined || !sameDims(shape, this.shape)) return undefined;
    for (let i = 0; i < parameters.length; i++) if (!holdsInput(parameters[i], this.parameters[i])) return undefined;
    return this.plan;
  }

  store(shape: readonly number[], parameters: readonly (NativeTensor | undefined)[], plan: ResizePlan): ResizePlan {
    this.shape = shape.slice();
    this.parameters = parameters.map(valuesOf);
    this.plan = plan;
    return plan;
  }
}
