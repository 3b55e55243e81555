/**
 * Checks an infer request's tensors against a model version's metadata before it runs, with
 * Triton's messages (triton-inference-server/core src/infer_request.cc, Normalize and
 * ValidateRequestInputs) so clients written against Triton see what they expect.
 */
import { InvalidInferRequest } from '../errors.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import { itemSize } from './datatypes.js';
import type { Tensor, TensorSpec } from './types.js';

export interface InferTarget {
  modelName: string;
  /** > 0: the first dimension of every input is the batch, at most this large. */
  maxBatchSize: number;
  inputs: readonly TensorSpec[];
  outputs: readonly TensorSpec[];
}

export interface ValidatedRequest {
  /** Outputs to compute, in order: the requested ones without repeats, or every output. */
  outputNames: string[];
  /** Inferences this request counts as in statistics: the batch size, or 1 without batching. */
  batchSize: number;
}

const quoteList = (names: readonly string[]): string => `[${names.map((n) => `'${n}'`).join(',')}]`;

function fail(message: string): never {
  throw new InvalidInferRequest(message);
}

function checkOutputs(target: InferTarget, requested: readonly string[] | undefined): string[] {
  if (requested === undefined || requested.length === 0) return target.outputs.map((o) => o.name);
  for (const name of requested) {
    if (!target.outputs.some((o) => o.name === name)) fail(`unexpected inference output '${name}' for model '${target.modelName}'`);
  }
  return [...new Set(requested)];
}

function checkInputNames(target: InferTarget, inputs: readonly Tensor[]): void {
  const { modelName } = target;
  const seen = new Set<string>();
  for (const input of inputs) {
    if (seen.has(input.name)) fail(`input '${input.name}' already exists in request`);
    seen.add(input.name);
  }
  if (inputs.length !== target.inputs.length) {
    const missing = target.inputs.filter((spec) => !seen.has(spec.name)).map((spec) => spec.name);
    fail(
      `expected ${target.inputs.length} inputs but got ${inputs.length} inputs for model '${modelName}'. ` +
        `Got inputs ${quoteList([...seen])}, but missing required inputs ${quoteList(missing)}. ` +
        'Please provide all required inputs.',
    );
  }
  for (const input of inputs) {
    if (!target.inputs.some((spec) => spec.name === input.name)) fail(`unexpected inference input '${input.name}' for model '${modelName}'`);
  }
}

function checkBatch(target: InferTarget, inputs: readonly Tensor[]): number {
  if (target.maxBatchSize === 0) return 1;
  let batchSize: number | undefined;
  for (const input of inputs) {
    if (input.shape.length === 0) {
      fail(`input '${input.name}' has no shape but model requires batch dimension for '${target.modelName}'`);
    }
    if (batchSize === undefined) batchSize = input.shape[0];
    else if (input.shape[0] !== batchSize) fail(`input '${input.name}' batch size does not match other inputs for '${target.modelName}'`);
  }
  if (batchSize !== undefined && batchSize > target.maxBatchSize) {
    fail(`inference request batch-size must be <= ${target.maxBatchSize} for '${target.modelName}'`);
  }
  return Math.max(1, batchSize ?? 1);
}

function checkTensor(target: InferTarget, input: Tensor, spec: TensorSpec): void {
  const { modelName } = target;
  if (input.datatype !== spec.datatype) {
    fail(`inference input '${input.name}' data-type is '${input.datatype}', but model '${modelName}' expects '${spec.datatype}'`);
  }
  if (input.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    fail(`All input dimensions should be specified for input '${input.name}' for model '${modelName}', got ${formatShape(input.shape)}`);
  }
  const fits = input.shape.length === spec.shape.length && spec.shape.every((d, i) => d === -1 || d === input.shape[i]);
  if (!fits) {
    fail(`unexpected shape for input '${input.name}' for model '${modelName}'. Expected ${formatShape(spec.shape)}, got ${formatShape(input.shape)}`);
  }
  const expected = sizeOf(input.shape) * itemSize(spec.datatype);
  if (input.data.byteLength !== expected) {
    fail(`input byte size mismatch for input '${input.name}' for model '${modelName}'. Expected ${expected}, got ${input.data.byteLength}`);
  }
}

/** Throws InvalidInferRequest for the first problem found, in Triton's order. */
export function validateInferRequest(
  target: InferTarget,
  inputs: readonly Tensor[],
  requestedOutputs?: readonly string[],
): ValidatedRequest {
  const outputNames = checkOutputs(target, requestedOutputs);
  checkInputNames(target, inputs);
  const batchSize = checkBatch(target, inputs);
  for (const input of inputs) {
    const spec = target.inputs.find((s) => s.name === input.name) as TensorSpec;
    checkTensor(target, input, spec);
  }
  return { outputNames, batchSize };
}
