import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AnomalyType } from '../../domain/ticket.schemas';
import { InstantColumn } from '../columns';

/**
 * A customer's rating of one resolution of their ticket (1–5 and an optional comment,
 * redacted). One per resolution: reopened and resolved again, the ticket can be rated again.
 * The report's dimensions are copied from the ticket when rated, so reports read this table alone.
 */
@Entity('satisfaction_ratings')
@Index('idx_satisfaction_ratings_ticket', ['ticketId'])
@Index('idx_satisfaction_ratings_day', ['ticketCreatedDay', 'brandId'])
export class SatisfactionRating {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  ticketId!: string;

  /** The `resolved` event rated: unique, so a second rating of the same resolution is refused by the database too. */
  @Column({ type: 'integer', unique: true })
  resolutionEventId!: number;

  @Column({ type: 'varchar', length: 36 })
  brandId!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: AnomalyType;

  /** The agent who resolved (the `resolved` event's author). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  agentId!: string | null;

  /** The ticket's creation day in its brand's zone: reports count tickets by it. */
  @Column({ type: 'varchar', length: 10 })
  ticketCreatedDay!: string;

  @Column({ type: 'integer' })
  score!: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment!: string | null;

  /** Where the customer rated: the resolution e-mail's score links or the status page. */
  @Column({ type: 'varchar', length: 16 })
  via!: 'email' | 'status_page';

  @InstantColumn()
  createdAt!: Date;
}
