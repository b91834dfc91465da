import { importInboundMail } from '../../core/inbound-import';
import { ticketIdFromMessageId } from '../../domain/inbound-mail';
import { doubleCharge, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';

/**
 * Outgoing e-mail carries its ticket (issue 14): every message of a ticket is one thread in
 * the customer's mail client, a reply goes to the shop's support address, and only automatic
 * messages ask robots not to answer.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

it('threads the acknowledgement and an agent’s reply, and a reply to either leads back to the ticket', async () => {
  const ticket = (await h.http().post('/api/tickets').send(doubleCharge).expect(201)).body;
  const ack = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(ticket.reference)), 15_000, 'the acknowledgement');
  const domain = 'support.example.test'; // the harness's PUBLIC_URL host
  expect(ack.messageId).toBe(`<mail-${ticket.id}-acknowledgement-once@${domain}>`);
  expect(ack.inReplyTo).toBeUndefined();
  expect(ack.headers.get('auto-submitted')).toBe('auto-generated');
  expect(ack.headers.get('x-guichet-ticket')).toBe(ticket.reference);
  expect(ack.replyTo?.value[0].address).toBe('commande@sofimix.com');

  const agent = await h.signIn('agent');
  const { version } = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body;
  await agent.post(`/api/tickets/${ticket.id}/replies`, { version, body: 'Nous regardons votre paiement.' }).expect(201);
  const reply = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(ticket.reference) && m !== ack), 15_000, 'the reply');
  expect(reply.inReplyTo).toBe(ack.messageId);
  expect(reply.references).toBe(ack.messageId);
  expect(reply.headers.get('auto-submitted')).toBeUndefined();
  for (const id of [ack.messageId!, reply.messageId!]) expect(ticketIdFromMessageId(id, domain)).toBe(ticket.id);
});

it('replies to the ticket’s own address when the shop’s mailbox takes plus addresses, and a reply to it comes back to the ticket', async () => {
  const brand = (await h.ctx.db.repos.brands.findBySlug('sofimix'))!;
  await h.ctx.db.repos.mailboxes.save({ brandId: brand.id, host: '127.0.0.1', port: 1, secure: false, username: 'x', sealedPassword: 'x', folder: 'INBOX', doneFolder: null, closedReplies: 'new_ticket', plusAddressing: true, updatedBy: 'test', updatedAt: h.ctx.now() });
  try {
    const ticket = (await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: 'plus.client@example.fr' }).expect(201)).body;
    const ack = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(ticket.reference)), 15_000, 'the acknowledgement');
    const replyTo = ack.replyTo!.value[0].address!;
    expect(replyTo).toMatch(/^commande\+[0-9a-z]{8}-[0-9a-f]{10}@sofimix\.com$/);
    // A client that keeps no header of ours and writes its own subject.
    const raw = Buffer.from(`From: plus.client@example.fr\r\nTo: ${replyTo}\r\nSubject: Mon relevé\r\nMessage-ID: <plus-reply@example.fr>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLe relevé montre bien deux débits.\r\n`);
    const outcome = await importInboundMail(h.ctx, brand, raw, h.ctx.now());
    expect(outcome).toMatchObject({ kind: 'reply', ticketId: ticket.id });
  } finally {
    await h.ctx.db.repos.mailboxes.remove(brand.id);
  }
});
