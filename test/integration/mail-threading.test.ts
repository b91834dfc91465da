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
