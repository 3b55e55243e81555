/**
 * Reads a model's inputs and outputs from its ONNX graph (https://github.com/onnx/onnx/blob/main/docs/IR.md)
 * with onnx-proto, without running it: what metadata reports when config.json says nothing.
 */
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { datatypeFromOnnx } from './datatypes.js';
import type { Datatype } from './types.js';
import { toNumber } from '../onnx/long.js';

const { ModelProto, TensorProto } = onnxProto.onnx;

export interface GraphTensor {
  name: string;
  datatype: Datatype;
  /** -1 for a symbolic or unknown dimension; undefined when the graph does not give the rank. */
  shape: number[] | undefined;
}

export interface OnnxGraph {
  inputs: GraphTensor[];
  outputs: GraphTensor[];
  /** The `ai.onnx` opset the model imports. */
  opset: number;
}

function readValueInfo(info: onnx.IValueInfoProto, role: 'input' | 'output'): GraphTensor {
  const name = info.name ?? '';
  const tensorType = info.type?.tensorType;
  if (tensorType == null) throw new Error(`${role} '${name}' is not a tensor; only tensor inputs and outputs are supported`);
  const elemType = tensorType.elemType ?? 0;
  const datatype = datatypeFromOnnx(elemType);
  if (datatype === undefined) {
    const typeName = TensorProto.DataType[elemType] ?? String(elemType);
    throw new Error(`${role} '${name}' has ONNX element type ${typeName}, which is not supported`);
  }
  const dims = tensorType.shape?.dim;
  // A dim with dim_value set is fixed; dim_param or nothing at all means any size.
  const shape = dims?.map((d) => (d.dimValue != null ? toNumber(d.dimValue) : -1));
  return { name, datatype, shape: tensorType.shape == null ? undefined : shape };
}

/** Decodes a serialized ModelProto; throws with a message fit for a load failure's reason. */
export function parseGraph(bytes: Uint8Array): OnnxGraph {
  let model: onnx.ModelProto;
  try {
    model = ModelProto.decode(bytes);
  } catch (err) {
    throw new Error(`model.onnx is not a valid ONNX model: ${(err as Error).message}`, { cause: err });
  }
  const graph = model.graph;
  if (graph == null) throw new Error('model.onnx has no graph');
  // Exporters older than IR 4 list every weight as a graph input too; those are not fed.
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map((i) => readValueInfo(i, 'input'));
  const outputs = (graph.output ?? []).map((o) => readValueInfo(o, 'output'));
  if (outputs.length === 0) throw new Error('model.onnx has no graph outputs');
  const defaultDomain = model.opsetImport.find((o) => o.domain == null || o.domain === '' || o.domain === 'ai.onnx');
  return { inputs, outputs, opset: toNumber(defaultDomain?.version) };
}
