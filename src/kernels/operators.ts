/**
 * The one table of ONNX ops the native backend runs: op type, the op version ("since version",
 * https://onnx.ai/onnx/operators/) and the factory that implements it. A model importing opset N
 * gets, for each op, the entry with the highest `since` not above N.
 */
import type { OperatorEntry } from './op.js';
import { ELEMENTWISE_OPERATORS } from './operatorsElementwise.js';
import { LINEAR_OPERATORS } from './operatorsLinear.js';
import { SHAPE_OPERATORS } from './operatorsShape.js';

export const OPERATORS: readonly OperatorEntry[] = [...ELEMENTWISE_OPERATORS, ...LINEAR_OPERATORS, ...SHAPE_OPERATORS];

/** The entry for `opType` under a model's opset, or undefined when the native backend lacks it. */
export function findOperator(opType: string, opset: number): OperatorEntry | undefined {
  let best: OperatorEntry | undefined;
  for (const entry of OPERATORS) {
    if (entry.opType === opType && entry.since <= opset && (best === undefined || entry.since > best.since)) best = entry;
  }
  return best;
}
