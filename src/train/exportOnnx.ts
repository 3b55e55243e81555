/**
 * The trained network as an ONNX model (opset 13): pixels -> Mul(1/16) -> [Gemm -> activation]
 * per hidden layer -> Gemm -> Softmax(axis 1) -> probabilities, float32 weights, provenance and
 * measurements in metadata_props.
 */
import { buildModel, type Initializer, type NodeSpec } from '../onnx/modelBuilder.js';
import type { Mlp } from './network.js';

export const DIGITS_INPUT = 'pixels';
export const DIGITS_OUTPUT = 'probabilities';
const OPSET = 13;

export function exportOnnx(net: Mlp, graphName: string, metadata: Record<string, string>): Uint8Array {
  const initializers: Initializer[] = [{ name: 'input_scale', dims: [], data: Float32Array.of(net.spec.inputScale) }];
  const nodes: NodeSpec[] = [{ opType: 'Mul', inputs: [DIGITS_INPUT, 'input_scale'], outputs: ['scaled'] }];
  let current = 'scaled';
  net.dense.forEach((layer, k) => {
    const id = k + 1;
    initializers.push(
      { name: `w${id}`, dims: [layer.inputs, layer.outputs], data: Float32Array.from(layer.weight) },
      { name: `b${id}`, dims: [layer.outputs], data: Float32Array.from(layer.bias) },
    );
    const isOutput = k === net.dense.length - 1;
    const gemmOut = isOutput ? 'logits' : `dense${id}`;
    nodes.push({ opType: 'Gemm', inputs: [current, `w${id}`, `b${id}`], outputs: [gemmOut] });
    current = gemmOut;
    if (!isOutput) {
      const activation = net.activations[k];
      if (activation.params.length > 0) {
        initializers.push({ name: `slope${id}`, dims: [activation.units], data: Float32Array.from(activation.params) });
      }
      nodes.push(activation.node(current, `hidden${id}`, `slope${id}`));
      current = `hidden${id}`;
    }
  });
  nodes.push({ opType: 'Softmax', inputs: [current], outputs: [DIGITS_OUTPUT], attributes: { axis: { int: 1 } } });
  return buildModel({
    opset: OPSET,
    producer: 'leaky-serve',
    graphName,
    inputs: [{ name: DIGITS_INPUT, elemType: 'FLOAT', shape: ['N', net.inputs] }],
    outputs: [{ name: DIGITS_OUTPUT, elemType: 'FLOAT', shape: ['N', net.classes] }],
    initializers,
    nodes,
    metadataProps: metadata,
  });
}
