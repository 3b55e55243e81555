/**
 * The native backend's model reader, compiler and executor on small graphs written here:
 * what it refuses and how it says so, graph order, constant folding, and that in-place writes
 * and pooled memory never corrupt a value still needed (within a run and across runs).
 */
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { compileNative, NativeModel } from '../../../src/model/nativeBackend.js';
import type { Tensor } from '../../../src/model/types.js';
import { buildModel, type ModelSpec } from '../../../src/onnx/modelBuilder.js';

const { ModelProto } = onnxProto.onnx;

function model(spec: ModelSpec): NativeModel {
  return new NativeModel(compileNative(buildModel(spec)), [], []);
}

function fp32(name: string, shape: number[], values: number[]): Tensor {
  return { name, datatype: 'FP32', shape, data: Float32Array.from(values) };
}

type Graph = onnxProto.onnx.GraphProto;

/** Re-encodes a built model after `edit` changes the decoded proto and its graph. */
function edited(spec: ModelSpec, edit: (m: onnxProto.onnx.ModelProto, graph: Graph) => void): Uint8Array {
  const decoded = ModelProto.decode(buildModel(spec));
  edit(decoded, decoded.graph as Graph);
  return ModelProto.encode(decoded).finish();
}

const RELU: ModelSpec = {
  opset: 13,
  inputs: [{ name: 'x', elemType: 'FLOAT', shape: ['N', 3] }],
  outputs: [{ name: 'y', elemType: 'FLOAT', shape: ['N', 3] }],
  nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }],
};

describe('what the native backend refuses, by name', () => {
  it('names every op it lacks, with the opset, once each', () => {
    const spec: ModelSpec = {
      ...RELU,
      nodes: [
        { opType: 'Erf', inputs: ['x'], outputs: ['a'] },
        { opType: 'Erf', inputs: ['a'], outputs: ['b'] },
        { opType: 'Round', inputs: ['b'], outputs: ['y'] },
      ],
    };
    expect(() => compileNative(buildModel(spec))).toThrow('the native backend lacks Erf (opset 13), Round (opset 13)');
  });

  it('refuses other domains, IR versions and opsets outside its range', () => {
    const domain = edited(RELU, (_m, graph) => (graph.node[0].domain = 'com.microsoft'));
    expect(() => compileNative(domain)).toThrow("node 'Relu_0' is com.microsoft::Relu; the native backend runs only the default ONNX domain");
    const ir = edited(RELU, (m) => (m.irVersion = 2));
    expect(() => compileNative(ir)).toThrow('IR version 2 is not supported by the native backend (3 to 10)');
    const opset = edited(RELU, (m) => (m.opsetImport[0].version = 22));
    expect(() => compileNative(opset)).toThrow('opset 22 of the default domain is not supported by the native backend (6 to 21)');
  });

  it('refuses external data and unsupported element types', () => {
    const spec: ModelSpec = {
      ...RELU,
      initializers: [{ name: 'b', dims: [3], data: Float32Array.of(1, 2, 3) }],
      nodes: [{ opType: 'Add', inputs: ['x', 'b'], outputs: ['y'] }],
    };
    const external = edited(spec, (_m, graph) => {
      const init = graph.initializer[0];
      init.rawData = new Uint8Array();
      init.dataLocation = onnxProto.onnx.TensorProto.DataLocation.EXTERNAL;
      init.externalData = [{ key: 'location', value: 'weights.bin' }];
    });
    expect(() => compileNative(external)).toThrow(/external data is not supported/);
    const double = { ...RELU, inputs: [{ name: 'x', elemType: 'DOUBLE' as const, shape: [3] }] };
    expect(() => compileNative(buildModel(double))).toThrow("input 'x' has element type DOUBLE, which is not supported by the native backend");
  });
});

describe('compiling', () => {
  it('runs nodes in dependency order even when the file lists them out of order', () => {
    const spec: ModelSpec = {
      ...RELU,
      nodes: [
        { opType: 'Relu', inputs: ['x'], outputs: ['a'] },
        { opType: 'Neg', inputs: ['a'], outputs: ['y'] },
      ],
    };
    const reversed = edited(spec, (_m, graph) => graph.node.reverse());
    const [y] = new NativeModel(compileNative(reversed), [], []).runSync([fp32('x', [1, 3], [-1, 2, -3])], ['y']);
    expect([...y.data]).toEqual([-0, -2, -0]);
  });

  it('folds nodes whose inputs are all known at load into constants', () => {
    const spec: ModelSpec = {
      opset: 13,
      inputs: [{ name: 'x', elemType: 'FLOAT', shape: ['N', 6] }],
      outputs: [{ name: 'y', elemType: 'FLOAT', shape: ['N', 2, 3] }],
      initializers: [{ name: 'w', dims: [2, 3], data: new Float32Array(6) }],
      nodes: [
        { opType: 'Shape', inputs: ['w'], outputs: ['wshape'] },
        { opType: 'Shape', inputs: ['x'], outputs: ['xshape'] },
        { opType: 'Gather', inputs: ['xshape', 'zero'], outputs: ['n'], attributes: { axis: { int: 0 } } },
        { opType: 'Concat', inputs: ['n', 'wshape'], outputs: ['target'], attributes: { axis: { int: 0 } } },
        { opType: 'Reshape', inputs: ['x', 'target'], outputs: ['y'] },
      ],
    };
    spec.initializers!.push({ name: 'zero', dims: [1], data: BigInt64Array.of(0n) });
    const plan = compileNative(buildModel(spec));
    // Shape(w) is folded; Shape(x), Gather, Concat and Reshape depend on the request.
    expect(plan.steps.map((s) => s.node.opType)).toEqual(['Shape', 'Gather', 'Concat', 'Reshape']);
    const [y] = new NativeModel(plan, [], []).runSync([fp32('x', [2, 6], [...Array(12).keys()])], ['y']);
    expect(y.shape).toEqual([2, 2, 3]);
  });

  it('checks the declared type of every graph output against what the graph computes', () => {
    const spec: ModelSpec = { ...RELU, outputs: [{ name: 'y', elemType: 'INT64', shape: ['N', 3] }] };
    expect(() => compileNative(buildModel(spec))).toThrow("graph output 'y' is declared int64 but the graph computes float32");
  });
});

describe('executing', () => {
  /** a = -x; b = Reshape(a) aliases a; c = Exp(a) must not write into a while b still needs it. */
  const ALIASED: ModelSpec = {
    opset: 13,
    inputs: [{ name: 'x', elemType: 'FLOAT', shape: [2, 2] }],
    outputs: [{ name: 'y', elemType: 'FLOAT', shape: [2, 2] }],
    initializers: [{ name: 'shape', dims: [2], data: BigInt64Array.of(2n, 2n) }],
    nodes: [
      { opType: 'Neg', inputs: ['x'], outputs: ['a'] },
      { opType: 'Reshape', inputs: ['a', 'shape'], outputs: ['b'] },
      { opType: 'Exp', inputs: ['a'], outputs: ['c'] },
      { opType: 'Add', inputs: ['b', 'c'], outputs: ['y'] },
    ],
  };

  it('never writes in place into memory another live value shares, and leaves the caller inputs alone', () => {
    const x = [0, 1, -1, 2];
    const input = fp32('x', [2, 2], x);
    const m = model(ALIASED);
    const expected = x.map((v) => Math.fround(Math.fround(-v) + Math.fround(Math.exp(-v))));
    for (let run = 0; run < 3; run++) {
      const [y] = m.runSync([input], ['y']);
      y.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    }
    expect([...input.data]).toEqual(x);
  });

  it('returns outputs that later runs do not overwrite (pooled memory is only intermediates)', () => {
    const m = model({
      ...RELU,
      nodes: [
        { opType: 'Neg', inputs: ['x'], outputs: ['a'] },
        { opType: 'Relu', inputs: ['a'], outputs: ['b'] },
        { opType: 'Neg', inputs: ['b'], outputs: ['y'] },
      ],
    });
    const first = m.runSync([fp32('x', [1, 3], [-1, -2, -3])], ['y'])[0];
    const second = m.runSync([fp32('x', [1, 3], [-4, -5, -6])], ['y'])[0];
    expect([...first.data]).toEqual([-1, -2, -3]);
    expect([...second.data]).toEqual([-4, -5, -6]);
  });

  it("names the node when a kernel fails at run time", () => {
    const spec: ModelSpec = {
      opset: 13,
      inputs: [
        { name: 'a', elemType: 'FLOAT', shape: ['N'] },
        { name: 'b', elemType: 'FLOAT', shape: ['M'] },
      ],
      outputs: [{ name: 'y', elemType: 'FLOAT', shape: ['N'] }],
      nodes: [{ opType: 'Add', inputs: ['a', 'b'], outputs: ['y'], name: 'sum' }],
    };
    expect(() => model(spec).runSync([fp32('a', [2], [1, 2]), fp32('b', [3], [1, 2, 3])], ['y'])).toThrow(/^Add 'sum': /);
  });
});
