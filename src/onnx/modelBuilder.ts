/**
 * Writes small ONNX models (https://github.com/onnx/onnx/blob/main/docs/IR.md) with onnx-proto:
 * one graph over the default `ai.onnx` domain, for test fixtures and benchmarks.
 */
import onnxProto from 'onnx-proto';

const { AttributeProto, ModelProto, TensorProto } = onnxProto.onnx;
type INodeProto = onnxProto.onnx.INodeProto;
type IAttributeProto = onnxProto.onnx.IAttributeProto;
type ITensorProto = onnxProto.onnx.ITensorProto;
type IValueInfoProto = onnxProto.onnx.IValueInfoProto;

export type ElemType = 'FLOAT' | 'DOUBLE' | 'FLOAT16' | 'INT8' | 'UINT8' | 'INT32' | 'INT64' | 'BOOL';

export interface ValueInfo {
  name: string;
  elemType: ElemType;
  /** Numbers are fixed dimensions, strings symbolic ones ('N'); omit for an unknown rank. */
  shape?: (number | string)[];
}

/** Uint16Array holds FLOAT16 bits; Uint8Array is UINT8 unless `elemType` says BOOL. */
export type InitializerData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint16Array | Uint8Array | Int8Array;

/** A tensor's value: for initializers, and for TENSOR attributes (Constant, ConstantOfShape). */
export interface TensorValue {
  dims: number[];
  data: InitializerData;
  /** Needed only where the array type does not say it: BOOL in a Uint8Array. */
  elemType?: ElemType;
}

export interface Initializer extends TensorValue {
  name: string;
}

/**
 * A JS number cannot tell 1 from 1.0, and ONNX rejects an INT where it wants a FLOAT (Elu's alpha
 * of 1.0 is the usual victim), so the shorthands are fixed: a number is a FLOAT, a number[] is
 * INTS (lists are axes, pads, perms in practice), a string is a STRING. The tagged forms say the
 * other types explicitly.
 */
export type AttributeValue =
  | number
  | number[]
  | string
  | { int: number }
  | { ints: number[] }
  | { float: number }
  | { floats: number[] }
  | { tensor: TensorValue };

export interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
  name?: string;
}

export interface ModelSpec {
  /** The `ai.onnx` opset the nodes are written against. */
  opset: number;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers?: Initializer[];
  nodes: NodeSpec[];
  producer?: string;
  graphName?: string;
  /** ModelProto.metadata_props: free-form key/value strings (provenance, metrics). */
  metadataProps?: Record<string, string>;
  /** Overrides the IR version irVersionFor picks: old exports say 3. */
  irVersion?: number;
  /**
   * Lists every initializer again as a graph input (declared after `inputs`), as exporters
   * before IR 4 had to; runtimes treat such an input as a constant unless it is fed.
   */
  initializersAsInputs?: boolean;
}

const D = TensorProto.DataType;
const ELEM_TYPES: Record<ElemType, number> = {
  FLOAT: D.FLOAT,
  DOUBLE: D.DOUBLE,
  FLOAT16: D.FLOAT16,
  INT8: D.INT8,
  UINT8: D.UINT8,
  INT32: D.INT32,
  INT64: D.INT64,
  BOOL: D.BOOL,
};

/**
 * The IR version released with each `ai.onnx` opset (docs/Versioning.md, "Released Versions"),
 * raised to 8, onnx-proto's own IR version: a runtime that reads IR 8 reads older opsets too.
 */
const IR_VERSION_BY_MAX_OPSET: readonly (readonly [maxOpset: number, irVersion: number])[] = [
  [18, 8],
  [20, 9],
  [22, 10],
  [23, 11],
];
const MIN_OPSET = 6;

export function irVersionFor(opset: number): number {
  const row = IR_VERSION_BY_MAX_OPSET.find(([maxOpset]) => opset <= maxOpset);
  if (!Number.isInteger(opset) || opset < MIN_OPSET || row === undefined) {
    const max = IR_VERSION_BY_MAX_OPSET[IR_VERSION_BY_MAX_OPSET.length - 1][0];
    throw new Error(`modelBuilder: opset ${opset} is not supported; use ${MIN_OPSET} to ${max}`);
  }
  return row[1];
}

/** Serializes the model; throws, naming the node and the value, when the graph is not wired up. */
export function buildModel(spec: ModelSpec): Uint8Array {
  const initializers = spec.initializers ?? [];
  checkWiring(spec, initializers);
  const model = ModelProto.create({
    irVersion: spec.irVersion ?? irVersionFor(spec.opset),
    opsetImport: [{ domain: '', version: spec.opset }],
    producerName: spec.producer ?? 'leaky-serve',
    metadataProps: Object.entries(spec.metadataProps ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: spec.graphName ?? 'graph',
      node: spec.nodes.map(toNodeProto),
      input: [...spec.inputs, ...(spec.initializersAsInputs === true ? initializers.map(initializerInfo) : [])].map(toValueInfo),
      output: spec.outputs.map(toValueInfo),
      initializer: initializers.map(toTensorProto),
    },
  });
  return ModelProto.encode(model).finish();
}

function checkWiring(spec: ModelSpec, initializers: Initializer[]): void {
  const defined = new Set<string>();
  const define = (name: string, what: string): void => {
    if (defined.has(name)) throw new Error(`modelBuilder: ${what} '${name}' is defined twice`);
    defined.add(name);
  };
  for (const input of spec.inputs) define(input.name, 'input');
  for (const init of initializers) define(init.name, 'initializer');
  spec.nodes.forEach((node, i) => {
    for (const name of node.inputs) {
      // '' marks an optional input left out.
      if (name !== '' && !defined.has(name)) {
        throw new Error(`modelBuilder: node ${i} (${node.opType}) reads '${name}', which nothing before it defines`);
      }
    }
    for (const name of node.outputs) define(name, `node ${i} (${node.opType}) output`);
  });
  for (const output of spec.outputs) {
    if (!defined.has(output.name)) throw new Error(`modelBuilder: graph output '${output.name}' is never produced`);
  }
}

function toValueInfo({ name, elemType, shape }: ValueInfo): IValueInfoProto {
  const dim = shape?.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return {
    name,
    type: { tensorType: { elemType: ELEM_TYPES[elemType], shape: dim === undefined ? undefined : { dim } } },
  };
}

function initializerInfo({ name, dims, data, elemType }: Initializer): ValueInfo {
  return { name, elemType: elemTypeOf(data, elemType), shape: dims };
}

function toNodeProto(node: NodeSpec, index: number): INodeProto {
  return {
    name: node.name ?? `${node.opType}_${index}`,
    opType: node.opType,
    domain: '',
    input: node.inputs,
    output: node.outputs,
    attribute: Object.entries(node.attributes ?? {}).map(([name, value]) => toAttribute(name, value, node.opType)),
  };
}

function toAttribute(name: string, value: AttributeValue, opType: string): IAttributeProto {
  const A = AttributeProto.AttributeType;
  const integers = (values: number[]): number[] => {
    const bad = values.find((v) => !Number.isSafeInteger(v));
    if (bad !== undefined) throw new Error(`modelBuilder: ${opType} attribute ${name}: ${bad} is not an integer`);
    return values;
  };
  if (typeof value === 'number') return { name, type: A.FLOAT, f: value };
  if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: A.INTS, ints: integers(value) };
  if ('int' in value) return { name, type: A.INT, i: integers([value.int])[0] };
  if ('ints' in value) return { name, type: A.INTS, ints: integers(value.ints) };
  if ('float' in value) return { name, type: A.FLOAT, f: value.float };
  if ('tensor' in value) return { name, type: A.TENSOR, t: toTensorProto({ name: '', ...value.tensor }) };
  return { name, type: A.FLOATS, floats: value.floats };
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The element type each array class holds unless told otherwise. */
const NATURAL_ELEM_TYPES: readonly (readonly [new (length: number) => InitializerData, ElemType])[] = [
  [Float32Array, 'FLOAT'],
  [Float64Array, 'DOUBLE'],
  [Int32Array, 'INT32'],
  [BigInt64Array, 'INT64'],
  [Uint16Array, 'FLOAT16'],
  [Int8Array, 'INT8'],
  [Uint8Array, 'UINT8'],
];
const BYTE_ELEM_TYPES: ReadonlySet<ElemType> = new Set(['UINT8', 'BOOL']);

function elemTypeOf(data: InitializerData, declared: ElemType | undefined): ElemType {
  const natural = NATURAL_ELEM_TYPES.find(([arrayClass]) => data instanceof arrayClass)?.[1] ?? 'UINT8';
  if (declared === undefined || declared === natural) return natural;
  if (natural === 'UINT8' && BYTE_ELEM_TYPES.has(declared)) return declared;
  throw new Error(`modelBuilder: a ${data.constructor.name} cannot hold ${declared} values`);
}

/** raw_data is little-endian whatever the host. */
function toTensorProto({ name, dims, data, elemType }: Initializer): ITensorProto {
  const count = dims.reduce((a, b) => a * b, 1);
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0) || count !== data.length) {
    throw new Error(`modelBuilder: initializer '${name}' has ${data.length} values but dims [${dims.join(',')}]`);
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const rawData = LITTLE_ENDIAN_HOST ? bytes : swapBytes(bytes, data.BYTES_PER_ELEMENT);
  return { name, dims, dataType: ELEM_TYPES[elemTypeOf(data, elemType)], rawData };
}

function swapBytes(bytes: Uint8Array, itemsize: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  for (let i = 0; i < copy.length; i += itemsize) copy.subarray(i, i + itemsize).reverse();
  return copy;
}
