/**
 * ONNX backend-test cases read as whole models (any number of nodes): model.onnx plus
 * test_data_set_N/{input,output}_K.pb, where input K feeds the K-th graph input no initializer
 * provides and output K is the K-th graph output.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileNative, NativeModel } from '../../src/model/nativeBackend.js';
import type { Datatype, Tensor } from '../../src/model/types.js';
import { readTensorProto, type OnnxTensor } from '../../src/onnx/tensorProto.js';
import { fromHalfBits } from '../../src/protocol/fp16.js';
import { TESTDATA_DIR } from './onnxTestData.js';

export const CONFORMANCE_FOLDERS = ['node', 'pytorch-converted', 'pytorch-operator', 'simple'] as const;

/** ONNX's own backend-test tolerances (onnx/backend/test/runner). */
export const RTOL = 1e-3;
export const ATOL = 1e-7;

export interface ModelCase {
  folder: string;
  name: string;
  dir: string;
  model: Uint8Array;
}

export interface CaseData {
  inputs: OnnxTensor[];
  outputs: OnnxTensor[];
}

export function listModelCases(folder: string): ModelCase[] {
  const root = join(TESTDATA_DIR, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'model.onnx')))
    .sort()
    .map((name) => ({ folder, name, dir: join(root, name), model: readFileSync(join(root, name, 'model.onnx')) }));
}

export function readDatasets(dir: string): CaseData[] {
  return readdirSync(dir)
    .filter((name) => /^test_data_set_\d+$/.test(name))
    .sort((a, b) => Number(a.split('_').pop()) - Number(b.split('_').pop()))
    .map((name) => ({ inputs: readTensors(join(dir, name), 'input'), outputs: readTensors(join(dir, name), 'output') }));
}

function readTensors(dir: string, prefix: 'input' | 'output'): OnnxTensor[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}_`) && f.endsWith('.pb'))
    .map((f) => ({ f, index: Number(f.slice(prefix.length + 1, -3)) }))
    .sort((a, b) => a.index - b.index)
    .map(({ f }) => readTensorProto(readFileSync(join(dir, f))));
}

/** A test-data tensor as a request tensor named for the graph input it feeds. */
export function asRequestTensor(name: string, t: OnnxTensor): Tensor {
  return { name, datatype: t.dtype as Datatype, shape: t.shape, data: t.data };
}

function asNumbers(data: ArrayLike<number | bigint>, datatype: string): number[] {
  const values = Array.from(data, Number);
  return datatype === 'FP16' ? values.map(fromHalfBits) : values;
}

/** Compares as numpy.testing.assert_allclose(actual, expected, rtol, atol); returns the first problem. */
export function compareOutput(actual: Tensor, expected: OnnxTensor): string | undefined {
  if (actual.shape.join(',') !== expected.shape.join(',')) {
    return `output '${actual.name}' has shape [${actual.shape.join(',')}], expected [${expected.shape.join(',')}]`;
  }
  if (actual.datatype !== expected.dtype) return `output '${actual.name}' is ${actual.datatype}, expected ${expected.dtype}`;
  const got = asNumbers(actual.data as ArrayLike<number | bigint>, actual.datatype);
  const want = asNumbers(expected.data as ArrayLike<number | bigint>, expected.dtype);
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const e = want[i];
    if (Number.isNaN(e) ? Number.isNaN(a) : a === e || Math.abs(a - e) <= ATOL + RTOL * Math.abs(e)) continue;
    return `output '${actual.name}'[${i}] is ${a}, expected ${e}`;
  }
  return undefined;
}

/**
 * A native load or run failure that is a deliberate refusal: an op, type or mode the native
 * backend declines by name (an op it lacks, DOUBLE inputs, cubic Resize, training-mode Dropout).
 * Any other failure is a bug.
 */
export const NATIVE_REFUSAL = /lacks|not supported|does not take|only the default ONNX domain/;

/** The model compiled for the native backend, or the reason it cannot be. */
export function tryCompileNative(model: Uint8Array): { model?: NativeModel; reason?: string } {
  try {
    return { model: new NativeModel(compileNative(model), [], []) };
  } catch (err) {
    return { reason: (err as Error).message };
  }
}
