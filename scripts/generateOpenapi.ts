/**
 * Writes openapi/openapi.json from the routes' own schemas (npm run openapi).
 * test/openapi.test.ts fails when the committed file differs from what this generates.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

export const OPENAPI_PATH = fileURLToPath(new URL('../openapi/openapi.json', import.meta.url));

export async function generateOpenapi(): Promise<string> {
  const app = await buildApp({ config: loadConfig({}) });
  try {
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_PATH, await generateOpenapi());
  console.log(`wrote ${OPENAPI_PATH}`);
}
