/**
 * The container's HEALTHCHECK: a GET of /healthz over loopback with Node's own fetch, so the
 * image needs no curl. Exits 0 when the service answers 200, 1 otherwise.
 */
import { loadConfig } from './config.js';

const { PORT } = loadConfig(process.env);
try {
  const response = await fetch(`http://127.0.0.1:${PORT}/healthz`, { signal: AbortSignal.timeout(2000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
