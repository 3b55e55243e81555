/**
 * Request logs: one JSON line per request, written when the response is sent, carrying the
 * request id, the request (method, url), the status and the time taken (src/app.ts).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stream, lines };
}

describe('request logs', () => {
  it('one line per request, with reqId, req, res and responseTime', async () => {
    const { stream, lines } = capture();
    const app = await buildApp({ config: loadConfig({}), logger: { level: 'info', stream } });
    try {
      const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'req-1' } });
      expect(res.statusCode).toBe(200);
      const mine = lines().filter((l) => l.reqId === 'req-1');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', url: '/healthz' }, res: { statusCode: 200 } });
      expect(typeof mine[0].responseTime).toBe('number');
    } finally {
      await app.close();
    }
  });

  it('a refused request: its own line from the error handler, then the one completion line', async () => {
    const { stream, lines } = capture();
    const app = await buildApp({ config: loadConfig({}), logger: { level: 'info', stream } });
    try {
      const res = await app.inject({ method: 'POST', url: '/v2/models/none/infer', headers: { 'x-request-id': 'req-2' }, payload: { inputs: [] } });
      expect(res.statusCode).toBe(400);
      const mine = lines().filter((l) => l.reqId === 'req-2');
      expect(mine.map((l) => l.msg)).toEqual(['request refused', 'request completed']);
      expect(mine[1]).toMatchObject({ res: { statusCode: 400 } });
    } finally {
      await app.close();
    }
  });
});
