import { doubleCharge, PDF_BYTES, PNG_BYTES, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

/**
 * An agent's reply may carry attachments (issue 14): the same checks as the customer's
 * proofs, sent with the e-mail, and shown on both sides — on the customer's page with their
 * private token only. They are the agent's, not proofs: the checklist does not count them.
 */
let h: Harness;
let agent: SignedInClient;
beforeAll(async () => {
  h = await startHarness();
  agent = await h.signIn('agent', 'Attaching Agent');
});
afterAll(async () => {
  await h?.close();
});

type Receipt = { id: string; reference: string; accessToken: string };
const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

it('sends the reply’s files with the e-mail and lets the customer download them with their token', async () => {
  const t = (await h.http().post('/api/tickets').send(doubleCharge).expect(201)).body as Receipt;
  await waitFor(async () => ((await h.ctx.db.repos.tickets.findById(t.id))?.triagedAt ? true : null), 10_000, 'triage');
  const before = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body;

  const form = () =>
    h.http().post(`/api/tickets/${t.id}/replies`).set('Cookie', agent.cookie).set('X-CSRF-Token', agent.csrfToken);
  // A disguised executable is refused like a customer's: nothing sent, nothing kept.
  const refused = await form().field('version', String(before.version)).field('body', 'Voici notre facture.').attach('attachments', Buffer.from('MZ\x90\x00 program'), 'facture.pdf').expect(415);
  expect(refused.body.error).toMatchObject({ code: 'unsupported_file_type', details: { field: 'attachments', file: 'facture.pdf' } });
  // A bad version in a form is a 400 in JSON, not a 500.
  expect((await form().field('version', 'abc').field('body', 'x').expect(400)).body.error.code).toBe('validation_failed');

  const res = await form()
    .field('version', String(before.version))
    .field('body', 'Voici notre avoir et la capture du remboursement.')
    .attach('attachments', PDF_BYTES, 'avoir.pdf')
    .attach('attachments', PNG_BYTES, 'capture.png')
    .expect(201);
  expect(res.body.version).toBeGreaterThan(before.version);

  const mail = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(t.reference) && m.text?.includes('Voici notre avoir')), 15_000, 'the reply');
  expect(mail.attachments.map((a) => a.filename).sort()).toEqual(['avoir.pdf', 'capture.png']);
  expect(Buffer.compare(mail.attachments.find((a) => a.filename === 'avoir.pdf')!.content, PDF_BYTES)).toBe(0);

  const detail = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body;
  expect(detail.files.filter((f: { addedBy: string }) => f.addedBy === 'agent')).toHaveLength(2);
  expect(detail.proofCount).toBe(before.proofCount);
  const reply = detail.timeline.find((e: { type: string }) => e.type === 'reply');
  expect(reply.data.files.map((f: { name: string }) => f.name)).toEqual(['avoir.pdf', 'capture.png']);

  // The customer's page shows them, and the token downloads those very bytes; no token, no file.
  const page = (await h.http().get(`/api/tickets/${t.reference}`).set('Authorization', `Bearer ${t.accessToken}`).expect(200)).body;
  const shown = page.timeline.find((e: { type: string }) => e.type === 'reply');
  const pdf = shown.data.files.find((f: { name: string }) => f.name === 'avoir.pdf');
  const download = await h.http().get(`/api/tickets/${t.reference}/files/${pdf.id}`).set('Authorization', `Bearer ${t.accessToken}`).buffer(true).parse(binary).expect(200);
  expect(download.headers['content-type']).toBe('application/pdf');
  expect(Buffer.compare(download.body as Buffer, PDF_BYTES)).toBe(0);
  expect((await h.http().get(`/api/tickets/${t.reference}/files/${pdf.id}`).expect(404)).body.error.code).toBe('not_found');
  const other = (await h.http().post('/api/tickets').send(doubleCharge).expect(201)).body as Receipt;
  await h.http().get(`/api/tickets/${other.reference}/files/${pdf.id}`).set('Authorization', `Bearer ${other.accessToken}`).expect(404);
});
