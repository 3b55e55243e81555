/**
 * Folds an inference BatchNormalization into the Conv that feeds it, as onnxruntime's graph
 * optimizer does: with s = scale / sqrt(var + epsilon) per output channel, the pair equals one
 * Conv with weights W * s and bias (b - mean) * s + B. Saves a pass over the feature map.
 * Applies only when the Conv's weights and bias and all four statistics are initializers, and
 * nothing but the BatchNormalization reads the Conv's output.
 * https://onnx.ai/onnx/operators/onnx__BatchNormalization.html
 */
import type { NativeTensor } from '../../kernels/tensor.js';
import { Attributes } from '../../kernels/attributes.js';
import type { GraphNode, NativeModelProto } from './modelProto.js';

/** ONNX's default epsilon. */
const DEFAULT_EPSILON = 1e-5;

export function foldBatchNormIntoConv(model: NativeModelProto): NativeModelProto {
  const readers = new Map<string, number>();
  for (const node of model.nodes) for (const name of node.inputs) readers.set(name, (readers.get(name) ?? 0) + 1);
  for (const output of model.outputs) readers.set(output.name, (readers.get(output.name) ?? 0) + 1);
  const producers = new Map<string, GraphNode>();
  for (const node of model.nodes) for (const name of node.outputs) producers.set(name, node);

  const initializers = new Map(model.initializers);
  const replaced = new Map<GraphNode, GraphNode | undefined>();
  for (const bn of model.nodes) {
    if (bn.opType !== 'BatchNormalization' || bn.outputs.length !== 1 || bn.inputs.length !== 5) continue;
    const conv = producers.get(bn.inputs[0]);
    if (conv?.opType !== 'Conv' || conv.outputs.length !== 1 || readers.get(bn.inputs[0]) !== 1 || replaced.has(conv)) continue;
    const folded = foldedWeights(model, conv, bn);
    if (folded === undefined) continue;
    const weightName = uniqueName(initializers, `${bn.name}/folded_weight`);
    const biasName = uniqueName(initializers, `${bn.name}/folded_bias`);
    initializers.set(weightName, folded.weight);
    initializers.set(biasName, folded.bias);
    replaced.set(conv, { ...conv, inputs: [conv.inputs[0], weightName, biasName], outputs: bn.outputs });
    replaced.set(bn, undefined);
  }
  if (replaced.size === 0) return model;
  const nodes = model.nodes.flatMap((node) => {
    if (!replaced.has(node)) return [node];
    const replacement = replaced.get(node);
    return replacement === undefined ? [] : [replacement];
  });
  return { ...model, nodes, initializers };
}

function foldedWeights(model: NativeModelProto, conv: GraphNode, bn: GraphNode): { weight: NativeTensor; bias: NativeTensor } | undefined {
  const attributes = new Attributes(`${bn.opType} '${bn.name}'`, bn.attributes);
  // spatial = 0 (opsets 6 and 7) keeps statistics per position; training mode computes them.
  if (model.opset < 9 && attributes.int('spatial', 1) !== 1) return undefined;
  if (attributes.int('training_mode', 0) !== 0) return undefined;
  const epsilon = attributes.float('epsilon', DEFAULT_EPSILON);
  const weight = model.initializers.get(conv.inputs[1]);
  const convBias = conv.inputs[2] === undefined || conv.inputs[2] === '' ? undefined : model.initializers.get(conv.inputs[2]);
  if (weight === undefined || (conv.inputs.length > 2 && conv.inputs[2] !== '' && convBias === undefined)) return undefined;
  const [scale, shift, mean, variance] = bn.inputs.slice(1).map((name) => model.initializers.get(name));
  const channels = weight.shape[0];
  const tensors = [weight, convBias, scale, shift, mean, variance];
  if (tensors.some((t) => t !== undefined && t.type !== 'float32')) return undefined;
  if ([scale, shift, mean, variance, convBias].some((t) => t !== undefined && t.data.length !== channels)) return undefined;
  if (scale === undefined || shift === undefined || mean === undefined || variance === undefined) return undefined;

  const perChannel = weight.data.length / channels;
  const w = new Float32Array(weight.data.length);
  const b = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const s = scale.data[c] / Math.sqrt(variance.data[c] + epsilon);
    for (let i = c * perChannel, end = i + perChannel; i < end; i++) w[i] = weight.data[i] * s;
    b[c] = ((convBias?.data[c] ?? 0) - mean.data[c]) * s + shift.data[c];
  }
  return { weight: { type: 'float32', shape: weight.shape, data: w }, bias: { type: 'float32', shape: [channels], data: b } };
}

function uniqueName(taken: ReadonlyMap<string, unknown>, base: string): string {
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}
