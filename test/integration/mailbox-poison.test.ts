import { fetchMailbox, mailboxSecretContext } from '../../core/mailbox-fetch';
import { sealSecret } from '../../core/secret-box';
import type { Brand } from '../../db/entities/brand.entity';
import { InboundMessageRepository } from '../../db/repositories/inbound-message.repository';
import { startHarness, type Harness } from '../support/harness';
import { startImapServer, type ImapAccount, type ImapServer } from '../support/imap-server';
import { newRequest } from '../support/mail-fixtures';

/**
 * One message nobody can import (a bug the import hits with that message, not a database
 * outage) must not stop the mailbox behind it: tried again at the next runs, set aside at the
 * third failure in a row, left unread in the mailbox, and the messages after it imported.
 */
let imap: ImapServer;
let account: ImapAccount;
let h: Harness;
let brand: Brand;
beforeAll(async () => {
  imap = await startImapServer();
  account = await imap.createUser('poison-support', 'mailbox password 2');
  h = await startHarness({ workers: false });
  brand = (await h.ctx.db.repos.brands.findBySlug('sofimix'))!;
  await h.ctx.db.repos.mailboxes.save({
    brandId: brand.id, host: account.host, port: account.port, secure: false, username: account.user,
    sealedPassword: sealSecret(h.ctx.config.APP_SECRET, account.password, mailboxSecretContext(brand.id)),
    folder: 'INBOX', doneFolder: null, closedReplies: 'new_ticket', plusAddressing: false, updatedBy: 'test', updatedAt: h.ctx.now(),
  });
});
afterAll(async () => {
  jest.restoreAllMocks();
  await h?.close();
  await imap?.close();
});

it('sets a message aside at its third failed import, leaves it unread, and imports the ones after it', async () => {
  const poison = await newRequest({ from: 'Poison <poison@example.fr>', subject: 'Message que rien ne peut importer' });
  const next = await newRequest({ from: 'Lea Petit <lea.petit@example.fr>', subject: 'Ma commande' });
  await imap.append(account.user, poison.raw);
  await imap.append(account.user, next.raw);
  // A fault of our own that this one message sets off, every time.
  const insert = InboundMessageRepository.prototype.insert;
  jest.spyOn(InboundMessageRepository.prototype, 'insert').mockImplementation(function (this: InboundMessageRepository, row) {
    if (row.messageId === poison.messageId) return Promise.reject(new TypeError('a bug this message sets off'));
    return insert.call(this, row);
  });

  for (let run = 1; run <= 2; run++) {
    await expect(fetchMailbox(h.ctx, brand.id)).rejects.toThrow('a bug this message sets off');
    expect((await h.ctx.db.repos.mailboxes.find(brand.id))!).toMatchObject({ lastUid: 0, failingUid: 1, failures: run });
  }
  expect(await fetchMailbox(h.ctx, brand.id)).toEqual({ imported: 2, seen: 2 });
  const rows = await h.ctx.db.query<Array<{ kind: string; messageId: string; fromAddress: string; subject: string }>>('SELECT "kind", "messageId", "fromAddress", "subject" FROM inbound_messages');
  expect(rows.map((r) => r.kind).sort()).toEqual(['failed', 'new_ticket']);
  // Set aside with none of its content; the one after it became its ticket.
  expect(rows.find((r) => r.kind === 'failed')).toMatchObject({ fromAddress: '', subject: '' });
  expect(rows.find((r) => r.kind === 'new_ticket')!.messageId).toBe(next.messageId);
  expect((await h.ctx.db.repos.mailboxes.find(brand.id))!).toMatchObject({ lastUid: 2, failingUid: null, failures: 0 });
  expect((await imap.list(account.user)).map((m) => m.flags.includes('\\Seen'))).toEqual([false, true]);
});
