/**
 * The serving benchmark's ceiling: bare node:http, no framework, no model. Each request's body is
 * read and dropped, and the answer is a fixed buffer of `?bytes=N` bytes (the size of the real
 * binary response) with the binary extension's headers; so its cost per request is what any
 * Node HTTP server pays on this machine for the same bytes in and out. Protocol as
 * bench/childServer.ts: prints `{"port": N}` once listening on 127.0.0.1; exits on SIGTERM.
 */
import { createServer } from 'node:http';

const bodies = new Map<number, Buffer>();

function body(url: string | undefined): Buffer {
  const at = url?.indexOf('bytes=') ?? -1;
  const bytes = at < 0 ? 0 : Number.parseInt(url!.slice(at + 6), 10) || 0;
  let fixed = bodies.get(bytes);
  if (fixed === undefined) {
    fixed = Buffer.alloc(bytes, 1);
    bodies.set(bytes, fixed);
  }
  return fixed;
}

const server = createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    const reply = body(request.url);
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'inference-header-content-length': '0',
      'content-length': reply.length,
    });
    response.end(reply);
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('bench: server has no TCP address');
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
