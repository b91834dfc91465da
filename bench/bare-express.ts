import type { AddressInfo } from 'node:net';
import express from 'express';

/**
 * What this machine's Express answers for the same request with nothing behind it: the JSON
 * body parsed as the API parses it (same limit, strict), a 201 with a small JSON answer. Intake
 * figures are given as a ratio to it, measured in the same run, so that they compare across
 * machines and hours.
 */
export async function startBareExpress(): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb', strict: true }));
  app.post('/api/tickets', (req, res) => {
    res.status(201).json({ received: typeof req.body === 'object' && req.body !== null });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
