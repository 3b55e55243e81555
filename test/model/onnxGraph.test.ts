import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { parseGraph } from '../../src/model/onnxGraph.js';
import { buildModel } from '../../src/onnx/modelBuilder.js';
import { SERVING_REPO } from './helpers.js';

const { ModelProto } = onnxProto.onnx;

describe('parseGraph', () => {
  it('reads the MLP fixture: symbolic batch dim as -1, weights not listed as inputs', () => {
    const graph = parseGraph(readFileSync(join(SERVING_REPO, 'fixture_mlp_leaky', '1', 'model.onnx')));
    expect(graph).toEqual({
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 3] }],
      opset: 13,
    });
  });

  it('maps every ONNX element type the fixtures use to its OIP datatype', () => {
    const graph = parseGraph(readFileSync(join(SERVING_REPO, 'fixture_identity_dtypes', '1', 'model.onnx')));
    expect(graph.inputs.map((i) => i.datatype)).toEqual(['FP32', 'FP64', 'FP16', 'INT64', 'INT32', 'INT8', 'UINT8', 'BOOL']);
  });

  it('drops inputs that an initializer feeds, as pre-IR-4 exporters list weights as inputs', () => {
    const bytes = buildModel({
      opset: 13,
      inputs: [{ name: 'x', elemType: 'FLOAT', shape: [2] }],
      outputs: [{ name: 'y', elemType: 'FLOAT', shape: [2] }],
      initializers: [{ name: 'w', dims: [2], data: new Float32Array([1, 2]) }],
      nodes: [{ opType: 'Add', inputs: ['x', 'w'], outputs: ['y'] }],
    });
    // modelBuilder refuses a name defined twice, so list the weight as an input by hand.
    const model = ModelProto.decode(bytes);
    model.graph?.input?.push({ name: 'w', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }] } } } });
    const oldStyle = ModelProto.encode(model).finish();
    expect(ModelProto.decode(oldStyle).graph?.input?.map((i) => i.name)).toEqual(['x', 'w']);
    expect(parseGraph(oldStyle).inputs.map((i) => i.name)).toEqual(['x']);
  });

  it('gives undefined for an unknown rank and -1 for a symbolic dim', () => {
    const bytes = buildModel({
      opset: 13,
      inputs: [{ name: 'x', elemType: 'FLOAT' }],
      outputs: [{ name: 'y', elemType: 'FLOAT', shape: ['batch', 3] }],
      nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
    });
    const graph = parseGraph(bytes);
    expect(graph.inputs[0].shape).toBeUndefined();
    expect(graph.outputs[0].shape).toEqual([-1, 3]);
  });

  it('rejects bytes that are not a model, with a reason fit for the index', () => {
    expect(() => parseGraph(new Uint8Array([0x0a, 0xff, 0xff]))).toThrow(/^model\.onnx is not a valid ONNX model: /);
  });
});
