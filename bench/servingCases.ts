/**
 * The serving benchmark's requests, one case per batch size: the input, the session's output for
 * it, the binary-extension and JSON bodies with their wrk scripts; and the check that every path
 * returns the session's output before any load is timed.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ModelRegistry } from '../src/model/registry.js';
import type { Tensor } from '../src/model/types.js';
import { randomData } from './data.js';
import { FEATURES, MLP_INPUT, MLP_OUTPUT, SERVING_MODEL } from './servingModel.js';
import { writeWrkScript } from './wrk.js';

const BINARY_TYPE = 'application/octet-stream';
const JSON_TYPE = 'application/json';
const INFERENCE_HEADER = 'Inference-Header-Content-Length';

export interface Case {
  batch: number;
  x: Float32Array;
  /** The session's output for x: what every path must return. */
  expected: Float32Array;
  binary: { body: Buffer; headerLength: number; script: string };
  json: { body: Buffer; script: string };
}

function binaryBody(x: Float32Array, batch: number): { body: Buffer; headerLength: number } {
  const header = Buffer.from(
    JSON.stringify({
      inputs: [{ name: MLP_INPUT, shape: [batch, FEATURES], datatype: 'FP32', parameters: { binary_data_size: x.byteLength } }],
      parameters: { binary_data_output: true },
    }),
  );
  return { body: Buffer.concat([header, Buffer.from(x.buffer, x.byteOffset, x.byteLength)]), headerLength: header.length };
}

function jsonBody(x: Float32Array, batch: number): Buffer {
  // Flat data, as Triton's clients send it; numbers are the float32 values' exact doubles.
  return Buffer.from(JSON.stringify({ inputs: [{ name: MLP_INPUT, shape: [batch, FEATURES], datatype: 'FP32', data: Array.from(x) }] }));
}

export async function prepareCase(dir: string, batch: number, session: ort.InferenceSession): Promise<Case> {
  const x = randomData(batch * FEATURES, 1000 + batch);
  const expected = (await session.run({ [MLP_INPUT]: new ort.Tensor('float32', x, [batch, FEATURES]) }))[MLP_OUTPUT].data as Float32Array;
  const binary = binaryBody(x, batch);
  const json = jsonBody(x, batch);
  const binaryFile = join(dir, `binary-${batch}.body`);
  const jsonFile = join(dir, `json-${batch}.body`);
  writeFileSync(binaryFile, binary.body);
  writeFileSync(jsonFile, json);
  const binaryScript = writeWrkScript(dir, `binary-${batch}`, { bodyFile: binaryFile, contentType: BINARY_TYPE, accept: BINARY_TYPE });
  // WrkRequest has no field for other headers; a top-level Lua assignment works wherever it sits.
  appendFileSync(binaryScript, `wrk.headers["${INFERENCE_HEADER}"] = "${binary.headerLength}"\n`);
  return {
    batch,
    x,
    expected,
    binary: { ...binary, script: binaryScript },
    json: { body: json, script: writeWrkScript(dir, `json-${batch}`, { bodyFile: jsonFile, contentType: JSON_TYPE, accept: JSON_TYPE }) },
  };
}

function sameValues(path: string, batch: number, got: ArrayLike<number>, expected: Float32Array): void {
  if (got.length !== expected.length) throw new Error(`bench: ${path} at batch ${batch} returns ${got.length} values, not ${expected.length}`);
  for (let i = 0; i < got.length; i++) {
    if (Math.fround(got[i]) !== expected[i]) {
      throw new Error(`bench: ${path} at batch ${batch} returns ${got[i]} at ${i} where the session returns ${expected[i]}`);
    }
  }
}

async function post(url: string, body: Buffer, headers: Record<string, string>): Promise<{ res: Response; bytes: Buffer }> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`bench: ${url} answered ${res.status}: ${bytes.toString().slice(0, 300)}`);
  return { res, bytes };
}

/** Posts the binary request to `url` and checks the binary output; returns the response's size. */
export async function checkBinary(c: Case, url: string, label: string): Promise<number> {
  const binary = await post(url, c.binary.body, { 'content-type': BINARY_TYPE, [INFERENCE_HEADER]: String(c.binary.headerLength) });
  const split = Number(binary.res.headers.get(INFERENCE_HEADER));
  const tail = binary.bytes.subarray(split);
  sameValues(label, c.batch, new Float32Array(tail.buffer.slice(tail.byteOffset, tail.byteOffset + tail.byteLength)), c.expected);
  return binary.bytes.length;
}

/**
 * One request per path, checked against the session's output before any load: a fast 4xx would
 * look great. Returns the size of the binary response (what the bare server answers with).
 */
export async function checkPaths(c: Case, registry: ModelRegistry, url: string): Promise<{ binaryResponseBytes: number }> {
  const { outputs } = await registry.infer(SERVING_MODEL, undefined, [inputTensor(c)]);
  sameValues('registry.infer', c.batch, outputs[0].data as Float32Array, c.expected);
  const binaryResponseBytes = await checkBinary(c, url, 'HTTP binary');
  const json = await post(url, c.json.body, { 'content-type': JSON_TYPE });
  const reply = JSON.parse(json.bytes.toString('utf8')) as { outputs: { data: number[] }[] };
  sameValues('HTTP JSON', c.batch, reply.outputs[0].data, c.expected);
  return { binaryResponseBytes };
}

export function inputTensor(c: Case): Tensor {
  return { name: MLP_INPUT, datatype: 'FP32', shape: [c.batch, FEATURES], data: c.x };
}
