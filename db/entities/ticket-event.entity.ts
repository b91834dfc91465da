import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/** One line of a ticket's append-only timeline: who did what, when. */
@Entity('ticket_events')
@Index('idx_ticket_events_ticket', ['ticketId', 'id'])
export class TicketEvent {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ type: 'varchar', length: 36 })
  ticketId!: string;

  /** created, triaged, evidence_added, redacted, sla_warning, sla_breached, possible_duplicate… */
  @Column({ type: 'varchar', length: 40 })
  type!: string;

  /** customer, system, or agent:<id>. */
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  /** Shown on the customer's status page. */
  @Column({ type: 'boolean', default: false })
  isPublic!: boolean;

  @Column({ type: 'simple-json' })
  data!: Record<string, unknown>;

  @InstantColumn()
  createdAt!: Date;
}
