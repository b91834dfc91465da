import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * A job committed with the change that calls for it. It is enqueued after commit, marked
 * processed by the job that does the work (in that job's transaction), and re-enqueued by
 * the sweeper while it is not: so nothing accepted is lost when Redis is down or loses data.
 */
@Entity('outbox_messages')
@Index('idx_outbox_pending', ['processedAt', 'id'])
export class OutboxMessage {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  /** The queue it goes to. */
  @Column({ type: 'varchar', length: 32 })
  queue!: string;

  /** The BullMQ job id: deterministic, so enqueueing twice is harmless. */
  @Column({ type: 'varchar', length: 120, unique: true })
  jobId!: string;

  /** Ids only: processors re-read the rows they work on. */
  @Column({ type: 'simple-json' })
  payload!: Record<string, unknown>;

  @InstantColumn()
  createdAt!: Date;

  @InstantColumn({ nullable: true })
  processedAt!: Date | null;

  /** An e-mail job's message as first rendered (subject, text, html): every send of the job sends exactly this. */
  @Column({ type: 'simple-json', nullable: true })
  rendered!: RenderedMail | null;
}
