/**
 * The native benchmark's inputs: a case's graph (inputs, outputs, op types, fixed batch) and the
 * input tensors fed at each batch, random data cast to each input's datatype.
 */
import onnxProto from 'onnx-proto';
import type * as ort from 'onnxruntime-node';
import { type GraphTensor, parseGraph } from '../src/model/onnxGraph.js';
import type { TypedData } from '../src/model/types.js';
import { toHalfBits } from '../src/protocol/fp16.js';
import { randomData } from './data.js';
import { DEFAULT_DIM, type NativeCase } from './nativeCases.js';

const { ModelProto } = onnxProto.onnx;

export interface CaseGraph {
  inputs: GraphTensor[];
  outputs: GraphTensor[];
  ops: string[];
  /** The batch a model with a fixed leading dimension takes; undefined when it is symbolic. */
  fixedBatch?: number;
}

export function readCaseGraph(bytes: Uint8Array): CaseGraph {
  const { inputs, outputs } = parseGraph(bytes);
  const ops = [...new Set((ModelProto.decode(bytes).graph?.node ?? []).map((n) => n.opType ?? '?'))];
  const leading = inputs.map((i) => i.shape?.[0]).filter((d): d is number => d !== undefined && d >= 0);
  const symbolic = inputs.some((i) => i.shape !== undefined && i.shape.length > 0 && i.shape[0] < 0);
  return { inputs, outputs, ops, fixedBatch: !symbolic && leading.length > 0 ? leading[0] : undefined };
}

export function inputShape(input: GraphTensor, c: NativeCase, batch: number): number[] {
  if (input.shape === undefined) throw new Error(`input '${input.name}' has no rank in the graph`);
  const given = c.dims?.[input.name];
  return input.shape.map((d, i) => {
    if (d >= 0) return d;
    if (i === 0) return batch;
    return given?.[i - 1] ?? DEFAULT_DIM;
  });
}

export function inputData(input: GraphTensor, elements: number, seed: number): TypedData {
  const values = randomData(elements, seed);
  switch (input.datatype) {
    case 'FP32':
      return values;
    case 'FP64':
      return Float64Array.from(values);
    case 'FP16':
      return Uint16Array.from(values, toHalfBits);
    case 'INT32':
      return Int32Array.from(values, (v) => Math.round(v));
    case 'INT64':
      return BigInt64Array.from(values, (v) => BigInt(Math.round(v)));
    case 'UINT8':
      return Uint8Array.from(values, (v) => Math.round((v + 3) * 42));
    case 'BOOL':
      return Uint8Array.from(values, (v) => (v > 0 ? 1 : 0));
    default:
      throw new Error(`input '${input.name}' is ${input.datatype}; the benchmark feeds FP32, FP64, FP16, INT32, INT64, UINT8 and BOOL`);
  }
}

export const ORT_TYPES: Partial<Record<string, ort.Tensor.Type>> = { FP32: 'float32', FP64: 'float64', FP16: 'float16', INT32: 'int32', INT64: 'int64', UINT8: 'uint8', BOOL: 'bool' };
