/**
 * The baseline for the HTTP benchmark: bare Fastify doing only what any JSON or binary endpoint
 * must. POST /echo/json parses the body and returns it as is (JSON.parse + JSON.stringify);
 * POST /echo/bytes returns the raw body bytes with the request's Content-Type.
 * Same body limit as the service, no schemas, no logger. Protocol as bench/server.ts.
 */
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import { announceAndServe } from './childServer.js';

const BINARY_TYPES = ['application/octet-stream', 'application/x-npy'];

const app = Fastify({ logger: false, bodyLimit: loadConfig({}).BODY_LIMIT_BYTES });
app.addContentTypeParser(BINARY_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/echo/json', async (request) => request.body);
app.post('/echo/bytes', async (request, reply) =>
  reply.type(request.headers['content-type'] ?? BINARY_TYPES[0]).send(request.body),
);
await announceAndServe(app);
