import { reduceFactory } from './reduce.js';

/**
 * ReduceSum: y = sum of x over axes (all when none), summed in float64 and rounded once.
 * axes is an attribute before opset 13, an optional input from 13.
 * https://onnx.ai/onnx/operators/onnx__ReduceSum.html
 */
export const createReduceSum = reduceFactory('sum', 13, ['float32', 'int64', 'int32']);
