/**
 * The one table of ONNX ops the native backend runs: op type, the op version ("since version",
 * https://github.com/onnx/onnx/blob/main/docs/Changelog.md) and the factory that implements it.
 * A model importing opset N gets, for each op, the row with the highest `since` not above N, so
 * every version from the one in force at opset 6 through opset 21 has a row; versions of one op
 * share a factory, which reads node.opset where their semantics differ (noted per op).
 */
import { createAbs } from './abs.js';
import { createAdd } from './add.js';
import { createAveragePool } from './averagePool.js';
import { createBatchNormalization } from './batchNormalization.js';
import { createCast } from './cast.js';
import { createCelu } from './celu.js';
import { createClip } from './clip.js';
import { createConcat } from './concat.js';
import { createConstant } from './constant.js';
import { createConstantOfShape } from './constantOfShape.js';
import { createConv } from './conv.js';
import { createConvTranspose } from './convTranspose.js';
import { createDiv } from './div.js';
import { createDropout } from './dropout.js';
import { createElu } from './elu.js';
import { createEqual } from './equal.js';
import { createExp } from './exp.js';
import { createFlatten } from './flatten.js';
import { createGather } from './gather.js';
import { createGemm } from './gemm.js';
import { createGlobalAveragePool } from './globalAveragePool.js';
import { createGlobalMaxPool } from './globalMaxPool.js';
import { createHardSigmoid } from './hardSigmoid.js';
import { createIdentity } from './identity.js';
import { createLeakyRelu } from './leakyRelu.js';
import { createLog } from './log.js';
import { createLogSoftmax } from './logSoftmax.js';
import { createMatMul } from './matMul.js';
import { createMax } from './max.js';
import { createMaxPool } from './maxPool.js';
import { createMin } from './min.js';
import { createMul } from './mul.js';
import { createNeg } from './neg.js';
import { createPad } from './pad.js';
import { createPow } from './pow.js';
import { createPRelu } from './prelu.js';
import { createReduceMax } from './reduceMax.js';
import { createReduceMean } from './reduceMean.js';
import { createReduceSum } from './reduceSum.js';
import { createRelu } from './relu.js';
import { createReshape } from './reshape.js';
import { createResize } from './resize.js';
import { createSelu } from './selu.js';
import { createShape } from './shape.js';
import { createSigmoid } from './sigmoid.js';
import { createSlice } from './slice.js';
import { createSoftmax } from './softmax.js';
import { createSoftplus } from './softplus.js';
import { createSplit } from './split.js';
import { createSqrt } from './sqrt.js';
import { createSqueeze } from './squeeze.js';
import { createSub } from './sub.js';
import { createTanh } from './tanh.js';
import { createThresholdedRelu } from './thresholdedRelu.js';
import { createTranspose } from './transpose.js';
import { createUnsqueeze } from './unsqueeze.js';
import { createUpsample } from './upsample.js';
import { createWhere } from './where.js';
import type { OperatorEntry, OpFactory } from './op.js';

function rows(opType: string, versions: readonly number[], create: OpFactory): OperatorEntry[] {
  return versions.map((since) => ({ opType, since, create }));
}

export const OPERATORS: readonly OperatorEntry[] = [
  // Activations and elementwise arithmetic.
  // Activations.
  ...rows('Relu', [6, 13, 14], createRelu), // 13: bfloat16; 14: integer types (not supported)
  ...rows('LeakyRelu', [6, 16], createLeakyRelu), // 16: bfloat16
  ...rows('PRelu', [6, 7, 9, 16], createPRelu), // 6: per-channel slope; 7: one-way broadcast; 9, 16: types
  ...rows('Elu', [6], createElu),
  ...rows('Selu', [6], createSelu),
  ...rows('Celu', [12], createCelu),
  ...rows('ThresholdedRelu', [10], createThresholdedRelu),
  ...rows('Sigmoid', [6, 13], createSigmoid),
  ...rows('HardSigmoid', [6], createHardSigmoid),
  ...rows('Tanh', [6, 13], createTanh),
  ...rows('Softplus', [1], createSoftplus),
  ...rows('Clip', [6, 11, 12, 13], createClip), // 11: bounds become inputs; 12: integer types
  ...rows('Softmax', [1, 11, 13], createSoftmax), // 13: one axis, default -1 (before: 2-D coercion, axis 1)
  ...rows('LogSoftmax', [1, 11, 13], createLogSoftmax), // as Softmax
  // Elementwise arithmetic; 6 -> 7: the `broadcast`/`axis` attributes give way to numpy broadcasting.
  ...rows('Add', [6, 7, 13, 14], createAdd),
  ...rows('Sub', [6, 7, 13, 14], createSub),
  ...rows('Mul', [6, 7, 13, 14], createMul),
  ...rows('Div', [6, 7, 13, 14], createDiv),
  ...rows('Pow', [1, 7, 12, 13, 15], createPow), // 12: exponent of another type
  ...rows('Sqrt', [6, 13], createSqrt),
  ...rows('Exp', [6, 13], createExp),
  ...rows('Log', [6, 13], createLog),
  ...rows('Neg', [6, 13], createNeg),
  ...rows('Abs', [6, 13], createAbs),
  ...rows('Max', [6, 8, 12, 13], createMax), // 8: broadcasting (accepted at 6 too)
  ...rows('Min', [6, 8, 12, 13], createMin),
  ...rows('Equal', [1, 7, 11, 13, 19], createEqual), // 11: float types (accepted earlier too)
  ...rows('Where', [9, 16], createWhere),
  // Linear algebra, convolution, pooling, normalization.
  ...rows('Gemm', [6, 7, 9, 11, 13], createGemm),
  ...rows('MatMul', [1, 9, 13], createMatMul),
  ...rows('Conv', [1, 11], createConv),
  ...rows('ConvTranspose', [1, 11], createConvTranspose),
  ...rows('MaxPool', [1, 8, 10, 11, 12], createMaxPool),
  ...rows('AveragePool', [1, 7, 10, 11, 19], createAveragePool),
  ...rows('GlobalAveragePool', [1], createGlobalAveragePool),
  ...rows('GlobalMaxPool', [1], createGlobalMaxPool),
  ...rows('BatchNormalization', [6, 7, 9, 14, 15], createBatchNormalization),
  // Shape, data movement, casts, resizing, reductions.
  // Flatten: 9 more types, 11 negative axis, 13 bfloat16, 21 more types.
  ...rows('Flatten', [1, 9, 11, 13, 21], createFlatten),
  // Reshape: 5 shape input, 13 bfloat16, 14 allowzero, 19 and 21 more types.
  ...rows('Reshape', [5, 13, 14, 19, 21], createReshape),
  ...rows('Transpose', [1, 13, 21], createTranspose),
  // Concat: 4 axis required, 11 negative axis, 13 bfloat16.
  ...rows('Concat', [4, 11, 13], createConcat),
  // Split: 2 split attribute, 11 negative axis, 13 split input, 18 num_outputs.
  ...rows('Split', [2, 11, 13, 18], createSplit),
  // Slice: 10 starts/ends/axes/steps inputs, 11 negative axes, 13 bfloat16.
  ...rows('Slice', [1, 10, 11, 13], createSlice),
  // Squeeze and Unsqueeze: 11 negative axes, 13 axes input, 21 more types.
  ...rows('Squeeze', [1, 11, 13, 21], createSqueeze),
  ...rows('Unsqueeze', [1, 11, 13, 21], createUnsqueeze),
  // Gather: 11 negative indices, 13 bfloat16.
  ...rows('Gather', [1, 11, 13], createGather),
  // Shape: 15 start/end, 19 and 21 more types.
  ...rows('Shape', [1, 13, 15, 19, 21], createShape),
  // Constant: 9 more types, 11 sparse_value (refused), 12 value_float(s)/value_int(s)/strings.
  ...rows('Constant', [1, 9, 11, 12, 13, 19, 21], createConstant),
  ...rows('ConstantOfShape', [9, 20, 21], createConstantOfShape),
  ...rows('Identity', [1, 13, 14, 16, 19, 21], createIdentity),
  // Dropout: 6 is_test, 7 optional mask, 10 bool mask, 12 ratio/training_mode inputs, 13 bfloat16.
  ...rows('Dropout', [6, 7, 10, 12, 13], createDropout),
  // Cast: 6 integer `to`, 9 string, 13 bfloat16, 19 saturate (float8 only), 21 4-bit types.
  ...rows('Cast', [6, 9, 13, 19, 21], createCast),
  // Pad: 2 attributes, 11 pads/constant_value inputs, 13 bfloat16, 18 axes input, 19 wrap mode, 21 more types.
  ...rows('Pad', [2, 11, 13, 18, 19, 21], createPad),
  // Resize: 10 scales, 11 roi/scales/sizes and coordinate modes, 13 optional roi/scales,
  // 18 axes/keep_aspect_ratio_policy/antialias, 19 half_pixel_symmetric.
  ...rows('Resize', [10, 11, 13, 18, 19], createResize),
  // Upsample: 7 scales attribute, 9 scales input, 10 deprecated (refused at load).
  ...rows('Upsample', [7, 9, 10], createUpsample),
  // Reduce: 11 negative axes, 13 (ReduceSum axes input, noop_with_empty_axes), 18 (ReduceMean/Max axes input), 20 ReduceMax bool.
  ...rows('ReduceSum', [1, 11, 13], createReduceSum),
  ...rows('ReduceMean', [1, 11, 13, 18], createReduceMean),
  ...rows('ReduceMax', [1, 11, 12, 13, 18, 20], createReduceMax),
];

/** The entry for `opType` under a model's opset, or undefined when the native backend lacks it. */
export function findOperator(opType: string, opset: number): OperatorEntry | undefined {
  let best: OperatorEntry | undefined;
  for (const entry of OPERATORS) {
    if (entry.opType === opType && entry.since <= opset && (best === undefined || entry.since > best.since)) best = entry;
  }
  return best;
}
