/**
 * Merges config.json with what the ONNX graph declares into the effective config: metadata's
 * inputs and outputs, the config route's body, and what requests are validated against.
 */
import { formatShape } from '../tensor/shape.js';
import { parseDatatype, tritonType } from './datatypes.js';
import {
  DEFAULT_VERSION_POLICY,
  ModelConfigError,
  type ConfigTensor,
  type EffectiveConfig,
  type ModelConfigFile,
  type TensorOverride,
  type VersionPolicy,
} from './modelConfig.js';
import type { GraphTensor, OnnxGraph } from './onnxGraph.js';
import type { TensorSpec } from './types.js';

export interface ResolvedModel {
  config: EffectiveConfig;
  /** Full shapes, batch dimension included (-1): what metadata reports and requests must fit. */
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  intraOpThreads: number;
}

type Role = 'input' | 'output';

function fail(message: string): never {
  throw new ModelConfigError(message);
}

/** Whether `override` only narrows `graph`: same rank, and fixed graph dims kept. */
function fits(override: number[], graph: number[]): boolean {
  return override.length === graph.length && override.every((d, i) => graph[i] === -1 || d === graph[i]);
}

function applyOverride(
  tensor: GraphTensor,
  override: TensorOverride | undefined,
  index: number,
  role: Role,
  maxBatchSize: number,
): number[] | undefined {
  if (override === undefined) return tensor.shape;
  const at = `config.json: /${role}/${index}`;
  const spelled = override.datatype ?? override.data_type;
  if (override.datatype !== undefined && override.data_type !== undefined) {
    fail(`${at} gives both datatype and data_type; give one`);
  }
  if (spelled !== undefined) {
    const datatype = parseDatatype(spelled);
    const field = override.datatype !== undefined ? 'datatype' : 'data_type';
    if (datatype === undefined) fail(`${at}/${field} '${spelled}' is not a supported datatype`);
    if (datatype !== tensor.datatype) {
      fail(`${at}/${field} is ${spelled} but model.onnx's ${role} '${tensor.name}' is ${tensor.datatype}`);
    }
  }
  if (override.dims !== undefined && override.shape !== undefined) fail(`${at} gives both dims and shape; give one`);
  if (override.dims === undefined && override.shape === undefined) return tensor.shape;
  const field = override.dims !== undefined ? 'dims' : 'shape';
  const full = override.shape ?? (maxBatchSize > 0 ? [-1, ...(override.dims ?? [])] : (override.dims ?? []));
  if (tensor.shape !== undefined && !fits(full, tensor.shape)) {
    const given = formatShape(override.dims ?? override.shape ?? []);
    fail(`${at}/${field} ${given} does not fit model.onnx's shape ${formatShape(tensor.shape)} for ${role} '${tensor.name}'`);
  }
  return full;
}

function resolveTensors(
  graphTensors: GraphTensor[],
  overrides: TensorOverride[],
  role: Role,
  maxBatchSize: number,
): TensorSpec[] {
  const byName = new Map<string, { override: TensorOverride; index: number }>();
  overrides.forEach((override, index) => {
    if (!graphTensors.some((t) => t.name === override.name)) {
      const names = graphTensors.map((t) => t.name).join(', ');
      fail(`config.json: /${role}/${index}/name: model.onnx has no ${role} '${override.name}' (${role}s: ${names})`);
    }
    if (byName.has(override.name)) fail(`config.json: /${role}/${index}/name: '${override.name}' is listed twice`);
    byName.set(override.name, { override, index });
  });
  return graphTensors.map((tensor) => {
    const entry = byName.get(tensor.name);
    let shape = applyOverride(tensor, entry?.override, entry?.index ?? -1, role, maxBatchSize);
    if (shape === undefined) {
      // An input's shape is what requests are checked against, so it must be known. An output's
      // is only reported: with its rank unknown, one dimension of any size is the honest answer.
      if (role === 'input') fail(`model.onnx does not give the shape of input '${tensor.name}'; give its dims in config.json`);
      shape = [-1];
    }
    if (maxBatchSize > 0 && shape[0] !== -1) {
      fail(
        `config.json: /max_batch_size is ${maxBatchSize}, so ${role} '${tensor.name}' needs a variable first ` +
          `(batch) dimension, but its shape is ${formatShape(shape)}`,
      );
    }
    return { name: tensor.name, datatype: tensor.datatype, shape };
  });
}

function resolveLabels(file: ModelConfigFile, outputs: TensorSpec[]): Record<string, string[]> | undefined {
  if (file.labels === undefined) return undefined;
  let labels: Record<string, string[]>;
  if (Array.isArray(file.labels)) {
    if (outputs.length !== 1) {
      fail(`config.json: /labels is a list but the model has ${outputs.length} outputs; key the lists by output name`);
    }
    labels = { [outputs[0].name]: file.labels };
  } else {
    labels = file.labels;
  }
  for (const [name, list] of Object.entries(labels)) {
    const output = outputs.find((o) => o.name === name);
    const at = Array.isArray(file.labels) ? '/labels' : `/labels/${name}`;
    if (output === undefined) fail(`config.json: ${at}: model.onnx has no output '${name}'`);
    const classes = output.shape[output.shape.length - 1];
    if (classes !== undefined && classes !== -1 && classes !== list.length) {
      fail(`config.json: ${at} has ${list.length} labels but output '${name}' has ${classes} classes (shape ${formatShape(output.shape)})`);
    }
  }
  return labels;
}

function configTensor(spec: TensorSpec, maxBatchSize: number): ConfigTensor {
  return {
    name: spec.name,
    datatype: spec.datatype,
    data_type: tritonType(spec.datatype),
    dims: maxBatchSize > 0 ? spec.shape.slice(1) : [...spec.shape],
  };
}

export function resolveConfig(
  name: string,
  file: ModelConfigFile,
  graph: OnnxGraph,
  defaults: { intraOpThreads: number },
): ResolvedModel {
  if (file.name !== undefined && file.name !== name) fail(`config.json: /name '${file.name}' does not match the model folder '${name}'`);
  const maxBatchSize = file.max_batch_size ?? 0;
  const inputs = resolveTensors(graph.inputs, file.input ?? [], 'input', maxBatchSize);
  const outputs = resolveTensors(graph.outputs, file.output ?? [], 'output', maxBatchSize);
  const labels = resolveLabels(file, outputs);
  const config: EffectiveConfig = {
    name,
    platform: 'onnxruntime_onnx',
    backend: file.backend ?? 'onnxruntime',
    max_batch_size: maxBatchSize,
    version_policy: (file.version_policy as VersionPolicy | undefined) ?? DEFAULT_VERSION_POLICY,
    input: inputs.map((s) => configTensor(s, maxBatchSize)),
    output: outputs.map((s) => configTensor(s, maxBatchSize)),
    ...(labels === undefined ? {} : { labels }),
    ...(file.parameters === undefined ? {} : { parameters: file.parameters }),
  };
  return { config, inputs, outputs, intraOpThreads: file.parameters?.intra_op_threads ?? defaults.intraOpThreads };
}
