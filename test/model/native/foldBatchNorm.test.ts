import { describe, expect, it } from 'vitest';
import { fixedValues } from '../../../scripts/fixtures/buildModels.js';
import { compileNative, NativeModel } from '../../../src/model/nativeBackend.js';
import { buildModel, type ModelSpec, type NodeSpec } from '../../../src/onnx/modelBuilder.js';

/** Folding reorders float32 roundings (W*s once instead of (conv)*s per element). */
const TOLERANCE = 1e-5;

function convBn(between: NodeSpec[] = [], bnInput = 'conv'): ModelSpec {
  return {
    opset: 13,
    inputs: [{ name: 'x', elemType: 'FLOAT', shape: [1, 2, 5, 5] }],
    outputs: [{ name: 'y', elemType: 'FLOAT', shape: [1, 3, 3, 3] }],
    initializers: [
      { name: 'w', dims: [3, 2, 3, 3], data: fixedValues(1, 54) },
      { name: 'b', dims: [3], data: fixedValues(2, 3) },
      { name: 'scale', dims: [3], data: fixedValues(3, 3, 0.5, 2) },
      { name: 'shift', dims: [3], data: fixedValues(4, 3) },
      { name: 'mean', dims: [3], data: fixedValues(5, 3) },
      { name: 'var', dims: [3], data: fixedValues(6, 3, 0.1, 2) },
    ],
    nodes: [
      { opType: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['conv'], attributes: { kernel_shape: [3, 3] } },
      ...between,
      { opType: 'BatchNormalization', inputs: [bnInput, 'scale', 'shift', 'mean', 'var'], outputs: ['y'], attributes: { epsilon: 1e-3 } },
    ],
  };
}

function run(spec: ModelSpec): { ops: string[]; y: Float32Array } {
  const plan = compileNative(buildModel(spec));
  const x = { name: 'x', datatype: 'FP32' as const, shape: [1, 2, 5, 5], data: fixedValues(7, 50) };
  const [y] = new NativeModel(plan, [], []).runSync([x], ['y']);
  return { ops: plan.steps.map((s) => s.node.opType), y: y.data as Float32Array };
}

describe('BatchNormalization folded into the Conv before it', () => {
  it('leaves one Conv that computes what Conv then BatchNormalization computes', () => {
    const folded = run(convBn());
    // An Identity in between keeps the two apart: the reference.
    const separate = run(convBn([{ opType: 'Identity', inputs: ['conv'], outputs: ['kept'] }], 'kept'));
    expect(folded.ops).toEqual(['Conv']);
    expect(separate.ops).toEqual(['Conv', 'Identity', 'BatchNormalization']);
    folded.y.forEach((v, i) => expect(Math.abs(v - separate.y[i])).toBeLessThanOrEqual(TOLERANCE * (1 + Math.abs(separate.y[i]))));
  });

  it('does not fold when another node also reads the Conv output', () => {
    const spec = convBn();
    spec.outputs.push({ name: 'raw', elemType: 'FLOAT', shape: [1, 3, 3, 3] });
    spec.nodes.push({ opType: 'Relu', inputs: ['conv'], outputs: ['raw'] });
    expect(run(spec).ops).toEqual(['Conv', 'BatchNormalization', 'Relu']);
  });
});
