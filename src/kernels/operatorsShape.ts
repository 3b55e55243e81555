/** Table rows for the shape ops; merged into ./operators.ts. */
import type { OperatorEntry } from './op.js';

export const SHAPE_OPERATORS: readonly OperatorEntry[] = [];
