import { z } from 'zod';

const hostName = z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:.]+\]?$/, 'a host name or an IP address');
const folderName = z.string().trim().min(1).max(255).regex(/^[^\u0000-\u001f*%]+$/, 'an IMAP folder name');

export const closedReplyPolicies = ['reopen', 'new_ticket'] as const;
export type ClosedReplyPolicy = (typeof closedReplyPolicies)[number];

/** A shop's support mailbox as an admin enters it (`PUT /api/brands/:slug/mailbox`). */
export const mailboxSchema = z.strictObject({
  host: hostName,
  port: z.number().int().min(1).max(65535).default(993),
  /** TLS from the first byte (993); false: the server's STARTTLS when offered (143). */
  secure: z.boolean().default(true),
  username: z.string().min(1).max(255),
  password: z.string().min(1).max(1024),
  folder: folderName.default('INBOX'),
  /** Where imported messages go; unset: they stay where they are, marked read. */
  doneFolder: folderName.nullable().default(null),
  /** A customer's e-mail on a closed ticket: reopen it, or open a new ticket linked to it. */
  closedReplies: z.enum(closedReplyPolicies).default('new_ticket'),
  /**
   * The provider delivers `support+<token>@…` to this mailbox (Gmail, Fastmail, Dovecot and
   * Postfix with a recipient delimiter do): customers' mails then reply to their ticket's own address.
   */
  plusAddressing: z.boolean().default(false),
});
export type MailboxInput = z.output<typeof mailboxSchema>;
