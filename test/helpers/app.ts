import { buildApp, type App } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';

/** An app over the default config, with overrides given as environment strings. */
export async function testApp(env: Record<string, string> = {}): Promise<App> {
  return buildApp({ config: loadConfig(env) });
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig(env);
}
