/** Runs one op factory on literal tensors, the way the native executor would. */
import { Attributes } from '../../../src/kernels/attributes.js';
import type { OpFactory } from '../../../src/kernels/op.js';
import { tensor, type ElemType, type NativeData, type NativeTensor } from '../../../src/kernels/tensor.js';

export interface RunOptions {
  opset?: number;
  attributes?: Attributes;
  outputCount?: number;
  /** Inputs to treat as known at load (as initializers are). */
  constantInputs?: number[];
  /** Let the kernel write into its inputs (as the executor does for a last consumer). */
  inPlace?: boolean;
}

export function runNode(
  create: OpFactory,
  inputs: (NativeTensor | undefined)[],
  { opset = 21, attributes = Attributes.of({}), outputCount = 1, constantInputs = [], inPlace = false }: RunOptions = {},
): NativeTensor[] {
  const kernel = create({
    opType: 'Test',
    name: 'node',
    opset,
    attributes,
    inputTypes: inputs.map((t) => t?.type),
    constants: inputs.map((t, i) => (constantInputs.includes(i) ? t : undefined)),
    outputCount,
  });
  return kernel.run(inputs, inputs.map(() => inPlace));
}

export function f32(shape: number[], values: number[]): NativeTensor {
  return tensor('float32', shape, Float32Array.from(values));
}

export function i64(shape: number[], values: number[]): NativeTensor {
  return tensor('int64', shape, Float64Array.from(values));
}

export function of(type: ElemType, shape: number[], data: NativeData): NativeTensor {
  return tensor(type, shape, data);
}
