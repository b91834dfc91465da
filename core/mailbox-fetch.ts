import { ImapFlow } from 'imapflow';
import type { Mailbox } from '../db/entities/mailbox.entity';
import { cachedBrand } from './brands';
import type { AppContext } from './context';
import { importInboundMail } from './inbound-import';
import { openSecret } from './secret-box';

/*
 * Reads a brand's support mailbox (issue 14): the messages after the last UID it took, one at
 * a time, each imported (core/inbound-import.ts: exactly once by its Message-ID) then marked
 * \Seen or moved, and the UID recorded; a fetcher killed mid-way resumes after the last one it
 * recorded and imports nothing twice. The only module that speaks IMAP.
 */

/** Messages taken per run; the next run takes the rest. */
const MAX_PER_RUN = 200;

export const mailboxSecretContext = (brandId: string) => `brand:${brandId}:mailbox:password`;

export async function fetchMailbox(ctx: AppContext, brandId: string): Promise<{ imported: number; seen: number }> {
  const mailbox = await ctx.db.repos.mailboxes.find(brandId);
  const brand = await cachedBrand(ctx.db, { id: brandId });
  if (!mailbox || !brand) return { imported: 0, seen: 0 };
  const client = new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    auth: { user: mailbox.username, pass: openSecret(ctx.config.APP_SECRET, mailbox.sealedPassword, mailboxSecretContext(brandId)) },
    logger: false,
    connectionTimeout: 10_000,
  });
  client.on('error', (err: Error) => ctx.logger.warn({ brandId, err: err.message }, 'mailbox connection error'));
  await client.connect();
  let imported = 0;
  let seen = 0;
  try {
    const lock = await client.getMailboxLock(mailbox.folder);
    try {
      const opened = client.mailbox;
      const uidValidity = opened ? String(opened.uidValidity) : '0';
      // The server renumbered the folder: its UIDs start again (Message-IDs keep the import exactly-once).
      // String(): the column is a bigint, which PostgreSQL hands back as a string and SQLite as a number.
      const after = mailbox.uidValidity !== null && String(mailbox.uidValidity) === uidValidity ? mailbox.lastUid : 0;
      const uids = ((await client.search({ uid: `${after + 1}:*` }, { uid: true })) || []).filter((uid) => uid > after).sort((a, b) => a - b).slice(0, MAX_PER_RUN);
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true });
        if (message && message.source) {
          const receivedAt = message.internalDate ? new Date(message.internalDate) : ctx.now();
          const outcome = await importInboundMail(ctx, brand, message.source, receivedAt);
          if (!outcome.duplicate) imported++;
        }
        await done(client, mailbox, uid);
        await ctx.db.repos.mailboxes.advance(brandId, uidValidity, uid);
        seen++;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return { imported, seen };
}

/** Marks the message read, or moves it to the done folder. */
async function done(client: ImapFlow, mailbox: Mailbox, uid: number) {
  if (mailbox.doneFolder) await client.messageMove(String(uid), mailbox.doneFolder, { uid: true });
  else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
}
