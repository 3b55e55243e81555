/**
 * Top classes of a score tensor: Triton's classification extension
 * (https://github.com/triton-inference-server/server/blob/main/docs/protocol/extension_classification.md)
 * and the V1 route's `top_k`. As in Triton, the output of a batching model (max_batch_size > 0)
 * is ranked row by row along its first dimension, any other output as a whole; highest value
 * first, ties by the lower index.
 */
import { InvalidInferRequest } from '../errors.js';
import type { Tensor, TypedData } from '../model/types.js';

export interface ClassScore {
  index: number;
  value: number | bigint;
}

export interface BytesTensor {
  name: string;
  datatype: 'BYTES';
  shape: number[];
  data: string[];
}

/** Rows and row length of a score tensor: rows along the first dimension when `batched`. */
export function rowsOf(shape: readonly number[], batched: boolean): { rows: number; width: number } {
  let width = 1;
  for (let d = batched ? 1 : 0; d < shape.length; d++) width *= shape[d];
  return batched && shape.length > 0 ? { rows: shape[0], width } : { rows: 1, width };
}

/** The `k` best entries of data[offset, offset + width). */
export function topK(data: TypedData, offset: number, width: number, k: number): ClassScore[] {
  const order = Array.from({ length: width }, (_, i) => i);
  order.sort((a, b) => {
    const va = data[offset + a];
    const vb = data[offset + b];
    return va > vb ? -1 : va < vb ? 1 : a - b;
  });
  return order.slice(0, Math.min(k, width)).map((i) => ({ index: i, value: data[offset + i] }));
}

/** Triton writes the score with C++ std::to_string: six decimals for floats. */
function formatValue(datatype: Tensor['datatype'], value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  return datatype === 'FP32' || datatype === 'FP64' ? value.toFixed(6) : String(value);
}

/** The classification extension's BYTES tensor: `"<value>:<index>[:<label>]"` per class. */
export function classify(
  output: Tensor,
  count: number,
  labels: readonly string[] | undefined,
  batched: boolean,
): BytesTensor {
  if (output.datatype === 'BOOL' || output.datatype === 'FP16') {
    throw new InvalidInferRequest(
      `class result not available for output due to unsupported type '${output.datatype}'`,
    );
  }
  const { rows, width } = rowsOf(output.shape, batched);
  const kept = Math.min(count, width);
  const data: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (const { index, value } of topK(output.data, r * width, width, kept)) {
      const label = labels?.[index];
      const text = `${formatValue(output.datatype, value)}:${index}`;
      data.push(label === undefined ? text : `${text}:${label}`);
    }
  }
  const shape = batched && output.shape.length > 0 ? [rows, kept] : [kept];
  return { name: output.name, datatype: 'BYTES', shape, data };
}

/** BYTES elements in the binary extension's layout: a 4-byte little-endian length, then the bytes. */
export function bytesToBinary(data: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const text of data) {
    const bytes = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length, 0);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}
