/**
 * JSON tensors: `data` flat (row-major) or nested to match `shape`, copied into a typed array
 * with each element checked on the way. This is the only walk over `data`; the route schema
 * deliberately does not type the elements.
 */
import { InvalidTensor, ShapeMismatch } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import { checkElementLimit, formatShape } from './shape.js';

export type FloatDatatype = 'FP32' | 'FP64';

/** JSON has no NaN or Infinity: tensors carry them as these strings, both ways. */
export const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** A number as JSON data: itself when finite, its string otherwise. */
export function jsonNumber(v: number): number | string {
  return v - v === 0 ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

export function allocate(datatype: FloatDatatype, length: number): FloatArray {
  return datatype === 'FP64' ? new Float64Array(length) : new Float32Array(length);
}

/** Longest quote of a client's value in an error message. */
const MAX_QUOTE = 100;

/**
 * A client's value as an error message quotes it: a scalar's JSON, cut to MAX_QUOTE characters;
 * an array or object by kind only, since JSON.stringify recurses and a value nested a few
 * thousand levels deep (a few kilobytes of brackets) would overflow the stack.
 */
export function quoteValue(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}...` : text;
}

function element(field: string, index: number, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value in NON_FINITE) return NON_FINITE[value];
  throw new InvalidTensor(`${field}[${index}] is ${quoteValue(value)}; expected a number`);
}

/** Copies `data` (flat or nested) into a new typed array of `shape`'s size. */
export function parseJsonTensor(
  field: string,
  shape: readonly number[],
  datatype: FloatDatatype,
  data: unknown,
  maxElements: number,
): FloatArray {
  const size = checkElementLimit(field, shape, maxElements);
  if (!Array.isArray(data)) {
    throw new InvalidTensor(`${field}.data must be an array (flat or nested), got ${typeof data}`);
  }
  checkDataFits(field, shape, data, size);
  const out = allocate(datatype, size);
  if (isFlat(data)) {
    for (let i = 0; i < size; i++) {
      const v = data[i];
      out[i] = typeof v === 'number' ? v : element(`${field}.data`, i, v);
    }
    return out;
  }
  walkNested(field, shape, data, (index, value) => {
    out[index] = element(`${field}.data`, index, value);
  });
  return out;
}

/** Flat data is a list of values; nested data a list of lists. */
export function isFlat(data: unknown[]): boolean {
  return data.length === 0 || !Array.isArray(data[0]);
}

function nestingMismatch(field: string, shape: readonly number[], path: string, node: unknown, depth: number): Error {
  const got = Array.isArray(node) ? `${node.length} entries` : quoteValue(node);
  return new ShapeMismatch(`${field}.data${path} has ${got} but shape ${formatShape(shape)} needs ${shape[depth]} at depth ${depth}`);
}

/**
 * Checks, before anything is allocated for `shape`, that `data` can fill it: flat data's length,
 * or the lengths along nested data's first path (data, data[0], data[0][0]...). A few bytes of
 * body claiming a shape of millions of elements are refused without allocating that memory;
 * walkNested checks the other paths as it copies.
 */
export function checkDataFits(field: string, shape: readonly number[], data: unknown[], size: number): void {
  if (isFlat(data)) {
    if (data.length !== size) {
      throw new ShapeMismatch(`${field}.data has ${data.length} elements but shape ${formatShape(shape)} needs ${size}`);
    }
    return;
  }
  let node: unknown = data;
  let path = '';
  for (let depth = 0; depth < shape.length; depth++) {
    if (!Array.isArray(node) || node.length !== shape[depth]) throw nestingMismatch(field, shape, path, node, depth);
    if (node.length === 0) return;
    node = node[0];
    path += '[0]';
  }
}

/**
 * Visits nested `data` in row-major order, checking each level's length against `shape` and
 * naming the place that does not fit; `put` receives each leaf with its flat index.
 */
export function walkNested(
  field: string,
  shape: readonly number[],
  data: unknown[],
  put: (index: number, value: unknown) => void,
): void {
  let written = 0;
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      put(written++, node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) throw nestingMismatch(field, shape, path, node, depth);
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${path}[${i}]`);
  };
  walk(data, 0, '');
}

/** Flat JSON data for a typed array; non-finite values become the strings JSON lacks. */
export function toJsonData(values: FloatArray): (number | string)[] {
  const out = new Array<number | string>(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = jsonNumber(values[i]);
  }
  return out;
}
