/**
 * JSON tensor data <-> typed arrays for every OIP datatype. `data` arrives flat (row-major) or
 * nested to match `shape`; each element is checked while it is copied, and a bad one is named
 * (`inputs[0].data[5] is "x"; expected a number`). The route schema does not type elements.
 *
 * FP32 and FP64 go through src/tensor/jsonTensor.ts, the activation routes' parser, unchanged.
 * Non-finite floats are the strings "NaN", "Infinity", "-Infinity" both ways. INT64 and UINT64
 * accept integer numbers or decimal strings (exact beyond 2^53) and are written back exactly.
 */
import { InvalidTensor } from '../errors.js';
import type { Datatype, TypedData } from '../model/types.js';
import { checkDataFits, isFlat, jsonNumber, NON_FINITE, parseJsonTensor, quoteValue, walkNested } from '../tensor/jsonTensor.js';
import { checkElementLimit } from '../tensor/shape.js';
import { fromHalfBits, toHalfBits } from './fp16.js';

const INTEGER_STRING = /^-?\d+$/;

type Convert<T> = (value: unknown) => T | undefined;

interface IntegerType {
  Ctor: Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor;
  min: number;
  max: number;
}

const SMALL_INTEGERS: Partial<Record<Datatype, IntegerType>> = {
  INT8: { Ctor: Int8Array, min: -128, max: 127 },
  INT16: { Ctor: Int16Array, min: -32768, max: 32767 },
  INT32: { Ctor: Int32Array, min: -2147483648, max: 2147483647 },
  UINT8: { Ctor: Uint8Array, min: 0, max: 255 },
  UINT16: { Ctor: Uint16Array, min: 0, max: 65535 },
  UINT32: { Ctor: Uint32Array, min: 0, max: 4294967295 },
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function integerIn({ min, max }: IntegerType): Convert<number> {
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined);
}

function bigIntegerIn(min: bigint, max: bigint): Convert<bigint> {
  return (v) => {
    let big: bigint;
    if (typeof v === 'number' && Number.isInteger(v)) big = BigInt(v);
    else if (typeof v === 'string' && INTEGER_STRING.test(v)) big = BigInt(v);
    else return undefined;
    return big >= min && big <= max ? big : undefined;
  };
}

const toBool: Convert<number> = (v) => (v === true || v === 1 ? 1 : v === false || v === 0 ? 0 : undefined);

const toHalf: Convert<number> = (v) => {
  if (typeof v === 'number') return toHalfBits(v);
  return typeof v === 'string' && v in NON_FINITE ? toHalfBits(NON_FINITE[v]) : undefined;
};

interface Writable<T> {
  [index: number]: T;
}

/** Copies flat or nested `data` into `out`, converting and checking each element. */
function fill<T>(
  field: string,
  shape: readonly number[],
  data: unknown[],
  size: number,
  out: Writable<T>,
  convert: Convert<T>,
  expected: string,
): void {
  const put = (index: number, value: unknown): void => {
    const converted = convert(value);
    if (converted === undefined) {
      throw new InvalidTensor(`${field}.data[${index}] is ${quoteValue(value)}; expected ${expected}`);
    }
    out[index] = converted;
  };
  if (isFlat(data)) {
    for (let i = 0; i < size; i++) put(i, data[i]);
    return;
  }
  walkNested(field, shape, data, put);
}

/** The typed array for one JSON tensor; `field` names it in errors (`inputs[0]`). */
export function parseJsonData(
  field: string,
  datatype: Datatype,
  shape: readonly number[],
  data: unknown,
  maxElements: number,
): TypedData {
  if (datatype === 'FP32' || datatype === 'FP64') return parseJsonTensor(field, shape, datatype, data, maxElements);
  const size = checkElementLimit(field, shape, maxElements);
  if (!Array.isArray(data)) {
    throw new InvalidTensor(`${field}.data must be an array (flat or nested), got ${typeof data}`);
  }
  checkDataFits(field, shape, data, size);
  switch (datatype) {
    case 'BOOL': {
      const out = new Uint8Array(size);
      fill(field, shape, data, size, out, toBool, 'true or false');
      return out;
    }
    case 'FP16': {
      const out = new Uint16Array(size);
      fill(field, shape, data, size, out, toHalf, 'a number');
      return out;
    }
    case 'INT64': {
      const out = new BigInt64Array(size);
      fill(field, shape, data, size, out, bigIntegerIn(INT64_MIN, INT64_MAX), 'an integer in [-2^63, 2^63-1]');
      return out;
    }
    case 'UINT64': {
      const out = new BigUint64Array(size);
      fill(field, shape, data, size, out, bigIntegerIn(0n, UINT64_MAX), 'an integer in [0, 2^64-1]');
      return out;
    }
    default: {
      const integer = SMALL_INTEGERS[datatype] as IntegerType;
      const out = new integer.Ctor(size);
      const expected = `an integer in [${integer.min}, ${integer.max}] for ${datatype}`;
      fill(field, shape, data, size, out, integerIn(integer), expected);
      return out;
    }
  }
}

function floatText(v: number): string {
  return v - v === 0 ? String(v) : Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

/** Each element as JSON text: exact digits for 64-bit integers, which JSON.stringify cannot write. */
function elementTexts(datatype: Datatype, data: TypedData): string[] {
  const out = new Array<string>(data.length);
  if (datatype === 'BOOL') {
    for (let i = 0; i < data.length; i++) out[i] = data[i] ? 'true' : 'false';
  } else if (datatype === 'FP16') {
    for (let i = 0; i < data.length; i++) out[i] = floatText(fromHalfBits(data[i] as number));
  } else if (datatype === 'FP32' || datatype === 'FP64') {
    for (let i = 0; i < data.length; i++) out[i] = floatText(data[i] as number);
  } else {
    for (let i = 0; i < data.length; i++) out[i] = String(data[i]);
  }
  return out;
}

/** The JSON text of a flat `data` array. */
export function jsonDataText(datatype: Datatype, data: TypedData): string {
  return `[${elementTexts(datatype, data).join(',')}]`;
}

/** Flat JS values (for routes that build objects): 64-bit integers become numbers. */
export function jsonDataValues(datatype: Datatype, data: TypedData): (number | string | boolean)[] {
  const out = new Array<number | string | boolean>(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = datatype === 'FP16' ? fromHalfBits(data[i] as number) : data[i];
    if (datatype === 'BOOL') out[i] = v !== 0;
    else if (typeof v === 'bigint') out[i] = Number(v);
    else out[i] = jsonNumber(v);
  }
  return out;
}
