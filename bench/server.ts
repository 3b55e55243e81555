/**
 * The service as the HTTP benchmark drives it, in its own process so that the load generator
 * and the benchmark's bookkeeping do not share its event loop. Prints `{"port": N}` once
 * listening on 127.0.0.1; closes and exits on SIGTERM (so that --cpu-prof can write its profile).
 */
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { announceAndServe } from './childServer.js';

const app = await buildApp({ config: loadConfig({}) });
await announceAndServe(app);
