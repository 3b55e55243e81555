/**
 * Table rows for the linear, convolution and pooling ops; merged into ./operators.ts. One row
 * per ONNX op version from the one in force at opset 6 through opset 21
 * (https://github.com/onnx/onnx/blob/main/docs/Changelog.md); versions of one op share a
 * factory, which reads node.opset where their semantics differ.
 */
import { createAveragePool } from './averagePool.js';
import { createBatchNormalization } from './batchNormalization.js';
import { createConv } from './conv.js';
import { createConvTranspose } from './convTranspose.js';
import { createGemm } from './gemm.js';
import { createGlobalAveragePool } from './globalAveragePool.js';
import { createGlobalMaxPool } from './globalMaxPool.js';
import { createMatMul } from './matMul.js';
import { createMaxPool } from './maxPool.js';
import type { OperatorEntry, OpFactory } from './op.js';

function rows(opType: string, versions: readonly number[], create: OpFactory): OperatorEntry[] {
  return versions.map((since) => ({ opType, since, create }));
}

export const LINEAR_OPERATORS: readonly OperatorEntry[] = [
  ...rows('Gemm', [6, 7, 9, 11, 13], createGemm),
  ...rows('MatMul', [1, 9, 13], createMatMul),
  ...rows('Conv', [1, 11], createConv),
  ...rows('ConvTranspose', [1, 11], createConvTranspose),
  ...rows('MaxPool', [1, 8, 10, 11, 12], createMaxPool),
  ...rows('AveragePool', [1, 7, 10, 11, 19], createAveragePool),
  ...rows('GlobalAveragePool', [1], createGlobalAveragePool),
  ...rows('GlobalMaxPool', [1], createGlobalMaxPool),
  ...rows('BatchNormalization', [6, 7, 9, 14, 15], createBatchNormalization),
];
