/**
 * Table rows for the shape, data-movement, cast, resize and reduce ops; merged into
 * ./operators.ts. One row per ONNX since-version from the one in force at opset 6 up to 21
 * (https://github.com/onnx/onnx/blob/main/docs/Changelog.md); a factory reads `node.opset`
 * where the semantics changed (attribute -> input moves, new attributes), so rows of one op
 * often share it.
 */
import { createCast } from './cast.js';
import { createConcat } from './concat.js';
import { createConstant } from './constant.js';
import { createConstantOfShape } from './constantOfShape.js';
import { createDropout } from './dropout.js';
import { createFlatten } from './flatten.js';
import { createGather } from './gather.js';
import { createIdentity } from './identity.js';
import type { OperatorEntry, OpFactory } from './op.js';
import { createPad } from './pad.js';
import { createReduceMax } from './reduceMax.js';
import { createReduceMean } from './reduceMean.js';
import { createReduceSum } from './reduceSum.js';
import { createReshape } from './reshape.js';
import { createResize } from './resize.js';
import { createShape } from './shape.js';
import { createSlice } from './slice.js';
import { createSplit } from './split.js';
import { createSqueeze } from './squeeze.js';
import { createTranspose } from './transpose.js';
import { createUnsqueeze } from './unsqueeze.js';
import { createUpsample } from './upsample.js';

function rows(opType: string, versions: readonly number[], create: OpFactory): OperatorEntry[] {
  return versions.map((since) => ({ opType, since, create }));
}

export const SHAPE_OPERATORS: readonly OperatorEntry[] = [
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
