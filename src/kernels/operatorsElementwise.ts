/** Table rows for the elementwise ops; merged into ./operators.ts. */
import type { OperatorEntry } from './op.js';

export const ELEMENTWISE_OPERATORS: readonly OperatorEntry[] = [];
