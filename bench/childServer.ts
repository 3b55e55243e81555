/** What both benchmark servers do once built: listen, tell the parent the port, exit on SIGTERM. */
import type { FastifyInstance } from 'fastify';

export async function announceAndServe(app: FastifyInstance): Promise<void> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('bench: server has no TCP address');
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}
