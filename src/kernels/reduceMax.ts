import { reduceFactory } from './reduce.js';

/**
 * ReduceMax: y = max of x over axes; NaN propagates; an empty reduction gives -Infinity.
 * axes is an attribute before opset 18, an optional input from 18; bool (as 0/1) from 20.
 * https://onnx.ai/onnx/operators/onnx__ReduceMax.html
 */
export const createReduceMax = reduceFactory('max', 18, ['float32', 'int64', 'int32', 'bool']);
