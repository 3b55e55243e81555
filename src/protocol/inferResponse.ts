/**
 * The model layer's outputs as an OIP inference response: JSON text written directly (exact
 * 64-bit integers, no intermediate arrays of boxed numbers), or, when any output is binary, that
 * JSON followed by the raw bytes with the header length Triton sends
 * (Content-Type application/octet-stream and Inference-Header-Content-Length).
 */
import type { Tensor } from '../model/types.js';
import { joinBody } from './binaryBody.js';
import { type BytesTensor, bytesToBinary, classify } from './classification.js';
import { toBytes } from './datatypes.js';
import type { OutputRequest } from './inferRequest.js';
import { jsonDataText } from './jsonData.js';

export interface ResponseInput {
  modelName: string;
  modelVersion: string;
  id?: string;
  /** What the model returned, in the order the request asked (all outputs when it did not). */
  outputs: Tensor[];
  requested: OutputRequest[] | undefined;
  binaryDefault: boolean;
  labels: (output: string) => readonly string[] | undefined;
  /** Whether the model batches along the first dimension (for classification rows). */
  batched: () => boolean;
}

export type EncodedResponse = { kind: 'json'; body: string } | { kind: 'binary'; body: Buffer; headerLength: number };

function outputJson(tensor: Tensor | BytesTensor, binarySize: number | undefined, dataText: string | undefined): string {
  let text = `{"name":${JSON.stringify(tensor.name)},"datatype":"${tensor.datatype}","shape":[${tensor.shape.join(',')}]`;
  if (binarySize !== undefined) text += `,"parameters":{"binary_data_size":${binarySize}}`;
  if (dataText !== undefined) text += `,"data":${dataText}`;
  return `${text}}`;
}

export function encodeInferResponse(input: ResponseInput): EncodedResponse {
  const byName = input.requested === undefined ? undefined : new Map(input.requested.map((r) => [r.name, r]));
  const chunks: Uint8Array[] = [];
  const parts: string[] = [];
  for (const output of input.outputs) {
    const request = byName?.get(output.name);
    const binary = request?.binary ?? input.binaryDefault;
    const tensor: Tensor | BytesTensor =
      request?.classification === undefined
        ? output
        : classify(output, request.classification, input.labels(output.name), input.batched());
    if (binary) {
      const bytes = tensor.datatype === 'BYTES' ? bytesToBinary(tensor.data) : toBytes(tensor.data);
      if (bytes.byteLength > 0) chunks.push(bytes);
      parts.push(outputJson(tensor, bytes.byteLength, undefined));
    } else {
      const data = tensor.datatype === 'BYTES' ? JSON.stringify(tensor.data) : jsonDataText(tensor.datatype, tensor.data);
      parts.push(outputJson(tensor, undefined, data));
    }
  }
  let json = `{"model_name":${JSON.stringify(input.modelName)},"model_version":${JSON.stringify(input.modelVersion)}`;
  if (input.id !== undefined) json += `,"id":${JSON.stringify(input.id)}`;
  json += `,"outputs":[${parts.join(',')}]}`;
  if (chunks.length === 0) return { kind: 'json', body: json };
  const { body, headerLength } = joinBody(json, chunks);
  return { kind: 'binary', body, headerLength };
}
