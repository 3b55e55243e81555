/**
 * What PRelu's forward pass (./prelu.ts) and backward pass (./preluBackward.ts) share: the slope's
 * broadcast plan, checked against the array lengths, and the branch-free factor (1 or slope).
 */
import { planUnidirectionalBroadcast } from './broadcast.js';
import type { UnidirectionalBroadcast } from './broadcast.js';
import { sizeOf } from './tensor.js';
import type { FloatArray } from './types.js';

/** The walk for the slope into X's shape; throws when it does not broadcast or a length disagrees. */
export function checkedPlan(
  x: FloatArray,
  xShape: readonly number[],
  slope: FloatArray,
  slopeShape: readonly number[],
): UnidirectionalBroadcast {
  const plan = planUnidirectionalBroadcast(slopeShape, xShape);
  if (plan === undefined) {
    throw new Error(
      `PRelu: slope shape ${formatShape(slopeShape)} does not broadcast to X shape ${formatShape(xShape)}`,
    );
  }
  for (const [name, data, shape] of [['X', x, xShape], ['slope', slope, slopeShape]] as const) {
    if (data.length !== sizeOf(shape)) {
      throw new RangeError(
        `PRelu: ${name} has ${data.length} elements but shape ${formatShape(shape)} holds ${sizeOf(shape)}`,
      );
    }
  }
  return plan;
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Exactly 1 when `positive` is 1, exactly `slope` when it is 0: see blendForward in ./prelu.ts. */
export function blendFactor(positive: number, slope: number): number {
  return (1 - positive) * slope - (0 - positive);
}
