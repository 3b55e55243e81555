import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servingApp, type ServingApp } from '../../helpers/app.js';

let serving: ServingApp;
beforeAll(async () => {
  serving = await servingApp();
});
afterAll(async () => {
  await serving.close();
});

/** The value of one sample line, `name{labels} value`, or undefined when absent. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const metrics = async () => (await request(serving.app.server).get('/metrics').expect(200)).text;
const LABELS = 'model="fixture_mlp_leaky",version="1"';

describe('GET /metrics', () => {
  it('is Prometheus text with the process metrics', async () => {
    const res = await request(serving.app.server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^# HELP process_cpu_user_seconds_total /m);
    expect(res.text).toMatch(/^# TYPE nv_inference_request_success counter$/m);
    expect(res.text).toMatch(/^# TYPE leaky_serve_inference_request_duration_seconds histogram$/m);
  });

  it("counts successes, inferences (a batch of n is n), executions and durations per model and version, as Triton's names do", async () => {
    const before = await metrics();
    await request(serving.app.server)
      .post('/v2/models/fixture_mlp_leaky/infer')
      .send({ inputs: [{ name: 'x', shape: [5, 4], datatype: 'FP32', data: new Array(20).fill(1) }] })
      .expect(200);
    const after = await metrics();
    const delta = (name: string) => (sample(after, name, LABELS) ?? 0) - (sample(before, name, LABELS) ?? 0);
    expect(delta('nv_inference_request_success')).toBe(1);
    expect(delta('nv_inference_count')).toBe(5);
    expect(delta('nv_inference_exec_count')).toBe(1);
    expect(delta('nv_inference_request_duration_us')).toBeGreaterThan(0);
    expect(delta('nv_inference_compute_infer_duration_us')).toBeGreaterThan(0);
    expect(delta('leaky_serve_inference_request_duration_seconds_count')).toBe(1);
    expect(delta('leaky_serve_inference_compute_duration_seconds_count')).toBe(1);
  });

  it('counts a failed request against the version served; requests for unknown models add no series', async () => {
    const before = await metrics();
    const bad = { inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP32', data: [1, 2, 3] }] };
    await request(serving.app.server).post('/v2/models/fixture_mlp_leaky/infer').send(bad).expect(400);
    await request(serving.app.server).post('/v2/models/no_such_model/infer').send(bad).expect(404);
    const after = await metrics();
    expect((sample(after, 'nv_inference_request_failure', LABELS) ?? 0) - (sample(before, 'nv_inference_request_failure', LABELS) ?? 0)).toBe(1);
    expect(after).not.toContain('no_such_model');
  });

  it('every app has its own registry: a new app starts from zero', async () => {
    const other = await servingApp();
    try {
      const text = (await request(other.app.server).get('/metrics').expect(200)).text;
      expect(sample(text, 'nv_inference_request_success', LABELS)).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
