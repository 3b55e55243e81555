import { describe, expect, it } from 'vitest';
import { ModelConfigError, parseModelConfig } from '../../src/model/modelConfig.js';
import type { OnnxGraph } from '../../src/model/onnxGraph.js';
import { resolveConfig } from '../../src/model/resolveConfig.js';

const parse = (value: unknown): ReturnType<typeof parseModelConfig> => parseModelConfig(JSON.stringify(value));

describe('parseModelConfig', () => {
  it('accepts an empty object and a full config', () => {
    expect(parse({})).toEqual({});
    const full = {
      name: 'm',
      platform: 'onnxruntime_onnx',
      backend: 'native',
      max_batch_size: 8,
      version_policy: { specific: { versions: [1, 3] } },
      input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [4] }],
      output: [{ name: 'y', datatype: 'FP32', shape: [-1, 3] }],
      labels: { y: ['a', 'b', 'c'] },
      parameters: { intra_op_threads: 2 },
    };
    expect(parse(full)).toEqual(full);
  });

  it.each([
    [{ max_batch_size: -1 }, 'config.json: /max_batch_size must be >= 0'],
    [{ max_batch_size: 1.5 }, 'config.json: /max_batch_size must be integer'],
    [{ backend: 'tensorflow' }, 'config.json: /backend must be one of onnxruntime, native'],
    [{ platform: 'tensorrt_plan' }, 'config.json: /platform must be one of onnxruntime_onnx'],
    [{ max_batch: 4 }, "config.json: / has unknown property 'max_batch'"],
    [{ version_policy: {} }, 'config.json: /version_policy must not have fewer than 1 properties'],
    [{ version_policy: { latest: { num_versions: 1 }, all: {} } }, 'config.json: /version_policy must not have more than 1 properties'],
    [{ version_policy: { latest: { num_versions: 0 } } }, 'config.json: /version_policy/latest/num_versions must be >= 1'],
    [{ version_policy: { specific: { versions: [] } } }, 'config.json: /version_policy/specific/versions must not have fewer than 1 items'],
    [{ input: [{ name: 'x', dims: [-2] }] }, 'config.json: /input/0/dims/0 must be >= -1'],
    [{ input: [{ dims: [4] }] }, 'config.json: /input/0 must have required properties name'],
    [{ labels: ['a', 1] }, 'config.json: /labels/1 must be string'],
    [{ parameters: { intra_op_threads: -1 } }, 'config.json: /parameters/intra_op_threads must be >= 0'],
    [{ parameters: { threads: 1 } }, "config.json: /parameters has unknown property 'threads'"],
    [[], 'config.json: / must be object'],
  ])('rejects %j with a message naming the field', (value, message) => {
    expect(() => parse(value)).toThrow(new ModelConfigError(message));
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseModelConfig('{ max_batch_size: 1 }')).toThrow(/^config\.json: not valid JSON: /);
  });
});

const GRAPH: OnnxGraph = {
  inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
  outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 3] }],
  opset: 13,
};
const DEFAULTS = { intraOpThreads: 0 };

describe('resolveConfig', () => {
  it('takes everything from the graph when config.json says nothing', () => {
    const resolved = resolveConfig('m', {}, GRAPH, DEFAULTS);
    expect(resolved.config).toEqual({
      name: 'm',
      platform: 'onnxruntime_onnx',
      backend: 'onnxruntime',
      max_batch_size: 0,
      version_policy: { latest: { num_versions: 1 } },
      input: [{ name: 'x', datatype: 'FP32', data_type: 'TYPE_FP32', dims: [-1, 4] }],
      output: [{ name: 'probs', datatype: 'FP32', data_type: 'TYPE_FP32', dims: [-1, 3] }],
    });
    expect(resolved.inputs).toEqual(GRAPH.inputs);
    expect(resolved.intraOpThreads).toBe(0);
  });

  it('drops the batch dimension from config dims when max_batch_size > 0, as Triton does', () => {
    const resolved = resolveConfig('m', { max_batch_size: 8, labels: ['a', 'b', 'c'], parameters: { intra_op_threads: 3 } }, GRAPH, DEFAULTS);
    expect(resolved.config.input[0].dims).toEqual([4]);
    expect(resolved.inputs[0].shape).toEqual([-1, 4]);
    expect(resolved.config.labels).toEqual({ probs: ['a', 'b', 'c'] });
    expect(resolved.intraOpThreads).toBe(3);
  });

  it('lets an override fix a variable dimension, in either spelling', () => {
    const viaDims = resolveConfig('m', { max_batch_size: 4, input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [4] }] }, GRAPH, DEFAULTS);
    expect(viaDims.inputs[0].shape).toEqual([-1, 4]);
    const viaShape = resolveConfig('m', { input: [{ name: 'x', datatype: 'FP32', shape: [2, 4] }] }, GRAPH, DEFAULTS);
    expect(viaShape.inputs[0].shape).toEqual([2, 4]);
  });

  it('gives an input of unknown rank the dims config.json names', () => {
    const graph: OnnxGraph = { ...GRAPH, inputs: [{ name: 'x', datatype: 'FP32', shape: undefined }] };
    expect(resolveConfig('m', { input: [{ name: 'x', dims: [-1, 4] }] }, graph, DEFAULTS).inputs[0].shape).toEqual([-1, 4]);
    expect(() => resolveConfig('m', {}, graph, DEFAULTS)).toThrow(
      "model.onnx does not give the shape of input 'x'; give its dims in config.json",
    );
  });

  it.each([
    [{ input: [{ name: 'y' }] }, "config.json: /input/0/name: model.onnx has no input 'y' (inputs: x)"],
    [{ output: [{ name: 'x' }] }, "config.json: /output/0/name: model.onnx has no output 'x' (outputs: probs)"],
    [{ input: [{ name: 'x' }, { name: 'x' }] }, "config.json: /input/1/name: 'x' is listed twice"],
    [{ input: [{ name: 'x', datatype: 'FP64' }] }, "config.json: /input/0/datatype is FP64 but model.onnx's input 'x' is FP32"],
    [{ input: [{ name: 'x', data_type: 'TYPE_STRING' }] }, "config.json: /input/0/data_type 'TYPE_STRING' is not a supported datatype"],
    [{ input: [{ name: 'x', dims: [-1, 5] }] }, "config.json: /input/0/dims [-1,5] does not fit model.onnx's shape [-1,4] for input 'x'"],
    [{ input: [{ name: 'x', shape: [4] }] }, "config.json: /input/0/shape [4] does not fit model.onnx's shape [-1,4] for input 'x'"],
    [{ input: [{ name: 'x', dims: [4], shape: [-1, 4] }] }, 'config.json: /input/0 gives both dims and shape; give one'],
    [{ labels: ['a', 'b'] }, "config.json: /labels has 2 labels but output 'probs' has 3 classes (shape [-1,3])"],
    [{ labels: { logits: ['a'] } }, "config.json: /labels/logits: model.onnx has no output 'logits'"],
    [{ name: 'other' }, "config.json: /name 'other' does not match the model folder 'm'"],
  ])('rejects %j', (file, message) => {
    expect(() => resolveConfig('m', parse(file), GRAPH, DEFAULTS)).toThrow(new ModelConfigError(message));
  });

  it('needs a variable first dimension everywhere when max_batch_size > 0', () => {
    const fixed: OnnxGraph = { ...GRAPH, inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4] }] };
    expect(() => resolveConfig('m', { max_batch_size: 4 }, fixed, DEFAULTS)).toThrow(
      "config.json: /max_batch_size is 4, so input 'x' needs a variable first (batch) dimension, but its shape is [1,4]",
    );
  });

  it('asks for keyed labels when the model has more than one output', () => {
    const twoOutputs: OnnxGraph = { ...GRAPH, outputs: [...GRAPH.outputs, { name: 'logits', datatype: 'FP32', shape: [-1, 3] }] };
    expect(() => resolveConfig('m', { labels: ['a', 'b', 'c'] }, twoOutputs, DEFAULTS)).toThrow(
      'config.json: /labels is a list but the model has 2 outputs; key the lists by output name',
    );
    expect(resolveConfig('m', { labels: { logits: ['a', 'b', 'c'] } }, twoOutputs, DEFAULTS).config.labels).toEqual({ logits: ['a', 'b', 'c'] });
  });
});
