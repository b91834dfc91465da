import http from 'node:http';
import { buildServer, deployment, serverErrors, type Deployment } from '../support/processes';
import { call, signInDemoAgent, uniqueReport } from '../support/load';
import { reportStream } from '../support/report-stream';
import { eventsAfter, triageCounts } from '../support/timeline';
import { waitFor } from '../support/wait';
import { PNG_BYTES } from '../support/harness';
import { startSmtpServer } from '../support/smtp';

jest.setTimeout(120_000);

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let d: Deployment;
beforeAll(async () => {
  buildServer();
  smtp = await startSmtpServer();
  d = await deployment({ SMTP_URL: smtp.url });
});
afterAll(async () => {
  await d?.close();
  await smtp?.close();
});

/** A multipart report sent in two halves, so that it is in flight when the signal comes. */
function slowUpload(url: string) {
  const boundary = 'guichet-slow-upload';
  const fields = uniqueReport(0, 'slow');
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const body = Buffer.concat([
    Buffer.from(`${head}--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="releve.png"\r\nContent-Type: image/png\r\n\r\n`),
    PNG_BYTES,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const req = http.request(`${url}/api/tickets`, { method: 'POST', headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length } });
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.subarray(0, half));
  return { answer, finish: () => req.end(body.subarray(half)) };
}

/** GET on one kept-alive connection: the status, and whether the server then closed it. */
function onConnection(agent: http.Agent, url: string, path: string) {
  return new Promise<{ status: number; close: string | undefined }>((resolve, reject) => {
    http.get(`${url}${path}`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, close: res.headers.connection }));
    }).on('error', reject);
  });
}

describe('when the server is told to stop (SIGTERM) in the middle of traffic', () => {
  it('finishes what is in flight, refuses the rest at once, exits within seconds and loses nothing accepted', async () => {
    const proc = await d.start('all-in-one');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await onConnection(agent, d.url, '/healthz')).status).toBe(200); // a connection kept alive, idle

    const upload = slowUpload(d.url);
    await new Promise((r) => setTimeout(r, 200));
    const stream = reportStream(d.url, 'stream');
    const { exchanges } = stream;
    await new Promise((r) => setTimeout(r, 500));

    const signalledAt = Date.now();
    const stopped = proc.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    upload.finish(); // the rest of a request that started before the signal
    const kept = await onConnection(agent, d.url, '/healthz').catch((err: Error) => ({ status: 0, close: err.message }));
    const { code, ms } = await stopped;
    await stream.stop();
    agent.destroy();

    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    const uploaded = await upload.answer;
    expect(uploaded.status).toBe(201);
    // The kept-alive connection is refused (503, closed) or already closed; never served.
    expect(kept.status === 503 || kept.status === 0).toBe(true);
    const late = exchanges.filter((e) => e.sentAt > signalledAt + 200);
    expect(late.length).toBeGreaterThan(0);
    for (const e of late) {
      expect(e.status === 'error' || (e.status === 503 && e.body.error.code === 'shutting_down')).toBe(true);
    }
    const accepted = exchanges.filter((e) => e.status === 201).map((e) => e.body);
    expect(accepted.length).toBeGreaterThan(0);
    expect(exchanges.filter((e) => typeof e.status === 'number' && e.status !== 201 && e.status !== 503)).toEqual([]);

    const again = await d.start('all-in-one');
    for (const r of [...accepted, uploaded.body]) {
      const view = await call(d.url, 'view', `/api/tickets/${r.reference}`, { headers: { Authorization: `Bearer ${r.accessToken}` } });
      expect(view.status).toBe(200);
    }
    const view = await call(d.url, 'view', `/api/tickets/${uploaded.body.reference}`, { headers: { Authorization: `Bearer ${uploaded.body.accessToken}` } });
    expect(view.body.missingEvidence).not.toContain('proof');
    await again.stop('SIGTERM');
  });
});

describe('when a worker is told to stop (SIGTERM) while reports stream in', () => {
  it('finishes the jobs in hand, leaves the rest queued, exits 0 in seconds; the next worker triages the rest, each report once', async () => {
    const api = await d.start('api');
    const worker = await d.start('worker');
    const agent = await signInDemoAgent(d.url);
    const { lastId: start } = await eventsAfter(d.url, agent, 0);
    const stream = reportStream(d.url, 'worker-stop');
    await new Promise((r) => setTimeout(r, 1000));
    const { code, ms } = await worker.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 500)); // reports accepted while no worker runs: queued
    await stream.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(worker.logs.some((l) => /guichet-worker stopped/.test(l))).toBe(true);

    const accepted = stream.exchanges.filter((e) => e.status === 201).map((e) => e.body as { id: string; reference: string });
    expect(accepted.length).toBe(stream.exchanges.length); // the API was never stopped
    await d.start('worker');
    const counts = await waitFor(() => triageCounts(d.url, agent, start, accepted.map((t) => t.id)), 30_000, 'every report triaged');
    expect(accepted.filter((t) => counts.get(t.id) !== 1)).toEqual([]);
    await waitFor(() => accepted.every((t) => smtp.messages.some((m) => m.subject === `[${t.reference}] Nous avons bien reçu votre signalement`)), 30_000, 'every acknowledgement');
    expect(accepted.filter((t) => smtp.messages.filter((m) => m.subject === `[${t.reference}] Nous avons bien reçu votre signalement`).length !== 1)).toEqual([]);
    expect(serverErrors(api)).toEqual([]);
  });
});
