/**
 * Table rows for the activation and elementwise ops; merged into ./operators.ts. One row per
 * ONNX op version from the one in force at opset 6 through opset 21
 * (https://github.com/onnx/onnx/blob/main/docs/Changelog.md). Rows that only widened the
 * allowed types point at the same factory; the factories branch on node.opset where the
 * semantics changed (noted per op).
 */
import { createAbs } from './abs.js';
import { createAdd } from './add.js';
import { createCelu } from './celu.js';
import { createClip } from './clip.js';
import { createDiv } from './div.js';
import { createElu } from './elu.js';
import { createEqual } from './equal.js';
import { createExp } from './exp.js';
import { createHardSigmoid } from './hardSigmoid.js';
import { createLeakyRelu } from './leakyRelu.js';
import { createLog } from './log.js';
import { createLogSoftmax } from './logSoftmax.js';
import { createMax } from './max.js';
import { createMin } from './min.js';
import { createMul } from './mul.js';
import { createNeg } from './neg.js';
import type { OpFactory, OperatorEntry } from './op.js';
import { createPow } from './pow.js';
import { createPRelu } from './prelu.js';
import { createRelu } from './relu.js';
import { createSelu } from './selu.js';
import { createSigmoid } from './sigmoid.js';
import { createSoftmax } from './softmax.js';
import { createSoftplus } from './softplus.js';
import { createSqrt } from './sqrt.js';
import { createSub } from './sub.js';
import { createTanh } from './tanh.js';
import { createThresholdedRelu } from './thresholdedRelu.js';
import { createWhere } from './where.js';

function rows(opType: string, versions: readonly number[], create: OpFactory): OperatorEntry[] {
  return versions.map((since) => ({ opType, since, create }));
}

export const ELEMENTWISE_OPERATORS: readonly OperatorEntry[] = [
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
];
