import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EvidenceItem } from '../../domain/evidence-checklist';
import type { TicketStatus } from '../../domain/ticket-status';
import type { AnomalyType, CardType, Language } from '../../domain/ticket.schemas';
import { InstantColumn } from '../columns';

@Entity('tickets')
@Index('idx_tickets_duplicate_lookup', ['customerEmailNormalized', 'orderNumber'])
export class Ticket {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 20, unique: true })
  reference!: string;

  @Column({ type: 'varchar', length: 36 })
  brandId!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: AnomalyType;

  @Column({ type: 'varchar', length: 24 })
  status!: TicketStatus;

  @Column({ type: 'varchar', length: 2 })
  language!: Language;

  @Column({ type: 'varchar', length: 120 })
  customerName!: string;

  @Column({ type: 'varchar', length: 254 })
  customerEmail!: string;

  @Column({ type: 'varchar', length: 254 })
  customerEmailNormalized!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  orderNumber!: string | null;

  @InstantColumn({ nullable: true })
  paymentTime!: Date | null;

  @Column({ type: 'integer', nullable: true })
  amountCents!: number | null;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  cardType!: CardType | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  cardLast4!: string | null;

  @Column({ type: 'boolean', nullable: true })
  debited!: boolean | null;

  @InstantColumn({ nullable: true })
  refundDate!: Date | null;

  @InstantColumn({ nullable: true })
  orderTime!: Date | null;

  @InstantColumn({ nullable: true })
  secondDebitTime!: Date | null;

  @Column({ type: 'integer', nullable: true })
  secondDebitAmountCents!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  errorMessage!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'simple-json' })
  missingEvidence!: EvidenceItem[];

  @Column({ type: 'integer', default: 0 })
  proofCount!: number;

  /** An open ticket with the same e-mail and order number, found at triage. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  possibleDuplicateOfId!: string | null;

  @InstantColumn()
  firstResponseWarnAt!: Date;

  @InstantColumn()
  firstResponseDueAt!: Date;

  @InstantColumn()
  resolutionWarnAt!: Date;

  @InstantColumn()
  resolutionDueAt!: Date;

  @InstantColumn({ nullable: true })
  firstRespondedAt!: Date | null;

  @InstantColumn({ nullable: true })
  resolvedAt!: Date | null;

  @InstantColumn({ nullable: true })
  firstResponseWarnedAt!: Date | null;

  @InstantColumn({ nullable: true })
  firstResponseBreachedAt!: Date | null;

  @InstantColumn({ nullable: true })
  resolutionWarnedAt!: Date | null;

  @InstantColumn({ nullable: true })
  resolutionBreachedAt!: Date | null;

  /** When the SLA watch must next look at this ticket (null: nothing left to signal). */
  @Index('idx_tickets_sla_next_check')
  @InstantColumn({ nullable: true })
  slaNextCheckAt!: Date | null;

  @InstantColumn({ nullable: true })
  triagedAt!: Date | null;

  /** Optimistic lock: every write bumps it, a stale write is refused. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @InstantColumn()
  createdAt!: Date;

  @InstantColumn()
  updatedAt!: Date;
}
