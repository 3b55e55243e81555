/**
 * Triton's binary tensor data extension at the body level
 * (https://github.com/triton-inference-server/server/blob/main/docs/protocol/extension_binary_data.md):
 * a JSON header of `Inference-Header-Content-Length` bytes, then raw tensors back to back in the
 * order of the inputs (or outputs) that carry `binary_data_size`.
 */
import { InvalidInferRequest } from '../errors.js';

export const INFERENCE_HEADER = 'inference-header-content-length';
/** Triton's response content type whenever binary output data follows the JSON. */
export const BINARY_MEDIA_TYPE = 'application/octet-stream';

/** Binary tensors start at a multiple of this offset when the body reader can place them. */
export const TENSOR_ALIGNMENT = 8;

const DIGITS = /^\d+$/;

/**
 * The JSON header's length from the Inference-Header-Content-Length header, checked against the
 * body's length (Triton's wording); undefined when the header is absent: the body is all JSON.
 */
export function headerLength(value: string | string[] | undefined, bodyLength: number): number | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(',') : value.trim();
  if (!DIGITS.test(text)) {
    throw new InvalidInferRequest(`Unable to parse Inference-Header-Content-Length, got: ${text}`);
  }
  const length = Number(text);
  if (length > bodyLength) {
    throw new InvalidInferRequest(`inference header size should be in range (0, ${bodyLength}), got: ${text}`);
  }
  if (length === 0) {
    throw new InvalidInferRequest(
      'Inference-Header-Content-Length: 0 (a raw binary request with no JSON header) is not supported; ' +
        'send a JSON header with binary_data_size for each input',
    );
  }
  return length;
}

export interface SplitBody {
  header: Buffer;
  /** The bytes after the JSON header; undefined when the request has no header length. */
  tail: Buffer | undefined;
}

/**
 * A body assembled from its chunks in one copy, the copy a body has to go through anyway, with
 * the binary part moved up to the next multiple of TENSOR_ALIGNMENT: typed arrays can then wrap
 * the tensors in place (src/protocol/datatypes.ts fromBytes) whatever the JSON's length.
 */
export function assembleBody(chunks: readonly Buffer[], total: number, headerLengthValue: string | string[] | undefined): SplitBody {
  const split = headerLength(headerLengthValue, total);
  if (split === undefined) return { header: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), tail: undefined };
  const pad = (TENSOR_ALIGNMENT - (split % TENSOR_ALIGNMENT)) % TENSOR_ALIGNMENT;
  const out = Buffer.allocUnsafeSlow(total + pad); // never pooled: byteOffset 0
  let position = 0;
  for (const chunk of chunks) {
    const inHeader = Math.max(0, Math.min(chunk.length, split - position));
    chunk.copy(out, position, 0, inHeader);
    chunk.copy(out, position + inHeader + pad, inHeader);
    position += chunk.length;
  }
  return { header: out.subarray(0, split), tail: out.subarray(split + pad) };
}

/** Reads one input's bytes from the tail, in order; sizes are checked by the caller's cursor. */
export class BinaryCursor {
  private offset = 0;

  constructor(private readonly tail: Buffer) {}

  /** The next `size` bytes (a view, not a copy), or undefined when fewer remain. */
  take(size: number): Buffer | undefined {
    if (this.offset + size > this.tail.length) return undefined;
    const bytes = this.tail.subarray(this.offset, this.offset + size);
    this.offset += size;
    return bytes;
  }

  get remaining(): number {
    return this.tail.length - this.offset;
  }
}

/**
 * A response body: the JSON header then each binary output's bytes, written into one buffer of
 * the exact size (one allocation, each byte copied once; small bodies come from Node's pool).
 */
export function joinBody(json: string, chunks: readonly Uint8Array[]): { body: Buffer; headerLength: number } {
  const headerLength = Buffer.byteLength(json, 'utf8');
  let total = headerLength;
  for (const chunk of chunks) total += chunk.byteLength;
  const body = Buffer.allocUnsafe(total);
  let position = body.write(json, 0, 'utf8');
  for (const chunk of chunks) {
    body.set(chunk, position);
    position += chunk.byteLength;
  }
  return { body, headerLength };
}
