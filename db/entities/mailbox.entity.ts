import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ClosedReplyPolicy } from '../../domain/mailbox.schemas';
import { InstantColumn } from '../columns';

/**
 * A brand's support mailbox, which Guichet reads by IMAP (issue 14). The password is sealed
 * (core/secret-box.ts) and never sent back. `lastUid` is how far the fetcher got in the folder
 * whose UIDVALIDITY is `uidValidity` (a new value means the server renumbered: start again,
 * the Message-IDs keep it exactly-once).
 */
@Entity('mailboxes')
export class Mailbox {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  brandId!: string;

  @Column({ type: 'varchar', length: 255 })
  host!: string;

  @Column({ type: 'integer' })
  port!: number;

  /** TLS from the first byte (993); false: plain or STARTTLS when the server offers it. */
  @Column({ type: 'boolean' })
  secure!: boolean;

  @Column({ type: 'varchar', length: 255 })
  username!: string;

  @Column({ type: 'text' })
  sealedPassword!: string;

  @Column({ type: 'varchar', length: 255, default: 'INBOX' })
  folder!: string;

  /** Where imported messages are moved; null: they stay, marked \Seen. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  doneFolder!: string | null;

  /** A customer's e-mail on a closed ticket reopens it, or opens a new ticket linked to it. */
  @Column({ type: 'varchar', length: 16, default: 'new_ticket' })
  closedReplies!: ClosedReplyPolicy;

  /** Outgoing mail replies to `support+<token>@…`, which this mailbox receives. */
  @Column({ type: 'boolean', default: false })
  plusAddressing!: boolean;

  @Column({ type: 'integer', default: 0 })
  lastUid!: number;

  /** A string on both databases (PostgreSQL's driver reads a bigint as one, SQLite's as a number). */
  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: string | null) => v, from: (v: string | number | null) => (v === null ? null : String(v)) } })
  uidValidity!: string | null;

  /**
   * The fetcher reading it now, and until when its claim holds: one fetcher per mailbox at a
   * time across every worker process, even when a slow read outlasts the schedule's interval.
   */
  @Column({ type: 'varchar', length: 36, nullable: true })
  leaseToken!: string | null;

  @InstantColumn({ nullable: true })
  leaseUntil!: Date | null;

  /** A message whose import failed (not a database outage), and how many times in a row: set aside at the third. */
  @Column({ type: 'integer', nullable: true })
  failingUid!: number | null;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  /** When the fetcher last logged in and read the folder, whether it succeeded or not. */
  @InstantColumn({ nullable: true })
  lastFetchedAt!: Date | null;

  /** Why the last read failed (the server's words: a wrong password, a folder that does not exist), null when it worked. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ type: 'varchar', length: 36 })
  updatedBy!: string;

  @InstantColumn()
  updatedAt!: Date;
}
