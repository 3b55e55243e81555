/**
 * Reads a serialized ONNX model for the native backend and checks what it can take: IR versions
 * 3 to 10, the default domain at opsets 6 to 21, weights embedded in the file. Old exports that
 * list every weight again as a graph input get those inputs treated as constants.
 * https://github.com/onnx/onnx/blob/main/docs/IR.md
 */
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { fromOnnxTensor } from '../../kernels/fromOnnx.js';
import type { ElemType, NativeTensor } from '../../kernels/tensor.js';
import { tensorFromProto } from '../../onnx/tensorProto.js';
import { checkOps } from './compile.js';
import { toNumber } from '../../onnx/long.js';

const { ModelProto } = onnxProto.onnx;

export const IR_VERSIONS = { min: 3, max: 10 } as const;
export const OPSETS = { min: 6, max: 21 } as const;

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);

/** ONNX element types the native backend takes at its boundary, as it holds them inside. */
const BOUNDARY_TYPES: ReadonlyMap<number, ElemType> = new Map<number, ElemType>([
  [1, 'float32'], // FLOAT
  [10, 'float32'], // FLOAT16, widened inside
  [7, 'int64'],
  [6, 'int32'],
  [9, 'bool'],
]);

export interface GraphValue {
  name: string;
  /** The ONNX element type number as declared (FLOAT16 stays 10 so outputs narrow back). */
  elemType: number;
  type: ElemType;
}

/** A graph input or output whose type the native backend does not take, with the reason. */
export class UnsupportedTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedTypeError';
  }
}

export interface GraphNode {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: onnx.IAttributeProto[];
}

export interface NativeModelProto {
  opset: number;
  inputs: GraphValue[];
  outputs: GraphValue[];
  initializers: Map<string, NativeTensor>;
  nodes: GraphNode[];
}

function graphValue(info: onnx.IValueInfoProto, role: string): GraphValue {
  const name = info.name ?? '';
  const elemType = info.type?.tensorType?.elemType ?? 0;
  const type = BOUNDARY_TYPES.get(elemType);
  if (type === undefined) {
    const typeName = onnxProto.onnx.TensorProto.DataType[elemType] ?? String(elemType);
    throw new UnsupportedTypeError(
      `${role} '${name}' has element type ${typeName}, which is not supported by the native backend (FLOAT, FLOAT16, INT64, INT32, BOOL)`,
    );
  }
  return { name, elemType, type };
}

export function readNativeModel(bytes: Uint8Array): NativeModelProto {
  const model = ModelProto.decode(bytes);
  const ir = toNumber(model.irVersion);
  if (ir < IR_VERSIONS.min || ir > IR_VERSIONS.max) {
    throw new Error(`IR version ${ir} is not supported by the native backend (${IR_VERSIONS.min} to ${IR_VERSIONS.max})`);
  }
  const graph = model.graph;
  if (graph == null) throw new Error('model.onnx has no graph');
  const defaultImport = model.opsetImport.find((o) => DEFAULT_DOMAINS.has(o.domain ?? ''));
  // IR 3 models may omit opset_import; ONNX then means opset 1, which predates what we run.
  const opset = toNumber(defaultImport?.version);
  if (opset < OPSETS.min || opset > OPSETS.max) {
    throw new Error(`opset ${opset} of the default domain is not supported by the native backend (${OPSETS.min} to ${OPSETS.max})`);
  }
  const nodes = (graph.node ?? []).map((node, index): GraphNode => {
    const opType = node.opType ?? '';
    const domain = node.domain ?? '';
    const name = node.name || `${opType}_${index}`;
    if (!DEFAULT_DOMAINS.has(domain)) {
      throw new Error(`node '${name}' is ${domain}::${opType}; the native backend runs only the default ONNX domain`);
    }
    return { opType, name, inputs: node.input ?? [], outputs: node.output ?? [], attributes: node.attribute ?? [] };
  });
  // Missing ops first: of all the reasons a model cannot run natively, the most useful one.
  checkOps(opset, nodes.map((n) => n.opType));
  const initializers = new Map<string, NativeTensor>();
  for (const proto of graph.initializer ?? []) {
    const name = proto.name ?? '';
    initializers.set(name, fromOnnxTensor(tensorFromProto(proto), `initializer '${name}'`));
  }
  if ((graph.sparseInitializer ?? []).length > 0) throw new Error('sparse initializers are not supported by the native backend');
  // An input that is also an initializer is a constant (IR < 4 exporters list weights as inputs).
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map((i) => graphValue(i, 'input'));
  const outputs = (graph.output ?? []).map((o) => graphValue(o, 'output'));
  return { opset, inputs, outputs, initializers, nodes };
}
