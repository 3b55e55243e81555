/** Table rows for the linear ops; merged into ./operators.ts. */
import type { OperatorEntry } from './op.js';

export const LINEAR_OPERATORS: readonly OperatorEntry[] = [];
