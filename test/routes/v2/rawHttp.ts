/**
 * Plain node:http requests, so a test controls every header byte: tritonclient sends its binary
 * requests with no Content-Type at all, which HTTP helper libraries tend to fill in.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../../src/app.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export async function listening(app: App): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export async function rawPost(app: App, path: string, headers: Record<string, string>, body: Buffer): Promise<RawResponse> {
  const base = await listening(app);
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A binary-extension request body: the JSON header, then each tensor's bytes. */
export function binaryRequest(header: object, ...tensors: ArrayBufferView[]): { body: Buffer; headerLength: number } {
  const json = Buffer.from(JSON.stringify(header));
  const parts = tensors.map((t) => Buffer.from(t.buffer, t.byteOffset, t.byteLength));
  return { body: Buffer.concat([json, ...parts]), headerLength: json.length };
}

/** Splits a binary-extension response at its Inference-Header-Content-Length. */
export function splitResponse(res: RawResponse): { header: Record<string, unknown>; tail: Buffer } {
  const length = Number(res.headers['inference-header-content-length']);
  return { header: JSON.parse(res.body.subarray(0, length).toString('utf8')), tail: res.body.subarray(length) };
}
