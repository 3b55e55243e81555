import { reduceFactory } from './reduce.js';

/**
 * ReduceMean: y = sum of x over axes / element count (integers truncate toward zero).
 * axes is an attribute before opset 18, an optional input from 18.
 * https://onnx.ai/onnx/operators/onnx__ReduceMean.html
 */
export const createReduceMean = reduceFactory('mean', 18, ['float32', 'int64', 'int32']);
