/**
 * KServe V1 / TF Serving row format: `instances` stacked into one batch tensor for a
 * single-input model, and the outputs split back into one prediction per instance.
 */
import { InvalidTensor } from '../errors.js';
import type { Datatype, Tensor, TensorSpec } from '../model/types.js';
import { MAX_RANK } from '../schemas/tensor.js';
import { topK } from './classification.js';
import { jsonDataValues, parseJsonData } from './jsonData.js';

type Value = number | string | boolean;
type Nested = Value | Nested[];

/** The shape of one instance, read from its first elements (the parser checks the rest). */
function instanceShape(instance: unknown): number[] {
  const shape: number[] = [];
  let node = instance;
  while (Array.isArray(node)) {
    // Stacked, the instances make a tensor of at most MAX_RANK dimensions, as V2 shapes are; the
    // parser walks each level recursively, so unbounded nesting would overflow the stack.
    if (shape.length === MAX_RANK - 1) {
      throw new InvalidTensor(
        `instances[0] is nested more than ${MAX_RANK - 1} arrays deep; with the batch dimension a tensor has at most ${MAX_RANK}`,
      );
    }
    shape.push(node.length);
    node = node[0];
  }
  return shape;
}

export function instancesToTensor(input: TensorSpec, instances: unknown[], maxElements: number): Tensor {
  const shape = [instances.length, ...instanceShape(instances[0])];
  const data = parseJsonData('instances', input.datatype as Datatype, shape, instances, maxElements);
  return { name: input.name, datatype: input.datatype, shape, data };
}

function nest(values: Value[], offset: number, shape: readonly number[]): Nested {
  if (shape.length === 0) return values[offset];
  const [first, ...rest] = shape;
  let stride = 1;
  for (const d of rest) stride *= d;
  return Array.from({ length: first }, (_, i) => nest(values, offset + i * stride, rest));
}

/** Rows along the batch (first) dimension, which every V1 output has: the instances were stacked. */
function batchRows(shape: readonly number[]): { rows: number; width: number } {
  if (shape.length === 0) return { rows: 1, width: 1 };
  let width = 1;
  for (let d = 1; d < shape.length; d++) width *= shape[d];
  return { rows: shape[0], width };
}

/** Row `row` of every output: the bare row for one output, an object by name for several. */
export function predictions(outputs: Tensor[]): unknown[] {
  const rows = outputs.length === 0 ? 0 : batchRows(outputs[0].shape).rows;
  const split = outputs.map((o) => ({ name: o.name, values: jsonDataValues(o.datatype, o.data), ...batchRows(o.shape) }));
  return Array.from({ length: rows }, (_, r) => {
    const cells = split.map(({ name, values, width }, i) => [name, nest(values, r * width, outputs[i].shape.slice(1))] as const);
    return cells.length === 1 ? cells[0][1] : Object.fromEntries(cells);
  });
}

export interface RankedClass {
  index: number;
  label?: string;
  score: number;
}

/** The k best classes of each row of `output`, labelled when the model config names them. */
export function topClasses(output: Tensor, k: number, labels: readonly string[] | undefined): RankedClass[][] {
  const { rows, width } = batchRows(output.shape);
  return Array.from({ length: rows }, (_, r) =>
    topK(output.data, r * width, width, k).map(({ index, value }) => {
      const score = Number(value);
      const label = labels?.[index];
      return label === undefined ? { index, score } : { index, label, score };
    }),
  );
}
