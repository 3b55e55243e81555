/**
 * Loads ONNX backend-test cases (model.onnx + test_data_set_N/{input,output}_K.pb), as shipped by
 * the Debian package libonnx-testdata, for single-node models.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { readTensorProto, tensorFromProto, type OnnxTensor } from '../../src/onnx/tensorProto.js';
import { toNumber } from '../../src/onnx/long.js';

const { AttributeProto, ModelProto } = onnxProto.onnx;

export const TESTDATA_DIR = process.env.ONNX_TESTDATA_DIR ?? '/usr/share/libonnx-testdata/data';
export const hasTestData = existsSync(TESTDATA_DIR);

export type AttributeValue = number | number[] | string;

export interface Dataset {
  /** One tensor per node input, in node order; initializers fill the inputs the .pb files omit. */
  inputs: OnnxTensor[];
  outputs: OnnxTensor[];
}

export interface OnnxTestCase {
  name: string;
  opType: string;
  opsetVersion: number;
  attributes: Record<string, AttributeValue>;
  datasets: Dataset[];
}

let warned = false;

/** Says once, visibly, why the tests that need the test data are skipped. */
export function warnIfMissing(): void {
  if (!hasTestData && process.env.CI === 'true') {
    throw new Error(`libonnx-testdata not found at ${TESTDATA_DIR}: CI must install it (.ci/run does)`);
  }
  if (hasTestData || warned) return;
  warned = true;
  console.warn(
    `libonnx-testdata not found at ${TESTDATA_DIR}; install the Debian package libonnx-testdata ` +
      '(or set ONNX_TESTDATA_DIR) to run these tests',
  );
}

/** Case directories under `folder` (e.g. 'node') whose name matches `pattern`, sorted. */
export function listCases(folder: string, pattern: RegExp): string[] {
  const root = join(TESTDATA_DIR, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => pattern.test(name) && existsSync(join(root, name, 'model.onnx')))
    .sort()
    .map((name) => join(root, name));
}

export function loadCase(dir: string): OnnxTestCase {
  const model = ModelProto.decode(readFileSync(join(dir, 'model.onnx')));
  const graph = model.graph;
  const nodes = graph?.node ?? [];
  if (graph == null || nodes.length !== 1) {
    throw new Error(`${dir}: expected a single-node graph, found ${nodes.length} nodes`);
  }
  const node = nodes[0];
  const opset = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx' || o.domain == null);
  if (opset?.version == null) throw new Error(`${dir}: no opset_import for the default domain`);

  const initializers = new Map<string, OnnxTensor>();
  for (const init of graph.initializer ?? []) {
    const tensor = tensorFromProto(init);
    initializers.set(tensor.name, tensor);
  }
  // input_K.pb feeds the K-th graph input that no initializer provides; names in the .pb files
  // may be empty (the pytorch-converted ones are), so match by position.
  const fedInputs = (graph.input ?? []).map((i) => i.name ?? '').filter((name) => !initializers.has(name));

  const datasets = readdirSync(dir)
    .filter((name) => /^test_data_set_\d+$/.test(name))
    .sort((a, b) => Number(a.split('_').pop()) - Number(b.split('_').pop()))
    .map((name) => {
      const fed = readTensors(join(dir, name), 'input');
      const outputs = readTensors(join(dir, name), 'output');
      const inputs = (node.input ?? []).map((inputName) => {
        const tensor = initializers.get(inputName) ?? fed[fedInputs.indexOf(inputName)];
        if (tensor === undefined) throw new Error(`${dir}/${name}: no data for node input '${inputName}'`);
        return tensor;
      });
      return { inputs, outputs };
    });

  return {
    name: dir.split('/').pop() ?? dir,
    opType: node.opType ?? '',
    opsetVersion: toNumber(opset.version),
    attributes: Object.fromEntries((node.attribute ?? []).map((a) => [a.name ?? '', attributeValue(a)])),
    datasets,
  };
}

function readTensors(dir: string, prefix: 'input' | 'output'): OnnxTensor[] {
  const files = readdirSync(dir).filter((f) => f.startsWith(`${prefix}_`) && f.endsWith('.pb'));
  return files
    .map((f) => ({ f, index: Number(f.slice(prefix.length + 1, -3)) }))
    .sort((a, b) => a.index - b.index)
    .map(({ f }) => readTensorProto(readFileSync(join(dir, f))));
}

const A = AttributeProto.AttributeType;

/** Old models may leave `type` unset, so fall back on whichever field carries a value. */
function attributeValue(message: onnx.IAttributeProto): AttributeValue {
  const attr = AttributeProto.create(message);
  const type = attr.type || inferType(attr);
  switch (type) {
    case A.FLOAT:
      return attr.f;
    case A.INT:
      return toNumber(attr.i);
    case A.STRING:
      return Buffer.from(attr.s).toString('utf8');
    case A.FLOATS:
      return attr.floats;
    case A.INTS:
      return attr.ints.map(toNumber);
    default:
      throw new Error(`attribute '${attr.name}': type ${A[type] ?? type} is not supported`);
  }
}

function inferType(attr: onnx.AttributeProto): number {
  if (attr.floats.length > 0) return A.FLOATS;
  if (attr.ints.length > 0) return A.INTS;
  if (attr.s.length > 0) return A.STRING;
  if (toNumber(attr.i) !== 0) return A.INT;
  return A.FLOAT;
}
