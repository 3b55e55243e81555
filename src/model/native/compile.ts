/**
 * Turns a model's nodes into a plan the executor runs: every node resolved to a kernel from the
 * operator table (a model with ops the table lacks fails here, naming each op and opset),
 * element types inferred, nodes whose inputs are all known folded into constants, nodes put in
 * topological order, and each intermediate's last reader found so it can be freed after it.
 */
import { Attributes } from '../../kernels/attributes.js';
import { BufferPool } from '../../kernels/bufferPool.js';
import type { OpKernel } from '../../kernels/op.js';
import { findOperator } from '../../kernels/operators.js';
import type { ElemType, NativeTensor } from '../../kernels/tensor.js';
import type { GraphNode, GraphValue, NativeModelProto } from './modelProto.js';

export interface PlanStep {
  node: GraphNode;
  kernel: OpKernel;
  /** Value slots read, -1 for an optional input left out. */
  inputs: number[];
  outputs: number[];
  /** Slots this step reads for the last time: free them after it, reuse them in it. */
  lastReads: number[];
  /** Per input: whether this step is that slot's last reader. */
  readsLast: boolean[];
  /** Argument arrays the executor refills on every run (runs never interleave). */
  args: (NativeTensor | undefined)[];
  reusable: boolean[];
}

export interface ExecutionPlan {
  slotCount: number;
  /** Slots the request's inputs go into, in graph input order. */
  inputSlots: number[];
  outputSlots: number[];
  /** Initializers and folded values, by slot. */
  constants: Map<number, NativeTensor>;
  /** 1 for the slots whose memory is the caller's or the model's (inputs, constants). */
  fixed: Uint8Array;
  /** Per run (reset after it): each slot's value and the slot whose memory it holds. */
  slots: (NativeTensor | undefined)[];
  roots: Int32Array;
  /** Per run: how many live slots hold each root's memory. */
  holders: Int32Array;
  /** Freed intermediates' memory, reused by the next allocations (src/kernels/bufferPool.ts). */
  pool: BufferPool;
  steps: PlanStep[];
  inputs: GraphValue[];
  outputs: GraphValue[];
}

/** Thrown when ops are missing: `message` lists them all, `missing` is for metadata. */
export class UnsupportedOpsError extends Error {
  constructor(readonly missing: string[]) {
    super(`the native backend lacks ${missing.join(', ')}`);
    this.name = 'UnsupportedOpsError';
  }
}

/** Throws UnsupportedOpsError naming every op of the graph that the operator table lacks. */
export function checkOps(opset: number, opTypes: readonly string[]): void {
  const missing = [...new Set(opTypes.filter((op) => findOperator(op, opset) === undefined))].map((op) => `${op} (opset ${opset})`);
  if (missing.length > 0) throw new UnsupportedOpsError(missing);
}

export function compile(model: NativeModelProto): ExecutionPlan {
  checkOps(model.opset, model.nodes.map((n) => n.opType));

  const slots = new Map<string, number>();
  const slotOf = (name: string): number => {
    let slot = slots.get(name);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(name, slot);
    }
    return slot;
  };
  const types = new Map<string, ElemType>();
  const constants = new Map<number, NativeTensor>();
  for (const [name, value] of model.initializers) {
    types.set(name, value.type);
    constants.set(slotOf(name), value);
  }
  const inputSlots = model.inputs.map((input) => {
    types.set(input.name, input.type);
    return slotOf(input.name);
  });

  const steps: PlanStep[] = [];
  for (const node of topologicalOrder(model)) {
    const inputs = node.inputs.map((name) => (name === '' ? -1 : slotOf(name)));
    const known = inputs.map((slot) => (slot < 0 ? undefined : constants.get(slot)));
    const entry = findOperator(node.opType, model.opset);
    if (entry === undefined) throw new UnsupportedOpsError([`${node.opType} (opset ${model.opset})`]);
    const kernel = entry.create({
      opType: node.opType,
      name: node.name,
      opset: model.opset,
      attributes: new Attributes(`${node.opType} '${node.name}'`, node.attributes),
      inputTypes: node.inputs.map((name) => (name === '' ? undefined : types.get(name))),
      constants: known,
      outputCount: node.outputs.length,
    });
    node.outputs.forEach((name, i) => {
      if (name !== '') types.set(name, kernel.outputTypes[i]);
    });
    const outputs = node.outputs.map((name) => (name === '' ? -1 : slotOf(name)));
    const present = inputs.filter((slot) => slot >= 0);
    if (present.every((slot) => constants.has(slot))) {
      // Every input is known at load (or there are none: Constant), so run it once now.
      const results = kernel.run(known, known.map(() => false));
      outputs.forEach((slot, i) => {
        if (slot >= 0) constants.set(slot, results[i]);
      });
      continue;
    }
    steps.push({ node, kernel, inputs, outputs, lastReads: [], readsLast: inputs.map(() => false), args: inputs.map(() => undefined), reusable: inputs.map(() => false) });
  }

  const outputSlots = model.outputs.map((output) => {
    const slot = slots.get(output.name);
    if (slot === undefined) throw new Error(`graph output '${output.name}' is never produced`);
    const type = types.get(output.name);
    if (type !== output.type) throw new Error(`graph output '${output.name}' is declared ${output.type} but the graph computes ${type}`);
    return slot;
  });
  markLastReads(steps, new Set([...outputSlots, ...inputSlots, ...constants.keys()]));
  const fixed = new Uint8Array(slots.size);
  const roots = new Int32Array(slots.size);
  for (let slot = 0; slot < slots.size; slot++) roots[slot] = slot;
  for (const slot of [...constants.keys(), ...inputSlots]) fixed[slot] = 1;
  return {
    slotCount: slots.size,
    inputSlots,
    outputSlots,
    constants,
    fixed,
    slots: new Array<NativeTensor | undefined>(slots.size).fill(undefined),
    roots,
    holders: new Int32Array(slots.size),
    pool: new BufferPool(),
    steps,
    inputs: model.inputs,
    outputs: model.outputs,
  };
}

/** Kahn's algorithm over the nodes; ONNX requires sorted graphs, but not every exporter obeys. */
function topologicalOrder(model: NativeModelProto): GraphNode[] {
  const available = new Set<string>(['', ...model.initializers.keys(), ...model.inputs.map((i) => i.name)]);
  const pending = [...model.nodes];
  const ordered: GraphNode[] = [];
  while (pending.length > 0) {
    const index = pending.findIndex((node) => node.inputs.every((name) => available.has(name)));
    if (index < 0) {
      const node = pending[0];
      const absent = node.inputs.filter((name) => !available.has(name));
      throw new Error(`node '${node.name}' (${node.opType}) reads ${absent.map((n) => `'${n}'`).join(', ')}, which no input, initializer or node provides (or the graph has a cycle)`);
    }
    const [node] = pending.splice(index, 1);
    for (const name of node.outputs) available.add(name);
    ordered.push(node);
  }
  return ordered;
}

/** Records each intermediate's last reader; graph inputs, outputs and constants are never freed. */
function markLastReads(steps: PlanStep[], kept: Set<number>): void {
  const seen = new Set<number>();
  for (let i = steps.length - 1; i >= 0; i--) {
    for (const slot of steps[i].inputs) {
      if (slot < 0 || kept.has(slot) || seen.has(slot)) continue;
      seen.add(slot);
      steps[i].lastReads.push(slot);
      steps[i].inputs.forEach((input, j) => {
        if (input === slot) steps[i].readsLast[j] = true;
      });
    }
  }
}
