import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { Brand } from '../db/entities/brand.entity';
import type { Mailbox } from '../db/entities/mailbox.entity';
import { cachedBrand } from './brands';
import type { AppContext } from './context';
import { isDatabaseUnavailable } from '../db/errors';
import { importInboundMail, setAsideInboundMail } from './inbound-import';
import { openSecret } from './secret-box';

/*
 * Reads a brand's support mailbox (issue 14): the messages after the last UID it took, their
 * sources fetched a batch at a time, then one message at a time imported (core/inbound-import.ts:
 * exactly once by its Message-ID), marked \Seen or moved, and its UID recorded; a fetcher killed
 * mid-way resumes after the last one it recorded and imports nothing twice. The only module
 * that speaks IMAP.
 */

/** Messages taken per run; the next run takes the rest. */
const MAX_PER_RUN = 200;
/** Sources fetched in one command: this many messages, or this many bytes, whichever comes first. */
const BATCH_MESSAGES = 50;
const BATCH_BYTES = 8 * 2 ** 20;

export const mailboxSecretContext = (brandId: string) => `brand:${brandId}:mailbox:password`;

/** How long one message took at each step, in milliseconds (the benchmark's profile). */
export interface MessageTiming {
  uid: number;
  /** Its source over IMAP. */
  fetchMs: number;
  /** importInboundMail: parsing, then the database transaction. */
  importMs: number;
  /** Marked \Seen, or moved, over IMAP. */
  markMs: number;
  /** lastUid written. */
  advanceMs: number;
}

export interface FetchOptions {
  /** Told about each message once its UID is recorded. */
  onMessage?: (timing: MessageTiming) => void;
}

/**
 * One read of the brand's mailbox; how it went (when, and the server's words if it failed)
 * is recorded for the admin's screen, and a failure is thrown for the job's log.
 */
export async function fetchMailbox(ctx: AppContext, brandId: string, options: FetchOptions = {}): Promise<{ imported: number; seen: number }> {
  const mailbox = await ctx.db.repos.mailboxes.find(brandId);
  const brand = await cachedBrand(ctx.db, { id: brandId });
  if (!mailbox || !brand) return { imported: 0, seen: 0 };
  // One fetcher at a time, whatever the number of workers; a claim left by a killed one lapses.
  const token = randomUUID();
  const leaseMs = Math.min(Math.max(2 * ctx.config.MAILBOX_FETCH_INTERVAL_MS, MIN_LEASE_MS), MAX_LEASE_MS);
  const until = () => new Date(ctx.now().getTime() + leaseMs);
  if (!(await ctx.db.repos.mailboxes.lease(brandId, token, ctx.now(), until()))) return { imported: 0, seen: 0 };
  try {
    const read = await readMailbox(ctx, mailbox, brand, options, { token, until });
    await ctx.db.repos.mailboxes.recordFetch(brandId, ctx.now(), null);
    return read;
  } catch (err) {
    await ctx.db.repos.mailboxes.recordFetch(brandId, ctx.now(), fetchError(err)).catch(() => undefined);
    throw err;
  } finally {
    await ctx.db.repos.mailboxes.release(brandId, token).catch(() => undefined);
  }
}

/**
 * A fetcher's claim lasts two fetch intervals and is renewed with each message it records;
 * one killed mid-run holds its mailbox that long at most.
 */
const MIN_LEASE_MS = 30_000;
const MAX_LEASE_MS = 10 * 60_000;

/** What the admin is told of a failed read: the IMAP server's answer, or the network's error; never the password. */
function fetchError(err: unknown): string {
  const e = err as { responseText?: string; code?: string; message?: string; authenticationFailed?: boolean };
  const said = e.authenticationFailed ? `authentication failed${e.responseText ? `: ${e.responseText}` : ''}` : (e.responseText ?? e.message ?? String(err));
  return Array.from([e.code, said].filter(Boolean).join(' — ')).slice(0, 500).join('');
}

async function readMailbox(ctx: AppContext, mailbox: Mailbox, brand: Brand, options: FetchOptions, lease: { token: string; until: () => Date }): Promise<{ imported: number; seen: number }> {
  const brandId = brand.id;
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
      const after = mailbox.uidValidity === uidValidity ? mailbox.lastUid : 0;
      const uids = ((await client.search({ uid: `${after + 1}:*` }, { uid: true })) || []).filter((uid) => uid > after).sort((a, b) => a - b).slice(0, MAX_PER_RUN);
      for (const batch of await batches(client, uids)) {
        // The batch's sources in one FETCH (one round trip, not one a message); each message is
        // then imported, marked and recorded on its own, so a fetcher killed mid-batch resumes
        // after the last message it recorded.
        const t0 = performance.now();
        const sources = new Map((await client.fetchAll(batch.join(','), { uid: true, source: true, internalDate: true }, { uid: true })).map((m) => [m.uid, m]));
        const fetchMs = (performance.now() - t0) / batch.length;
        for (const uid of batch) {
          const t1 = performance.now();
          const message = sources.get(uid);
          sources.delete(uid);
          let setAside = false;
          if (message && message.source) {
            const receivedAt = message.internalDate ? new Date(message.internalDate) : ctx.now();
            const outcome = await importOrSetAside(ctx, brand, mailbox, uid, message.source, receivedAt);
            if (!outcome.duplicate) imported++;
            setAside = outcome.kind === 'failed';
          }
          const t2 = performance.now();
          // One set aside stays unread where it is, for a person to see.
          if (!setAside) await done(client, mailbox, uid);
          const t3 = performance.now();
          // Our claim lapsed and another fetcher has the mailbox: it goes on from what we recorded.
          if (!(await ctx.db.repos.mailboxes.advance(brandId, uidValidity, uid, { token: lease.token, until: lease.until() }))) return { imported, seen };
          seen++;
          options.onMessage?.({ uid, fetchMs, importMs: t2 - t1, markMs: t3 - t2, advanceMs: performance.now() - t3 });
        }
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return { imported, seen };
}

/**
 * The UIDs in groups whose sources are fetched together: at most BATCH_MESSAGES, and at most
 * BATCH_BYTES unless a single message is larger (messages can be 25 MiB: a fixed count alone
 * could hold a gigabyte). Sizes come from one FETCH of RFC822.SIZE for the whole run.
 */
async function batches(client: ImapFlow, uids: number[]): Promise<number[][]> {
  if (!uids.length) return [];
  const sizes = new Map((await client.fetchAll(uids.join(','), { uid: true, size: true }, { uid: true })).map((m) => [m.uid, m.size ?? 0]));
  const groups: number[][] = [];
  let group: number[] = [];
  let bytes = 0;
  for (const uid of uids) {
    const size = sizes.get(uid) ?? 0;
    if (group.length && (group.length >= BATCH_MESSAGES || bytes + size > BATCH_BYTES)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(uid);
    bytes += size;
  }
  groups.push(group);
  return groups;
}

/** Failed imports of one message (not database outages) before it is set aside. */
const MAX_STRIKES = 3;

/**
 * Imports the message; one that fails for anything but a database outage is tried again at
 * the next runs, and set aside at the third failure in a row, so that one message nobody
 * can import never stops the mailbox behind it.
 */
async function importOrSetAside(ctx: AppContext, brand: Brand, mailbox: Mailbox, uid: number, raw: Buffer, receivedAt: Date) {
  try {
    return await importInboundMail(ctx, brand, raw, receivedAt);
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw err;
    const strikes = await ctx.db.repos.mailboxes.strike(mailbox.brandId, uid);
    if (strikes < MAX_STRIKES) throw err;
    ctx.logger.error({ brandId: mailbox.brandId, uid, err }, 'a message failed to import three times: set aside');
    return setAsideInboundMail(ctx, brand, raw, receivedAt);
  }
}

/** Marks the message read, or moves it to the done folder. */
async function done(client: ImapFlow, mailbox: Mailbox, uid: number) {
  if (mailbox.doneFolder) await client.messageMove(String(uid), mailbox.doneFolder, { uid: true });
  else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
}
