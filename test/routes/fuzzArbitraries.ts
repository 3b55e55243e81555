/**
 * fast-check arbitraries for test/routes/fuzz.test.ts: JSON request bodies made by mutating a
 * valid request (set or remove a field at a path, with values chosen to be awkward), and the URL
 * parts around them. Awkward JSON that a JS value cannot hold (1e400, 20,000 levels of nesting)
 * is written as a `raw()` placeholder string and spliced into the text by `toJsonText`.
 */
import fc from 'fast-check';
import { DATATYPES } from '../../src/model/types.js';

/** A request to inject: always a POST; `payload` is JSON text or raw bytes. */
export interface FuzzRequest {
  url: string;
  headers: Record<string, string>;
  payload: string | Buffer;
}

export type Path = readonly (string | number)[];
/** As the last step of a path: one past the end of the array there. */
export const APPEND = -1;
/** Set `value` at `at` (creating what is missing on the way), or remove what is there. */
export interface Mutation {
  at: Path;
  value?: unknown;
  remove?: true;
}

// --- JSON text that JS values cannot hold ---

const RAW = '\u0000raw:';
const RAW_IN_TEXT = /"\\u0000raw:([^"\\]*)"/g;
const raw = (text: string): string => `${RAW}${text}`;

function expandRaw(text: string): string {
  const deep = /^deep-(array|object):(\d+)$/.exec(text);
  if (deep === null) return text;
  const depth = Number(deep[2]);
  return deep[1] === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** JSON.stringify, with each raw() placeholder replaced by its JSON text. */
export function toJsonText(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(RAW_IN_TEXT, (_match, text: string) => expandRaw(text));
}

// --- Awkward values ---

const RAW_NUMBERS = ['1e400', '-1e400', '1e-400', '123456789012345678901234567890', '-0.0', '1E2'];

export const weirdScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, 1, -1, 0.5, -2.5, 1e308, -1e308, 2 ** 53 + 2, 2 ** 64, -(2 ** 63)),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', 'nan', 'inf', '', '1', '1e3', 'true', '0x10', '\u0000', '__proto__'),
  fc.constantFrom(...RAW_NUMBERS.map(raw)),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
);

/** Nesting deep enough to overflow a recursive walk (or JSON.stringify) of the parsed value. */
export const deepValue: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('array', 'object'), fc.constantFrom(50, 20000))
  .map(([kind, depth]) => raw(`deep-${kind}:${depth}`));

const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype'));

export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: weirdScalar },
  { weight: 1, arbitrary: fc.array(weirdScalar, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.dictionary(key, weirdScalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const INT64_TEXTS = ['9223372036854775807', '9223372036854775808', '-9223372036854775809', '18446744073709551616', '1.0'];
export const element: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
  { weight: 8, arbitrary: fc.integer({ min: -300, max: 300 }) },
  { weight: 8, arbitrary: weirdScalar },
  { weight: 4, arbitrary: fc.constantFrom(...INT64_TEXTS) },
  { weight: 1, arbitrary: deepValue },
);

/** Tensor `data`: flat or nested (ragged by chance), booleans and strings among numbers, or no array at all. */
export const tensorData: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(element, { maxLength: 12 }),
  fc.array(fc.array(element, { maxLength: 5 }), { maxLength: 4 }),
  fc.array(fc.array(fc.array(element, { maxLength: 3 }), { maxLength: 3 }), { maxLength: 3 }),
  fc.array(fc.oneof(element, fc.array(element, { maxLength: 4 })), { maxLength: 6 }),
  weirdValue,
);

const dim: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 8 }) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: -1 }) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 1e20, 1e300, 0.5, 2.5, -0, raw('1e400')) },
  // Strings the schema's type coercion turns into numbers, non-finite ones included.
  { weight: 1, arbitrary: fc.constantFrom('2', ' 3', '0x2', '1e1', 'Infinity', '-Infinity', '1e400', '-1') },
  { weight: 1, arbitrary: weirdScalar },
);
export const shape: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.array(dim, { maxLength: 9 }) },
  { weight: 1, arbitrary: weirdValue },
);

export const datatype: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...DATATYPES, 'BYTES', 'FP8', 'BF16', 'fp32', 'float32', 'TYPE_FP32', 'INT128', '') },
  { weight: 1, arbitrary: weirdScalar },
);

export const boolish: fc.Arbitrary<unknown> = fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'yes', 1, 0), weirdScalar);
export const count: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -2, max: 5 }),
  fc.constantFrom(100, 2 ** 31, 2 ** 53, 1e300, 0.5, '2', raw('1e400')),
  weirdScalar,
);

export const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>): fc.WeightedArbitrary<T> => ({ weight, arbitrary });

/** Mutations: set `value` at each path `at` gives, or remove what is there. */
export function at(path: Path | fc.Arbitrary<Path>, value: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> {
  const paths = Array.isArray(path) ? fc.constant(path as Path) : (path as fc.Arbitrary<Path>);
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ at: paths, value }) },
    { weight: 1, arbitrary: fc.record({ at: paths, remove: fc.constant(true as const) }) },
  );
}

/** An index path under `prefix`, e.g. ['inputs', 0, 'data', 3]. */
export const indexed = (prefix: Path, max = 8): fc.Arbitrary<Path> => fc.nat(max).map((i) => [...prefix, i]);

/** A field that no schema names, at the top level. */
export const extraField = (): fc.Arbitrary<Mutation> => at(key.map((k) => [k]), weirdValue);

/** Mostly null (keep what the valid request has), sometimes a value from `arb`. */
export const sometimes = <T>(arb: fc.Arbitrary<T>, oneIn = 6): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

/** A copy of `base` with the mutations applied in order; `base` is left alone. */
export function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  const holder: Record<string, unknown> = { root: structuredClone(base) };
  for (const { at: path, value, remove } of mutations) {
    let parent: Record<string | number, unknown> = holder;
    let field: string | number = 'root';
    for (const step of path) {
      const child = parent[field];
      if (typeof child !== 'object' || child === null) parent[field] = typeof step === 'number' ? [] : {};
      parent = parent[field] as Record<string | number, unknown>;
      field = step;
    }
    if (Array.isArray(parent) && field === APPEND) field = parent.length;
    if (remove && Array.isArray(parent) && typeof field === 'number') parent.splice(field, 1);
    else if (remove) delete parent[field];
    else parent[field] = structuredClone(value);
  }
  return holder.root;
}

// --- URLs ---

const LONG = 'a'.repeat(300);
/** Path segments a model name should never resolve from, raw (already percent-encoded where needed). */
export const badModelSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('nope', '..%2Fx', '%2e%2e', '%2E%2E%2Fetc%2Fpasswd', '..', '.', '%00', 'a%00b', '%zz', '%', 'a%2Fb', '%20'),
  fc.constantFrom('FIXTURE_MLP_LEAKY', 'digits_relu', 'a'.repeat(101), LONG, '%C3%A9', '%ED%A0%80', '~', 'x%3Apredict'),
  fc.string({ maxLength: 16 }).map(encodeURIComponent),
);

export const badVersionSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '3', '-1', '01', '1.0', '99999999999999999999', 'abc', '..', '%2e%2e', '%zz', '%20', LONG),
  fc.nat().map(String),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
);

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 16, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(undefined, 'application/json; charset=utf-8', 'application/octet-stream', 'text/plain', 'application/x-npy', 'multipart/form-data', 'json'),
  },
);

export function jsonRequest(url: string, body: unknown, type: string | undefined): FuzzRequest {
  return { url, headers: type === undefined ? {} : { 'content-type': type }, payload: toJsonText(body) };
}
