/**
 * The process: reads the config from the environment, builds the app, listens, and closes
 * gracefully on SIGINT/SIGTERM (in-flight requests finish; a second signal or 10 s forces exit).
 */
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await buildApp({
    config,
    logger: {
      level: config.LOG_LEVEL,
      ...(config.LOG_PRETTY ? { transport: { target: 'pino-pretty' } } : {}),
    },
  });
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an uncaught error');
    else app.log.info({ signal }, 'closing');
    await app.close();
  });
  await app.listen({ port: config.PORT, host: config.HOST });
}

await main();
