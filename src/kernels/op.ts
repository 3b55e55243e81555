/**
 * The op layer's contract. Every ONNX op the native backend runs is a factory: given one node
 * at model load (its attributes, opset and input types), it validates what can be validated
 * then, and returns a kernel that runs the node on each request. The literal table in
 * ./operators.ts maps op type and opset to factories.
 */
import type { Attributes } from './attributes.js';
import type { ElemType, NativeTensor } from './tensor.js';

export interface NodeInfo {
  opType: string;
  /** The node's name in the graph, or `<opType>_<index>` when it has none. */
  name: string;
  /** The `ai.onnx` opset the model imports; ops pick their semantics by it. */
  opset: number;
  attributes: Attributes;
  /** One per declared input; undefined where an optional input is left out (name ''). */
  inputTypes: readonly (ElemType | undefined)[];
  /** Values known at load (initializers, Constant outputs), by input index. */
  constants: readonly (NativeTensor | undefined)[];
  outputCount: number;
}

export interface OpKernel {
  /** Output element types, known at load so that a type mismatch fails the load. */
  readonly outputTypes: readonly ElemType[];
  /**
   * Runs the node. `inputs[i]` is undefined for an optional input left out. Where
   * `reusable[i]` is true no later node reads input i, so the kernel may write its result into
   * that input's data (elementwise ops in place).
   *
   * Each output's data is a new array (from allocate(), so freed memory is reused) or the very
   * data array of an input (zero-copy ops, in-place results); never a view into an input's memory
   * and never an array the kernel keeps: the executor tracks sharing by array.
   */
  run(inputs: readonly (NativeTensor | undefined)[], reusable: readonly boolean[]): NativeTensor[];
}

export type OpFactory = (node: NodeInfo) => OpKernel;

export interface OperatorEntry {
  opType: string;
  /** The op version (ONNX "since version") this factory implements. */
  since: number;
  create: OpFactory;
}

/** The error every op throws, at load or at run: `Gemm 'fc1': <problem>`. */
export class OpError extends Error {
  constructor(node: Pick<NodeInfo, 'opType' | 'name'>, problem: string) {
    super(`${node.opType} '${node.name}': ${problem}`);
    this.name = 'OpError';
  }
}

/**
 * Checks the input count at load, and input 0's type (the data input) against `allowed` when
 * given; returns the inputs' types (float32 standing in for an optional input left out).
 */
export function expectInputs(node: NodeInfo, min: number, max: number, allowed?: readonly ElemType[]): ElemType[] {
  const count = node.inputTypes.length;
  if (count < min || count > max) {
    throw new OpError(node, `expects ${min === max ? min : `${min} to ${max}`} inputs, got ${count}`);
  }
  if (allowed !== undefined && count > 0) expectType(node, 0, allowed);
  return node.inputTypes.map((type, i) => {
    if (type === undefined) {
      if (i < min) throw new OpError(node, `input ${i} is required`);
      return 'float32';
    }
    return type;
  });
}

/** Throws unless `type` is one of `allowed`, naming the input. */
export function expectType(node: NodeInfo, input: number, allowed: readonly ElemType[]): ElemType {
  const type = node.inputTypes[input];
  if (type === undefined || !allowed.includes(type)) {
    throw new OpError(node, `input ${input} has type ${type ?? 'none'}, which is not supported (${allowed.join(', ')})`);
  }
  return type;
}
