/**
 * The serving benchmark's second ceiling: Fastify and onnxruntime-node with nothing of ours in
 * between. One route takes the binary request the benchmark sends (JSON header, then the FP32
 * input), runs the session configured as src/model/onnxruntimeBackend.ts configures it, and
 * answers Triton's binary response; no schemas, no validation beyond what the run needs, no
 * logger, no metrics. What the service costs beyond it is the protocol, checks and observability.
 * The model file and intra-op threads come from BENCH_MODEL_FILE and BENCH_INTRA_OP_THREADS. Protocol as bench/childServer.ts.
 */
import Fastify from 'fastify';
import * as ort from 'onnxruntime-node';
import { sessionOptions } from '../src/model/onnxruntimeBackend.js';
import { announceAndServe } from './childServer.js';

const file = process.env.BENCH_MODEL_FILE;
if (file === undefined) throw new Error('bench: BENCH_MODEL_FILE is not set');
const session = await ort.InferenceSession.create(file, sessionOptions(Number(process.env.BENCH_INTRA_OP_THREADS ?? 1)));
const [inputName] = session.inputNames;
const [outputName] = session.outputNames;

interface Header {
  inputs: { shape: number[] }[];
}

const app = Fastify({ logger: false });
app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/v2/models/:model/infer', async (request, reply) => {
  const body = request.body as Buffer;
  const split = Number(request.headers['inference-header-content-length']);
  const header = JSON.parse(body.toString('utf8', 0, split)) as Header;
  // A copy: the tail's offset in the body need not be a multiple of 4.
  const x = new Float32Array(body.buffer.slice(body.byteOffset + split, body.byteOffset + body.length));
  const results = await session.run({ [inputName]: new ort.Tensor('float32', x, header.inputs[0].shape) });
  const y = results[outputName];
  const data = y.data as Float32Array;
  const json = JSON.stringify({
    model_name: 'bench_mlp',
    model_version: '1',
    outputs: [{ name: outputName, datatype: 'FP32', shape: y.dims, parameters: { binary_data_size: data.byteLength } }],
  });
  const out = Buffer.allocUnsafe(Buffer.byteLength(json) + data.byteLength);
  const at = out.write(json);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
  return reply.type('application/octet-stream').header('inference-header-content-length', at).send(out);
});
await announceAndServe(app);
