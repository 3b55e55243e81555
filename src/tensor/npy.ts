/**
 * NumPy .npy codec for float32 and float64 arrays.
 * Format spec: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

export type NpyDtype = 'FP32' | 'FP64';

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Float32Array | Float64Array;
}

/** A malformed or unsupported .npy payload; `field` names the part at fault. */
export class NpyError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`npy: ${message}`);
    this.name = 'NpyError';
    this.field = field;
  }
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const MAGIC_LEN = MAGIC.length + 2; // + major and minor version bytes
const ARRAY_ALIGN = 64;
// numpy leaves room after the header so the first axis can grow in place.
const GROWTH_AXIS_MAX_DIGITS = 21;
// numpy refuses longer headers (numpy.lib.format._MAX_HEADER_SIZE): literal parsing is not free.
const MAX_HEADER_SIZE = 10_000;
const SUPPORTED = "send '<f4' (float32) or '<f8' (float64)";

interface DtypeInfo {
  dtype: NpyDtype;
  itemsize: number;
}
const FP32: DtypeInfo = { dtype: 'FP32', itemsize: 4 };
const FP64: DtypeInfo = { dtype: 'FP64', itemsize: 8 };
// numpy itself always writes '<f4'/'<f8'; the other spellings mean "native order" and are read
// as little-endian, the order of every platform that writes them in practice.
const DTYPES: ReadonlyMap<string, DtypeInfo> = new Map([
  ['<f4', FP32], ['|f4', FP32], ['=f4', FP32], ['f4', FP32],
  ['<f8', FP64], ['|f8', FP64], ['=f8', FP64], ['f8', FP64],
]);

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function decodeNpy(buf: Buffer | Uint8Array): NpyArray {
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (bytes.length < MAGIC_LEN || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyError('magic', 'payload does not start with the .npy magic string \\x93NUMPY');
  }
  const [major, minor] = [bytes[6], bytes[7]];
  if (major < 1 || major > 3 || minor !== 0) {
    throw new NpyError('version', `format version ${major}.${minor} is not supported; expected 1.0, 2.0 or 3.0`);
  }
  const lengthSize = major === 1 ? 2 : 4;
  const headerStart = MAGIC_LEN + lengthSize;
  if (bytes.length < headerStart) throw new NpyError('header', 'payload ends inside the header length');
  const headerLength = major === 1 ? bytes.readUInt16LE(MAGIC_LEN) : bytes.readUInt32LE(MAGIC_LEN);
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) {
    throw new NpyError('header', `header of ${headerLength} bytes runs past the end of the ${bytes.length}-byte payload`);
  }
  if (headerLength > MAX_HEADER_SIZE) {
    throw new NpyError('header', `header of ${headerLength} bytes exceeds the ${MAX_HEADER_SIZE}-byte limit`);
  }
  const header = bytes.toString(major === 3 ? 'utf8' : 'latin1', headerStart, dataStart);
  const { info, shape } = canonicalHeader(header) ?? interpretHeader(parseHeader(header));

  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * info.itemsize;
  const actual = bytes.length - dataStart;
  if (actual !== expected) {
    const problem = actual < expected ? 'is truncated' : `has ${actual - expected} trailing bytes`;
    throw new NpyError('data', `data ${problem}: shape [${shape.join(',')}] of ${info.dtype} needs ${expected} bytes, got ${actual}`);
  }
  return { dtype: info.dtype, shape, data: readFloats(bytes, dataStart, count, info) };
}

/** A view on `bytes` when the payload is aligned for its element type, a copy otherwise. */
function readFloats(bytes: Buffer, offset: number, count: number, info: DtypeInfo): Float32Array | Float64Array {
  const byteOffset = bytes.byteOffset + offset;
  const aligned = LITTLE_ENDIAN_HOST && byteOffset % info.itemsize === 0;
  if (info.dtype === 'FP32' && aligned) return new Float32Array(bytes.buffer, byteOffset, count);
  if (info.dtype === 'FP64' && aligned) return new Float64Array(bytes.buffer, byteOffset, count);
  const view = new DataView(bytes.buffer, byteOffset, count * info.itemsize);
  if (info.dtype === 'FP32') {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/**
 * numpy writes one header form, `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`:
 * read it with one regular expression and leave everything else to the general parser, which
 * also words the errors. This path is most of a small request's decode time otherwise.
 */
const CANONICAL_HEADER = /^\{'descr': '([<|=]?f[48])', 'fortran_order': False, 'shape': \(((?:\d+, )*\d+,?)?\), \} *\n?$/;

function canonicalHeader(text: string): { info: DtypeInfo; shape: number[] } | undefined {
  const match = CANONICAL_HEADER.exec(text);
  const info = match ? DTYPES.get(match[1]) : undefined;
  if (!match || !info) return undefined;
  const dims = match[2] ?? '';
  const parts = dims.split(',').filter((part) => part !== '');
  // "(5)" is the integer 5 in Python, not a tuple: the general parser reports it.
  if (parts.length === 1 && !dims.endsWith(',')) return undefined;
  const shape = parts.map(Number);
  return shape.every(Number.isSafeInteger) ? { info, shape } : undefined;
}

function interpretHeader(header: PyValue): { info: DtypeInfo; shape: number[] } {
  if (!(header instanceof Map)) throw new NpyError('header', 'header is not a dictionary');
  const keys = [...header.keys()].sort();
  if (keys.join() !== 'descr,fortran_order,shape') {
    throw new NpyError('header', `header keys must be 'descr', 'fortran_order' and 'shape'; got ${keys.map((k) => `'${k}'`).join(', ')}`);
  }
  const descr = header.get('descr');
  const info = typeof descr === 'string' ? DTYPES.get(descr) : undefined;
  if (info === undefined) {
    const shown = typeof descr === 'string' ? `'${descr}'` : 'of a structured type';
    const why = typeof descr === 'string' && /^>f[48]$/.test(descr) ? ' (big-endian)' : '';
    throw new NpyError('descr', `dtype ${shown}${why} is not supported; ${SUPPORTED}`);
  }
  const fortranOrder = header.get('fortran_order');
  if (typeof fortranOrder !== 'boolean') throw new NpyError('fortran_order', 'fortran_order is not True or False');
  if (fortranOrder) {
    throw new NpyError('fortran_order', 'fortran_order True is not supported; save a C-ordered array (np.ascontiguousarray)');
  }
  const shape = header.get('shape');
  if (!(shape instanceof PyTuple)) throw new NpyError('shape', 'shape is not a tuple');
  const dims = shape.items.map((dim) => {
    if (typeof dim !== 'bigint' || dim < 0n || dim > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new NpyError('shape', `shape (${shape.items.map(String).join(', ')}) must hold non-negative integers`);
    }
    return Number(dim);
  });
  return { info, shape: dims };
}

function checkShape(shape: readonly number[]): number {
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new NpyError('shape', `shape [${shape.join(',')}] must hold non-negative integers`);
  }
  return shape.reduce((a, b) => a * b, 1);
}

export function encodeNpy(data: Float32Array | Float64Array, shape: readonly number[]): Buffer {
  const count = checkShape(shape);
  if (count !== data.length) {
    throw new NpyError('shape', `shape [${shape.join(',')}] holds ${count} elements but data has ${data.length}`);
  }
  const npy = allocateNpy(data instanceof Float32Array ? 'FP32' : 'FP64', shape);
  npy.data.set(data);
  return npy.bytes;
}

/**
 * A .npy file of `shape` whose data the caller fills through `data`, a view on the file's
 * bytes: a kernel can write its output straight into the reply, with no copy after.
 * The header is numpy's own, so the bytes are what np.save would write.
 */
export function allocateNpy(dtype: NpyDtype, shape: readonly number[]): { bytes: Buffer; data: Float32Array | Float64Array } {
  const count = checkShape(shape);
  const itemsize = dtype === 'FP32' ? 4 : 8;
  const descr = dtype === 'FP32' ? '<f4' : '<f8';
  const shapeRepr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr}, }`;
  if (shape.length > 0) header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));

  // Like numpy: version 1.0 unless the header outgrows its 16-bit length; pad with 1 to 64
  // spaces and a newline so the data starts on a 64-byte boundary.
  let major = 1;
  let padding = ARRAY_ALIGN - ((MAGIC_LEN + 2 + header.length + 1) % ARRAY_ALIGN);
  if (header.length + 1 + padding > 0xffff) {
    major = 2;
    padding = ARRAY_ALIGN - ((MAGIC_LEN + 4 + header.length + 1) % ARRAY_ALIGN);
  }
  const lengthSize = major === 1 ? 2 : 4;
  const headerLength = header.length + padding + 1;
  const dataStart = MAGIC_LEN + lengthSize + headerLength;
  // Its own ArrayBuffer, so the data view is aligned (a pooled Buffer's offset need not be);
  // unzeroed, since the header is written now and the caller fills the rest.
  const bytes = Buffer.allocUnsafeSlow(dataStart + count * itemsize);
  bytes.set(MAGIC, 0);
  bytes[6] = major;
  bytes[7] = 0;
  if (major === 1) bytes.writeUInt16LE(headerLength, MAGIC_LEN);
  else bytes.writeUInt32LE(headerLength, MAGIC_LEN);
  bytes.write(`${header}${' '.repeat(padding)}\n`, MAGIC_LEN + lengthSize, 'latin1');
  if (!LITTLE_ENDIAN_HOST) throw new NpyError('host', 'writing .npy needs a little-endian host');
  const data =
    dtype === 'FP32'
      ? new Float32Array(bytes.buffer, bytes.byteOffset + dataStart, count)
      : new Float64Array(bytes.buffer, bytes.byteOffset + dataStart, count);
  return { bytes, data };
}

// --- The header: a Python literal (dict of str, bool, tuple of int), parsed without eval. ---

class PyTuple {
  constructor(readonly items: PyValue[]) {}
}
type PyValue = string | bigint | number | boolean | null | PyTuple | PyValue[] | Map<string, PyValue>;

/** Python's tokenizer refuses more than 200 nested brackets (MAXLEVEL); the parser below recurses per bracket. */
const MAX_NESTING = 200;

const TOKEN = /\s*(?:(['"])((?:(?!\1)[^\\])*)\1|(-?\d+)L?(?![\d.eE])|(-?\d+\.?\d*(?:[eE][-+]?\d+)?)|(True|False|None)\b|([{}()[\],:]))/y;

function parseHeader(text: string): PyValue {
  const fail = (what: string, at: number): never => {
    const shown = JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}...` : text);
    throw new NpyError('header', `header does not parse: ${what} at offset ${at} in ${shown}`);
  };
  let pos = 0;
  const next = (): RegExpExecArray | null => {
    TOKEN.lastIndex = pos;
    return TOKEN.exec(text);
  };
  const expectPunct = (): string => {
    const m = next();
    if (m?.[6] === undefined) return fail('expected punctuation', pos);
    pos = TOKEN.lastIndex;
    return m[6];
  };
  const items = (close: string): { values: PyValue[]; trailingComma: boolean } => {
    const values: PyValue[] = [];
    for (;;) {
      if (next()?.[6] === close) { pos = TOKEN.lastIndex; return { values, trailingComma: true }; }
      values.push(value());
      const punct = expectPunct();
      if (punct === close) return { values, trailingComma: false };
      if (punct !== ',') fail(`expected ',' or '${close}'`, pos - 1);
    }
  };
  let depth = 0;
  // Each bracket nests one more call of value(): bounded here, as Python bounds it, before the stack is.
  const value = (): PyValue => {
    if (++depth > MAX_NESTING) fail(`more than ${MAX_NESTING} nested brackets`, pos);
    try {
      return literal();
    } finally {
      depth--;
    }
  };
  const literal = (): PyValue => {
    const m = next();
    if (m === null) return fail('unexpected input', pos);
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) return m[2];
    if (m[3] !== undefined) return BigInt(m[3]);
    if (m[4] !== undefined) return Number(m[4]);
    if (m[5] !== undefined) return m[5] === 'None' ? null : m[5] === 'True';
    if (m[6] === '[') return items(']').values;
    if (m[6] === '(') {
      const { values, trailingComma } = items(')');
      // "(5)" is just 5 in Python; "(5,)" and "()" are tuples.
      return values.length === 1 && !trailingComma ? values[0] : new PyTuple(values);
    }
    if (m[6] === '{') {
      const dict = new Map<string, PyValue>();
      for (;;) {
        if (next()?.[6] === '}') { pos = TOKEN.lastIndex; return dict; }
        const keyAt = pos;
        const key = value();
        if (typeof key !== 'string') fail('dictionary key is not a string', keyAt);
        if (expectPunct() !== ':') fail("expected ':'", pos - 1);
        dict.set(key as string, value());
        const punct = expectPunct();
        if (punct === '}') return dict;
        if (punct !== ',') fail("expected ',' or '}'", pos - 1);
      }
    }
    return fail(`unexpected '${m[6]}'`, pos - 1);
  };
  const result = value();
  if (text.slice(pos).trim() !== '') fail('unexpected trailing text', pos);
  return result;
}
