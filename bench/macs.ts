/**
 * Multiply-adds per sample, from the shapes onnxruntime computes for every Gemm/MatMul/Conv
 * operand: what the native benchmark's GFLOP/s and its "under 100k multiply-adds" target use.
 */
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';


const { ModelProto, ValueInfoProto } = onnxProto.onnx;
const COUNTED_OPS = new Set(['Gemm', 'MatMul', 'Conv', 'ConvTranspose']);

function attrInt(node: onnxProto.onnx.INodeProto, name: string): number {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.i == null ? 0 : Number(a.i);
}

export const product = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);

/**
 * Multiply-adds per sample of the graph's Gemm, MatMul, Conv and ConvTranspose nodes: runs the
 * model once in onnxruntime (optimizations off) with every operand of those nodes added as a
 * graph output, so every shape is the real one whatever the ops between them.
 */
export async function countMacs(bytes: Uint8Array, feeds: Record<string, ort.Tensor>, batch: number): Promise<number> {
  const model = ModelProto.decode(bytes);
  const graph = model.graph!;
  const known = new Map<string, number[]>();
  for (const init of graph.initializer ?? []) known.set(init.name ?? '', (init.dims ?? []).map(Number));
  for (const [name, t] of Object.entries(feeds)) known.set(name, [...t.dims]);
  const counted = (graph.node ?? []).filter((n) => COUNTED_OPS.has(n.opType ?? ''));
  if (counted.length === 0) return 0;
  const existing = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const probe = new Set<string>();
  for (const node of counted) {
    for (const name of [...(node.input ?? []), ...(node.output ?? [])]) {
      if (name !== '' && !known.has(name) && !existing.has(name)) probe.add(name);
    }
  }
  const outputs = (graph.output ??= []);
  for (const name of probe) outputs.push(ValueInfoProto.create({ name }));
  const session = await ort.InferenceSession.create(ModelProto.encode(model).finish(), {
    graphOptimizationLevel: 'disabled',
    intraOpNumThreads: 1,
  });
  try {
    const results = await session.run(feeds);
    for (const [name, value] of Object.entries(results)) known.set(name, [...value.dims]);
  } finally {
    await session.release();
  }
  const shape = (name: string | undefined): number[] => {
    const dims = known.get(name ?? '');
    if (dims === undefined) throw new Error(`no shape for '${name}'`);
    return dims;
  };
  let macs = 0;
  for (const node of counted) {
    const [a, w] = node.input ?? [];
    const out = shape(node.output?.[0]);
    switch (node.opType) {
      case 'Gemm': {
        const dimsA = shape(a);
        macs += product(out) * (attrInt(node, 'transA') ? dimsA[0] : dimsA[1]);
        break;
      }
      case 'MatMul': {
        const dimsA = shape(a);
        macs += product(out) * dimsA[dimsA.length - 1];
        break;
      }
      case 'Conv': {
        const dimsW = shape(w);
        macs += product(out) * product(dimsW.slice(1));
        break;
      }
      case 'ConvTranspose': {
        const dimsW = shape(w);
        macs += product(shape(a)) * product(dimsW.slice(1));
        break;
      }
    }
  }
  return macs / batch;
}
