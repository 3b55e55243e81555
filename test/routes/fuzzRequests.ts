/**
 * Generated JSON requests for the inference and activation routes, each a valid request for a
 * fixture model (or activation) put through a few mutations (test/routes/fuzzArbitraries.ts).
 */
import fc from 'fast-check';
import {
  APPEND,
  at,
  badModelSegment,
  badVersionSegment,
  boolish,
  contentType,
  count,
  datatype,
  deepValue,
  element,
  extraField,
  type FuzzRequest,
  indexed,
  jsonRequest,
  type Mutation,
  mutate,
  weighted,
  shape,
  sometimes,
  tensorData,
  weirdScalar,
  weirdValue,
} from './fuzzArbitraries.js';

const image = Array.from({ length: 6 }, (_, y) => Array.from({ length: 6 }, (_, x) => (x - y) / 6));

/** One valid infer request per fixture model (test/fixtures/models/serving). */
export const VALID_INFER: Record<string, { inputs: object[]; [field: string]: unknown }> = {
  fixture_mlp_leaky: {
    id: 'fuzz',
    inputs: [{ name: 'x', shape: [2, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2, -1, 0, 2.5, -3] }],
    outputs: [{ name: 'probs' }],
  },
  fixture_relu_identity: { inputs: [{ name: 'x', shape: [4], datatype: 'FP32', data: [-2, -0.5, 0, 3] }] },
  fixture_prelu_conv: { inputs: [{ name: 'x', shape: [1, 1, 6, 6], datatype: 'FP32', data: [[image]] }] },
  fixture_identity_dtypes: {
    inputs: [
      { name: 'fp32_in', datatype: 'FP32', shape: [1, 2], data: [0.1, 'NaN'] },
      { name: 'fp64_in', datatype: 'FP64', shape: [1, 2], data: [0.1, '-Infinity'] },
      { name: 'fp16_in', datatype: 'FP16', shape: [1, 2], data: [1.5, 'Infinity'] },
      { name: 'int64_in', datatype: 'INT64', shape: [1, 2], data: ['9223372036854775807', '-9223372036854775808'] },
      { name: 'int32_in', datatype: 'INT32', shape: [1, 2], data: [[-2147483648, 2147483647]] },
      { name: 'int8_in', datatype: 'INT8', shape: [1, 2], data: [-128, 127] },
      { name: 'uint8_in', datatype: 'UINT8', shape: [1, 2], data: [0, 255] },
      { name: 'bool_in', datatype: 'BOOL', shape: [1, 2], data: [true, false] },
    ],
    outputs: [{ name: 'int64_out' }, { name: 'fp16_out' }],
  },
};
export const FIXTURE_MODELS = Object.keys(VALID_INFER);

const inputName = fc.oneof(fc.constantFrom('x', 'y', 'probs', 'fp32_in', 'bool_in', '', 'X', 'x '), fc.string({ maxLength: 8 }));
const outputName = fc.oneof(fc.constantFrom('probs', 'y', 'features', 'fp32_out', 'int64_out', 'bool_out', 'nope', ''), fc.string({ maxLength: 8 }));
const input = (i: number) => ['inputs', i] as const;

const outputRequest = fc.record(
  { name: outputName, parameters: fc.record({ binary_data: boolish, classification: count }, { requiredKeys: [] }) },
  { requiredKeys: ['name'] },
);

/**
 * Mutations of an infer request with `inputs` inputs. Field-level ones outweigh whole-body
 * ones, so that most requests get past the schema and reach decoding and the model.
 */
export function inferMutation(inputs: number): fc.Arbitrary<Mutation> {
  const some = fc.nat(inputs - 1);
  return fc.oneof(
    weighted(1, at([], weirdValue)),
    weighted(1, at(['inputs'], fc.oneof(weirdValue, fc.constant([])))),
    weighted(1, at(some.map(input), weirdValue)),
    weighted(2, at(['inputs', APPEND], fc.record({ name: inputName, shape, datatype, data: tensorData }))),
    weighted(2, at(some.map((i) => [...input(i), 'name']), inputName)),
    weighted(3, at(some.map((i) => [...input(i), 'shape']), shape)),
    weighted(3, at(some.chain((i) => indexed([...input(i), 'shape'], 4)), fc.oneof(fc.integer({ min: -2, max: 9 }), weirdScalar))),
    weighted(3, at(some.map((i) => [...input(i), 'datatype']), datatype)),
    weighted(4, at(some.map((i) => [...input(i), 'data']), tensorData)),
    weighted(4, at(some.chain((i) => indexed([...input(i), 'data'], 9)), fc.oneof(weighted(2, element), weighted(1, fc.array(element, { maxLength: 5 })), weighted(2, deepValue)))),
    weighted(1, at(some.map((i) => [...input(i), 'parameters']), weirdValue)),
    weighted(2, at(some.map((i) => [...input(i), 'parameters', 'binary_data_size']), count)),
    weighted(1, at([...input(0), 'parameters', 'shared_memory_region'], weirdScalar)),
    weighted(1, at(['outputs'], weirdValue)),
    weighted(4, at(['outputs'], fc.array(outputRequest, { minLength: 1, maxLength: 3 }))),
    weighted(1, at(['outputs', 0, 'parameters'], weirdValue)),
    weighted(1, at(['parameters'], weirdValue)),
    weighted(2, at(['parameters', 'binary_data_output'], boolish)),
    weighted(2, at(['parameters', 'backend'], fc.oneof(fc.constantFrom('native', 'onnxruntime', 'tensorflow', '', 'NATIVE'), weirdScalar))),
    weighted(1, at(['id'], weirdValue)),
    weighted(2, extraField()),
  );
}

/** `/v2/models/{m}[/versions/{v}]`, mostly the fixture's own address. */
function modelPath(model: string): fc.Arbitrary<string> {
  return fc
    .record({
      name: sometimes(badModelSegment, 5),
      version: sometimes(fc.oneof(fc.constantFrom('1', '2'), badVersionSegment), 3),
    })
    .map(({ name, version }) => `/v2/models/${name ?? model}${version === null ? '' : `/versions/${version}`}`);
}

export const inferJsonRequest: fc.Arbitrary<FuzzRequest> = fc.constantFrom(...FIXTURE_MODELS).chain((model) =>
  fc
    .record({
      path: modelPath(model),
      mutations: fc.array(inferMutation(VALID_INFER[model].inputs.length), { maxLength: 3 }),
      type: contentType,
    })
    .map(({ path, mutations, type }) => jsonRequest(`${path}/infer`, mutate(VALID_INFER[model], mutations), type)),
);

// --- POST /v1/models/{m}:predict ---

const VALID_INSTANCES: Record<string, unknown[]> = {
  fixture_mlp_leaky: [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]],
  fixture_relu_identity: [-1, 2, -3],
  fixture_prelu_conv: [[image]],
  fixture_identity_dtypes: [[1, 2]],
};

const predictMutation: fc.Arbitrary<Mutation> = fc.oneof(
  at([], weirdValue),
  at(['instances'], fc.oneof(tensorData, fc.constant([]))),
  at(indexed(['instances'], 3), fc.oneof(tensorData, element, deepValue)),
  at(fc.tuple(fc.nat(2), fc.nat(4)).map(([i, j]) => ['instances', i, j]), fc.oneof(element, tensorData)),
  at(fc.tuple(fc.nat(1), fc.nat(6)).map(([i, j]) => ['instances', i, 0, j]), fc.oneof(element, tensorData)),
  extraField(),
);

const topK = fc.constantFrom('1', '2', '3', '0', '-1', '1.5', 'abc', '', '1e400', '99999999999999999999', '2&top_k=3', '2&foo=1');

/** fixture_identity_dtypes has eight inputs: :predict refuses it whatever the instances, so it comes up less. */
const predictModel = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('fixture_mlp_leaky', 'fixture_relu_identity', 'fixture_prelu_conv') },
  { weight: 1, arbitrary: fc.constant('fixture_identity_dtypes') },
);

export const predictRequest: fc.Arbitrary<FuzzRequest> = predictModel.chain((model) =>
  fc
    .record({
      name: sometimes(fc.oneof(badModelSegment, fc.constantFrom('a:b', '', 'fixture_mlp_leaky:explain')), 5),
      query: sometimes(topK, 3),
      mutations: fc.array(predictMutation, { maxLength: 3 }),
      type: contentType,
    })
    .map(({ name, query, mutations, type }) => {
      const url = `/v1/models/${name ?? model}:predict${query === null ? '' : `?top_k=${query}`}`;
      return jsonRequest(url, mutate({ instances: VALID_INSTANCES[model] }, mutations), type);
    }),
);

// --- POST /v1/activations/{name}, JSON ---

const ACTIVATION_NAMES = ['relu', 'leaky_relu', 'prelu', 'elu', 'selu', 'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu'];
export const activationName: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ACTIVATION_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom('swish', 'RELU', '%2e%2e', '..%2Frelu', '%zz', 'a'.repeat(300), 'relu%00') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map(encodeURIComponent) },
);

/** A query string: mostly the parameters the route knows, with awkward values; sometimes junk. */
export const activationQuery: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom('alpha', 'gamma', 'slope', 'gradient', 'stats', 'beta', ''), fc.string({ maxLength: 5 })),
        fc.oneof(
          fc.constantFrom('0.1', '-1', 'abc', '', 'NaN', 'Infinity', '1e400', 'true', 'false', '0.1,0.2,0.3', '0.1,,0.3', ',', '1,2', '0'),
          fc.string({ maxLength: 8 }),
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
  fc.constantFrom('%zz', '&&==', 'alpha', 'alpha=1&alpha=2', 'slope=%2C', 'gradient=1&stats=0'),
);

const validActivation = (name: string): object => ({
  input: { shape: [2, 3], datatype: 'FP32', data: [1, -2, 3, -4, 5, -6] },
  ...(/^p?relu$/i.test(name) ? {} : { parameters: { alpha: 0.5 } }),
  ...(name.toLowerCase() === 'prelu' ? { slope: [0.1, 0.2, 0.3] } : {}),
  grad_output: { shape: [2, 3], data: [[1, 1, 1], [2, 2, 2]] },
  gradient: true,
  stats: true,
});

const slope = fc.oneof(weirdScalar, fc.array(element, { maxLength: 5 }), fc.record({ shape, data: tensorData }), weirdValue);
const activationMutation: fc.Arbitrary<Mutation> = fc.oneof(
  weighted(1, at([], weirdValue)),
  weighted(1, at(['input'], weirdValue)),
  weighted(3, at(['input', 'shape'], shape)),
  weighted(3, at(indexed(['input', 'shape'], 3), fc.oneof(fc.integer({ min: -2, max: 9 }), weirdScalar))),
  weighted(2, at(['input', 'datatype'], datatype)),
  weighted(3, at(['input', 'data'], tensorData)),
  weighted(3, at(indexed(['input', 'data'], 6), fc.oneof(element, deepValue))),
  weighted(1, at(['parameters'], weirdValue)),
  weighted(3, at(fc.constantFrom('alpha', 'gamma', 'beta', 'slope').map((p) => ['parameters', p]), fc.oneof(element, weirdValue))),
  weighted(3, at(['slope'], slope)),
  weighted(2, at(fc.constantFrom('shape', 'data').map((f) => ['slope', f]), fc.oneof(shape, tensorData))),
  weighted(2, at(fc.constantFrom('shape', 'data').map((f) => ['grad_output', f]), fc.oneof(shape, tensorData))),
  weighted(1, at(['grad_output'], weirdValue)),
  weighted(2, at(fc.constantFrom('gradient', 'stats').map((f) => [f]), boolish)),
  weighted(1, extraField()),
);

export const activationJsonRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    name: activationName,
    query: sometimes(activationQuery, 5),
    mutations: fc.array(activationMutation, { maxLength: 4 }),
    type: contentType,
    accept: fc.constantFrom(undefined, undefined, 'application/x-npy', 'application/json', '*/*'),
  })
  .map(({ name, query, mutations, type, accept }) => {
    const request = jsonRequest(
      `/v1/activations/${name}${query === null ? '' : `?${query}`}`,
      mutate(validActivation(name), mutations),
      type,
    );
    if (accept !== undefined) request.headers.accept = accept;
    return request;
  });

/** The unmutated requests each fuzzer starts from; every one must get a 200, or the fuzzers explore only refusals. */
export const STARTING_REQUESTS: FuzzRequest[] = [
  ...FIXTURE_MODELS.map((model) => jsonRequest(`/v2/models/${model}/infer`, VALID_INFER[model], 'application/json')),
  ...['fixture_mlp_leaky', 'fixture_relu_identity', 'fixture_prelu_conv'].map((model) =>
    jsonRequest(`/v1/models/${model}:predict`, { instances: VALID_INSTANCES[model] }, 'application/json'),
  ),
  ...ACTIVATION_NAMES.map((name) => jsonRequest(`/v1/activations/${name}`, validActivation(name), 'application/json')),
];
