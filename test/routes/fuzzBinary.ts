/**
 * Generated binary bodies: Triton's binary tensor extension (a JSON header of
 * Inference-Header-Content-Length bytes, then raw tensors) and .npy files for the activation
 * routes, each a valid body broken on purpose: wrong lengths, cut or padded tails, flipped
 * bytes, odd headers, or random bytes altogether.
 */
import fc from 'fast-check';
import { encodeNpy } from '../../src/tensor/npy.js';
import { type FuzzRequest, type Mutation, mutate, sometimes, toJsonText, weighted } from './fuzzArbitraries.js';
import { activationName, activationQuery, inferMutation } from './fuzzRequests.js';

interface BinaryBase {
  path: string;
  header: { inputs: object[]; [key: string]: unknown };
  tensors: Uint8Array[];
}

const bytesOf = (t: ArrayBufferView): Uint8Array => new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
const binaryInput = (name: string, datatype: string, shape: number[], tensor: Uint8Array) => ({
  name,
  datatype,
  shape,
  parameters: { binary_data_size: tensor.byteLength },
});

const RELU_IN = bytesOf(new Float32Array([-2, -0.5, 0, 3.25, -1e30, 1e-30, 65504, 7]));
const MLP_IN = bytesOf(new Float32Array([5.1, 3.5, 1.4, 0.2, -1, 0, 2.5, -3]));
const DTYPE_TENSORS: [string, string, Uint8Array][] = [
  ['fp32_in', 'FP32', bytesOf(new Float32Array([NaN, -0]))],
  ['fp64_in', 'FP64', bytesOf(new Float64Array([Number.MIN_VALUE, -Infinity]))],
  ['fp16_in', 'FP16', bytesOf(new Uint16Array([0x7e01, 0x8001]))],
  ['int64_in', 'INT64', bytesOf(new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]))],
  ['int32_in', 'INT32', bytesOf(new Int32Array([-1, 2 ** 31 - 1]))],
  ['int8_in', 'INT8', bytesOf(new Int8Array([-128, 127]))],
  ['uint8_in', 'UINT8', bytesOf(new Uint8Array([0, 255]))],
  ['bool_in', 'BOOL', bytesOf(new Uint8Array([0, 1]))],
];

/** Valid binary requests: binary in, binary or JSON out. */
const BINARY_BASES: BinaryBase[] = [
  {
    path: '/v2/models/fixture_relu_identity/versions/2/infer',
    header: { inputs: [binaryInput('x', 'FP32', [8], RELU_IN)], outputs: [{ name: 'y', parameters: { binary_data: true } }] },
    tensors: [RELU_IN],
  },
  {
    path: '/v2/models/fixture_mlp_leaky/infer',
    header: { id: 'b', inputs: [binaryInput('x', 'FP32', [2, 4], MLP_IN)] },
    tensors: [MLP_IN],
  },
  {
    path: '/v2/models/fixture_identity_dtypes/infer',
    header: {
      inputs: DTYPE_TENSORS.map(([name, dt, t]) => binaryInput(name, dt, [1, 2], t)),
      parameters: { binary_data_output: true },
    },
    tensors: DTYPE_TENSORS.map(([, , t]) => t),
  },
];

/** Unmutated binary requests, each of which must get a 200: every binary base, and a .npy file. */
export const STARTING_BINARY_REQUESTS: FuzzRequest[] = [
  ...BINARY_BASES.map(({ path, header, tensors }) => {
    const json = Buffer.from(JSON.stringify(header));
    return { url: path, headers: { 'inference-header-content-length': String(json.length) }, payload: Buffer.concat([json, ...tensors]) };
  }),
  {
    url: '/v1/activations/prelu?slope=0.1,0.2',
    headers: { 'content-type': 'application/x-npy', accept: 'application/x-npy' },
    payload: encodeNpy(new Float64Array([1, -2, 3, -4]), [2, 2]),
  },
];

type Tail = { kind: 'exact' } | { kind: 'truncate'; bytes: number } | { kind: 'append'; bytes: Uint8Array } | { kind: 'set'; at: number; byte: number };
const tail: fc.Arbitrary<Tail> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'exact' as const }) },
  fc.record({ kind: fc.constant('truncate' as const), bytes: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(200), byte: fc.integer({ min: 0, max: 255 }) }),
);

function withTail(body: Buffer, change: Tail): Buffer {
  if (change.kind === 'truncate') return body.subarray(0, Math.max(0, body.length - change.bytes));
  if (change.kind === 'append') return Buffer.concat([body, change.bytes]);
  if (change.kind === 'set' && body.length > 0) {
    const copy = Buffer.from(body);
    copy[change.at % copy.length] = change.byte;
    return copy;
  }
  return body;
}

/** The Inference-Header-Content-Length to send: the true one moved by a delta, odd text, or none. */
const headerLength: fc.Arbitrary<number | string | null> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: -24, max: 24 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('0', '-1', 'abc', '', '1e3', ' 12', '0x10', '+5', '5,5', '99999999999999999999', 'body+1', null),
  },
);

const binaryContentType = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(undefined, 'application/octet-stream') },
  { weight: 1, arbitrary: fc.constantFrom('application/json', 'text/plain', 'application/x-npy') },
);

export const binaryInferRequest: fc.Arbitrary<FuzzRequest> = fc.constantFrom(...BINARY_BASES).chain(({ path, header, tensors }) =>
  fc
    .record({
      mutations: fc.array(inferMutation(tensors.length), { maxLength: 2 }),
      sizeChange: sometimes(fc.tuple(fc.nat(tensors.length - 1), fc.integer({ min: -9, max: 9 })), 3),
      headerLength,
      tail,
      type: binaryContentType,
      whole: sometimes(fc.uint8Array({ maxLength: 300 }), 10),
    })
    .map(({ mutations, sizeChange, headerLength: length, tail: change, type, whole }) => {
      const sizes: Mutation[] = [];
      if (sizeChange !== null) {
        const [i, delta] = sizeChange;
        sizes.push({ at: ['inputs', i, 'parameters', 'binary_data_size'], value: tensors[i].byteLength + delta });
      }
      const json = Buffer.from(toJsonText(mutate(header, [...sizes, ...mutations])));
      const body = whole === null ? withTail(Buffer.concat([json, ...tensors]), change) : Buffer.from(whole);
      const headers: Record<string, string> = {};
      if (type !== undefined) headers['content-type'] = type;
      if (typeof length === 'number') headers['inference-header-content-length'] = String(json.length + length);
      else if (length === 'body+1') headers['inference-header-content-length'] = String(body.length + 1);
      else if (length !== null) headers['inference-header-content-length'] = length;
      return { url: path, headers, payload: body };
    }),
);

// --- .npy bodies for POST /v1/activations/{name} ---

/** A .npy file with the given version bytes and header text, declared header length and data. */
function npyFile(major: number, minor: number, header: string, data: Uint8Array, declared?: number): Buffer {
  const text = Buffer.from(header, 'latin1');
  const lengthSize = major === 1 ? 2 : 4;
  const prefix = Buffer.alloc(8 + lengthSize);
  prefix.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, minor]);
  if (lengthSize === 2) prefix.writeUInt16LE((declared ?? text.length) & 0xffff, 8);
  else prefix.writeUInt32LE((declared ?? text.length) >>> 0, 8);
  return Buffer.concat([prefix, text, data]);
}

const headerText: fc.Arbitrary<string> = fc.oneof(
  weighted(
    4,
    fc
      .record({
        descr: fc.constantFrom("'<f4'", "'<f8'", "'>f4'", "'<i4'", "'|b1'", "'<f2'", "'O'", "[('a', '<f4')]", 'None', '1', "'f4'"),
        fortran: fc.constantFrom('False', 'True', '0', 'None', "'False'"),
        shape: fc.constantFrom(
          '()', '(3,)', '(3)', '(2, 3)', '(2, 3, 1)', '(-1,)', '(0,)', '(99999999999999999999,)', '(1e3,)', '(2.5,)', '[2, 3]',
          "('a',)", '(0, 99999999999)', '(4294967296, 4294967296)', '(9007199254740993,)', '((2,),)', '(0, 0, 0, 0, 0, 0, 0, 0, 0)',
        ),
        extra: fc.constantFrom('', '', ", 'extra': 1", ", 'descr': '<f8'"),
      })
      .map(({ descr, fortran, shape, extra }) => `{'descr': ${descr}, 'fortran_order': ${fortran}, 'shape': ${shape}${extra}, }\n`),
  ),
  // Nesting as deep as the 10,000-byte header limit allows: a recursive parser must not overflow the stack.
  weighted(2, fc.tuple(fc.constantFrom('[', '(', '{'), fc.constantFrom(10, 1000, 9000)).map(([open, depth]) => open.repeat(depth))),
  weighted(1, fc.string({ maxLength: 60 })),
  weighted(
    1,
    fc.constantFrom('', '{', "{'descr': '<f4'", "{'shape': (2,), 'fortran_order': False}", '{}', "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }"),
  ),
);

type NpyChange =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; bytes: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'header'; text: string; version: number }
  | { kind: 'declared'; length: number };

const npyChange: fc.Arbitrary<NpyChange> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(400), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), bytes: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('header' as const), text: headerText, version: fc.oneof(weighted(8, fc.constantFrom(1, 2, 3)), weighted(1, fc.constantFrom(0, 4))) }),
  fc.record({ kind: fc.constant('declared' as const), length: fc.oneof(fc.nat(200), fc.constantFrom(0xffff, 10001)) }),
);

function applyNpyChange(body: Buffer, data: Uint8Array, change: NpyChange): Buffer {
  switch (change.kind) {
    case 'flip': {
      const copy = Buffer.from(body);
      if (copy.length > 0) copy[change.at % copy.length] = change.byte;
      return copy;
    }
    case 'truncate':
      return body.subarray(0, Math.max(0, body.length - change.bytes));
    case 'append':
      return Buffer.concat([body, change.bytes]);
    case 'header':
      return npyFile(change.version, 0, change.text, data);
    case 'declared': {
      const copy = Buffer.from(body);
      if (copy.length >= 10) copy.writeUInt16LE(change.length & 0xffff, 8);
      return copy;
    }
  }
}

const npyBody: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        fp64: fc.boolean(),
        shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
        values: fc.array(fc.double(), { minLength: 1, maxLength: 8 }),
        changes: fc.array(npyChange, { maxLength: 3 }),
      })
      .map(({ fp64, shape, values, changes }) => {
        const size = shape.reduce((a, b) => a * b, 1);
        const filled = Array.from({ length: size }, (_, i) => values[i % values.length]);
        const array = fp64 ? new Float64Array(filled) : new Float32Array(filled);
        return changes.reduce((body, change) => applyNpyChange(body, bytesOf(array), change), encodeNpy(array, shape));
      }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
);

export const npyActivationRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    name: activationName,
    query: sometimes(activationQuery, 4),
    body: npyBody,
    type: fc.oneof(
      { weight: 12, arbitrary: fc.constant('application/x-npy') },
      { weight: 1, arbitrary: fc.constantFrom('application/octet-stream', 'application/json', undefined) },
    ),
    accept: fc.constantFrom(undefined, 'application/x-npy', 'application/x-npy', 'application/json', '*/*'),
  })
  .map(({ name, query, body, type, accept }) => {
    const headers: Record<string, string> = {};
    if (type !== undefined) headers['content-type'] = type;
    if (accept !== undefined) headers.accept = accept;
    return { url: `/v1/activations/${name}${query === null ? '' : `?${query}`}`, headers, payload: body };
  });
