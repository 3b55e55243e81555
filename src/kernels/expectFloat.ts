/**
 * Input count and type checks for the float32-only ops (linear, convolution, pooling):
 * expectInputs (./op.ts) counts the inputs, then every present input must be float32, so a
 * double or uint8 model fails at load naming the input.
 */
import { expectInputs, expectType, type NodeInfo } from './op.js';

const FLOAT32 = ['float32'] as const;

export function expectFloatInputs(node: NodeInfo, min: number, max: number): void {
  expectInputs(node, min, max, FLOAT32);
  node.inputTypes.forEach((type, i) => {
    if (type !== undefined) expectType(node, i, FLOAT32);
  });
}
