import { startHarness, doubleCharge, type Harness, type SignedInClient } from '../support/harness';
import { startImapServer, type ImapAccount, type ImapServer } from '../support/imap-server';
import { bounce, cardNumberWithPdf, frenchReply, newRequest, outOfOffice, redelivered, CUSTOMER, REPLY_TEXT } from '../support/mail-fixtures';
import { waitFor } from '../support/wait';

/**
 * A shop's support mailbox read by IMAP (issue 14), against a real dovecot: the admin sets it
 * (the password never comes back), the worker's scheduler reads it, a customer's reply lands
 * on its ticket once however many times it is delivered, an out-of-office is only recorded,
 * and each message read is marked so and never taken again.
 */
let imap: ImapServer;
let account: ImapAccount;
let h: Harness;
let admin: SignedInClient;
let agent: SignedInClient;
beforeAll(async () => {
  imap = await startImapServer();
  account = await imap.createUser('sofimix-support', 'mailbox password 1');
  h = await startHarness({ env: { MAILBOX_FETCH_INTERVAL_MS: '300' } });
  admin = await h.signIn('admin');
  agent = await h.signIn('agent');
});
afterAll(async () => {
  await h?.close();
  await imap?.close();
});

it('imports a customer’s reply into its ticket once, ignores an out-of-office, and marks what it read', async () => {
  const res = await admin.put('/api/brands/sofimix/mailbox', { host: account.host, port: account.port, secure: false, username: account.user, password: account.password }).expect(200);
  expect(res.body).toMatchObject({ configured: true, host: account.host, username: account.user, folder: 'INBOX', lastUid: 0 });
  expect(JSON.stringify(res.body)).not.toContain(account.password);
  expect((await agent.put('/api/brands/sofimix/mailbox', { host: 'x', username: 'x', password: 'x' }).expect(403)).body.error.code).toBe('forbidden');
  expect((await admin.put('/api/brands/sofimix/mailbox', { host: 'imap example', username: 'x', password: 'x' }).expect(400)).body.error.details).toEqual([expect.objectContaining({ field: 'host' })]);

  const ticket = (await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: 'marie.curie@example.fr' }).expect(201)).body;
  const ack = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(ticket.reference)), 15_000, 'the acknowledgement');
  const reply = await frenchReply({ from: CUSTOMER, inReplyTo: ack.messageId! });
  await imap.append(account.user, reply.raw);
  await imap.append(account.user, redelivered(reply).raw);
  await imap.append(account.user, (await outOfOffice({ from: CUSTOMER, inReplyTo: ack.messageId! })).raw);

  const events = async () => (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body.timeline as Array<{ type: string; data: Record<string, unknown> }>;
  await waitFor(async () => (await events()).some((e) => e.type === 'customer_message'), 20_000, 'the reply on the ticket');
  await waitFor(async () => (await admin.get('/api/brands/sofimix/mailbox').expect(200)).body.lastUid === 3, 10_000, 'the three messages read');
  const messages = (await events()).filter((e) => e.type === 'customer_message');
  expect(messages).toHaveLength(1);
  expect(String(messages[0].data.text)).toContain(REPLY_TEXT.split('\n')[2]);
  expect(String(messages[0].data.text)).not.toContain('a écrit');
  expect((await imap.list(account.user)).map((m) => m.flags.includes('\\Seen'))).toEqual([true, true, true]);
  const kinds = (await h.ctx.db.query(`SELECT "kind" FROM inbound_messages ORDER BY "receivedAt"`)) as Array<{ kind: string }>;
  expect(kinds.map((k) => k.kind).sort()).toEqual(['auto_reply', 'reply']);

  // A later message only: the first three are never read again.
  await new Promise((r) => setTimeout(r, 1000));
  expect((await events()).filter((e) => e.type === 'customer_message')).toHaveLength(1);
});

it('ends a bounce, a card number with a PDF and a message for no ticket each in its state', async () => {
  await admin.put('/api/brands/sofimix/mailbox', { host: account.host, port: account.port, secure: false, username: account.user, password: account.password }).expect(200);
  const ticket = (await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: 'marie.curie@example.fr', orderNumber: 'SFX-IMAP-2' }).expect(201)).body;
  const ack = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(ticket.reference)), 15_000, 'the acknowledgement');
  const before = await h.ctx.db.repos.tickets.findById(ticket.id);

  const card = await cardNumberWithPdf({ from: CUSTOMER, inReplyTo: ack.messageId!, subject: `Re: ${ticket.reference} débité sur ma carte 4242 4242 4242 4242` });
  const stranger = await newRequest({ from: 'Paul Martin <paul.martin@example.fr>' });
  await imap.append(account.user, bounce({ original: { messageId: ack.messageId!, to: 'marie.curie@example.fr' } }).raw);
  await imap.append(account.user, card.raw);
  await imap.append(account.user, stranger.raw);
  const read = await waitFor(async () => {
    const kinds = (await h.ctx.db.query(`SELECT "kind", "ticketId", "messageId" FROM inbound_messages`)) as Array<{ kind: string; ticketId: string | null; messageId: string }>;
    return kinds.length >= 5 ? kinds : null; // two from the first test (a redelivery is no row)
  }, 20_000, 'the three new messages read');

  // The bounce: an internal line on the ticket whose mail bounced.
  const events = async (id: string) => (await agent.get(`/api/tickets/${id}`).expect(200)).body.timeline as Array<{ type: string; isPublic: boolean; data: Record<string, unknown> }>;
  const bounced = (await events(ticket.id)).find((e) => e.type === 'mail_bounced');
  expect(bounced).toMatchObject({ isPublic: false, data: { originalMessageId: ack.messageId } });

  // The card number: masked everywhere; the PDF kept as a proof on the ticket.
  const message = (await events(ticket.id)).filter((e) => e.type === 'customer_message').at(-1)!;
  expect(message.data.subject).not.toContain('4242 4242 4242 4242');
  expect(JSON.stringify(message.data)).not.toMatch(/4242\D?4242\D?4242\D?4242|737/);
  expect(message.data.files).toEqual([{ id: expect.any(String), name: card.attachmentName }]);
  const after = (await h.ctx.db.repos.tickets.findById(ticket.id))!;
  expect(after.proofCount).toBe(before!.proofCount + 1);
  expect((await events(ticket.id)).some((e) => e.type === 'redacted')).toBe(true);

  // The stranger's: a ticket of its own, acknowledged with the private link.
  const opened = read.find((r) => r.messageId === stranger.messageId)!;
  expect(opened.kind).toBe('new_ticket');
  const fresh = (await h.ctx.db.repos.tickets.findById(opened.ticketId!))!;
  expect(fresh).toMatchObject({ source: 'email', customerEmail: 'paul.martin@example.fr', orderNumber: '10234' });
  const welcome = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(fresh.reference)), 15_000, 'the new ticket’s acknowledgement');
  expect(welcome.text).toContain(`/t/${fresh.reference}#token=`);
  expect((await imap.list(account.user)).every((m) => m.flags.includes('\\Seen'))).toBe(true);
});

it('tells the admin when the mailbox cannot be read, in the server’s words, and when it can again', async () => {
  const settings = { host: account.host, port: account.port, secure: false, username: account.user };
  expect((await admin.put('/api/brands/sofimix/mailbox', { ...settings, password: 'not the password' }).expect(200)).body).toMatchObject({ lastFetchedAt: null, lastError: null });
  const failed = await waitFor(async () => {
    const view = (await admin.get('/api/brands/sofimix/mailbox').expect(200)).body;
    return view.lastError ? view : null;
  }, 15_000, 'the failed read recorded');
  expect(failed.lastFetchedAt).toEqual(expect.any(String));
  expect(failed.lastError).toMatch(/authentication failed/i);
  expect(failed.lastError).not.toContain('not the password');

  await admin.put('/api/brands/sofimix/mailbox', { ...settings, password: account.password }).expect(200);
  await waitFor(async () => {
    const view = (await admin.get('/api/brands/sofimix/mailbox').expect(200)).body;
    return view.lastFetchedAt && view.lastError === null ? view : null;
  }, 15_000, 'a good read recorded');
});

it('reads a mailbox with one fetcher at a time: while another holds it, a fetch does nothing; a lapsed claim is taken over', async () => {
  const { fetchMailbox } = await import('../../core/mailbox-fetch');
  const brand = (await h.ctx.db.repos.brands.findBySlug('sofimix'))!;
  await admin.put('/api/brands/sofimix/mailbox', { host: account.host, port: account.port, secure: false, username: account.user, password: account.password }).expect(200);
  const now = h.ctx.now();
  // Another worker's claim, still valid: this fetch leaves the mailbox alone.
  const other = { token: 'another-worker', until: new Date(now.getTime() + 60_000) };
  // Written over whatever claim the worker's own fetch (every 300 ms) holds: a claim checked
  // against a later time than any of the worker's; that fetch's next advance then fails.
  expect(await h.ctx.db.repos.mailboxes.lease(brand.id, other.token, new Date(now.getTime() + 3_600_000), other.until)).toBe(true);
  await imap.append(account.user, (await newRequest({ from: 'Lea Petit <lea.petit@example.fr>' })).raw);
  const before = (await h.ctx.db.repos.mailboxes.find(brand.id))!.lastUid;
  expect(await fetchMailbox(h.ctx, brand.id)).toEqual({ imported: 0, seen: 0 });
  expect((await h.ctx.db.repos.mailboxes.find(brand.id))!.lastUid).toBe(before);
  // Its holder died: once the claim lapses, the next fetch takes the mailbox over and reads on.
  h.clock.set(new Date(now.getTime() + 61_000));
  await waitFor(async () => (await h.ctx.db.repos.mailboxes.find(brand.id))!.lastUid > before, 15_000, 'the message read after the claim lapsed');
  expect((await h.ctx.db.repos.mailboxes.find(brand.id))!.leaseToken).not.toBe(other.token);
});
