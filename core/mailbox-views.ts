import type { Mailbox } from '../db/entities/mailbox.entity';

/** What an admin sees of a shop's mailbox (the web app reads this type): never the password. */
export const mailboxView = (m: Mailbox | null) =>
  m
    ? {
        configured: true as const,
        host: m.host,
        port: m.port,
        secure: m.secure,
        username: m.username,
        folder: m.folder,
        doneFolder: m.doneFolder,
        closedReplies: m.closedReplies,
        plusAddressing: m.plusAddressing,
        lastUid: m.lastUid,
        /** When it was last read, and why that failed (null: it worked, or it was never read yet). */
        lastFetchedAt: m.lastFetchedAt?.toISOString() ?? null,
        lastError: m.lastError,
        updatedAt: m.updatedAt.toISOString(),
      }
    : { configured: false as const };
export type MailboxView = ReturnType<typeof mailboxView>;
