import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/** What became of each message fetched from a brand's mailbox: a message seen again (a re-fetch) is imported once. */
export type InboundRecordKind = 'reply' | 'new_ticket' | 'failed' | 'auto_reply' | 'bounce' | 'own' | 'oversized' | 'rate_limited' | 'unmatched';

@Entity('inbound_messages')
@Index('idx_inbound_messages_brand_message', ['brandId', 'messageId'], { unique: true })
@Index('idx_inbound_messages_sender', ['brandId', 'fromAddress', 'receivedAt'])
export class InboundMessageRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  brandId!: string;

  /** The Message-ID header; a sha256 of the raw bytes when the message has none. */
  @Column({ type: 'varchar', length: 1000 })
  messageId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: InboundRecordKind;

  @Column({ type: 'varchar', length: 36, nullable: true })
  ticketId!: string | null;

  /** Lowercased; '' when unknown (an oversized message is not parsed). */
  @Column({ type: 'varchar', length: 320 })
  fromAddress!: string;

  /** Redacted. */
  @Column({ type: 'text' })
  subject!: string;

  @InstantColumn()
  receivedAt!: Date;

  @InstantColumn()
  createdAt!: Date;
}
