import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Priority } from '../../domain/brand-policy';
import type { EvidenceItem } from '../../domain/evidence-checklist';
import type { TicketStatus } from '../../domain/ticket-status';
import type { AnomalyType, CardType, Language } from '../../domain/ticket.schemas';
import { InstantColumn } from '../columns';

@Entity('tickets')
@Index('idx_tickets_duplicate_lookup', ['customerEmailNormalized', 'orderNumber', 'createdAt'])
@Index('idx_tickets_queue_due', ['nextDueAt', 'id'])
@Index('idx_tickets_queue_created', ['createdAt', 'id'])
@Index('idx_tickets_created_day', ['brandId', 'createdDay'])
@Index('idx_tickets_retention', ['brandId', 'status', 'updatedAt'])
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

  @Index('idx_tickets_order_number')
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
  @Index('idx_tickets_possible_duplicate')
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

  /** low, normal, high or urgent: set by the brand's rules at triage or by an agent; the targets follow it. */
  @Column({ type: 'varchar', length: 16, default: 'normal' })
  priority!: Priority;

  /** Since when the resolution clock is paused (the brand pauses it while the ticket awaits the customer). */
  @InstantColumn({ nullable: true })
  slaPausedAt!: Date | null;

  /** The business minutes that were left to the resolution deadline when the clock paused. */
  @Column({ type: 'integer', nullable: true })
  resolutionMinutesLeft!: number | null;

  @InstantColumn({ nullable: true })
  triagedAt!: Date | null;

  /** Deadline of the first target not met yet (NO_DEADLINE once both are): the queue's order. */
  @InstantColumn()
  nextDueAt!: Date;

  /** Warning time of that target: the queue's "warning" filter. */
  @InstantColumn({ nullable: true })
  nextWarnAt!: Date | null;

  @Index('idx_tickets_assignee')
  @Column({ type: 'varchar', length: 36, nullable: true })
  assigneeId!: string | null;

  /** Business minutes the first response and the resolution took, once they happened. */
  @Column({ type: 'integer', nullable: true })
  firstResponseBusinessMinutes!: number | null;

  @Column({ type: 'integer', nullable: true })
  resolutionBusinessMinutes!: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  outcome!: string | null;

  /** Outcome details: refund amount and date, the ticket this duplicates… */
  @Column({ type: 'simple-json', nullable: true })
  outcomeDetails!: Record<string, string | number | null> | null;

  /** What the last information request asked for. */
  @Column({ type: 'simple-json', nullable: true })
  requestedEvidence!: EvidenceItem[] | null;

  @InstantColumn({ nullable: true })
  informationRequestedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  remindersSent!: number;

  /** When the customer is reminded of what is still missing (1 and 2 business days after the request). */
  @Index('idx_tickets_next_reminder')
  @InstantColumn({ nullable: true })
  nextReminderAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  reopenCount!: number;

  /**
   * Who opened it: the customer's report, the customer's e-mail to the support address, or a
   * chargeback that came with none (no e-mail goes to the cardholder then).
   */
  @Column({ type: 'varchar', length: 16, default: 'customer' })
  source!: 'customer' | 'email' | 'chargeback';

  /** The closed ticket whose customer wrote again, when this one was opened for it. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  followUpOfId!: string | null;

  /** An open chargeback's evidence deadline (Stripe's `due_by`): a hard deadline in the queue. */
  @InstantColumn({ nullable: true })
  disputeDueAt!: Date | null;

  /** When the money the customer awaits (a refund, a hold dropping off) should be back on their account. */
  @InstantColumn({ nullable: true })
  moneyExpectedBy!: Date | null;

  /** When the money watch looks again whether it is back (null: nothing to follow). */
  @Index('idx_tickets_money_check')
  @InstantColumn({ nullable: true })
  moneyCheckAt!: Date | null;

  /** When its personal data was erased (a request or the brand's retention period): null while it still holds any. */
  @InstantColumn({ nullable: true })
  personalDataErasedAt!: Date | null;

  /** The ticket this one was merged into (it is closed as its duplicate; its links and tokens show that one). */
  @Index('idx_tickets_merged_into')
  @Column({ type: 'varchar', length: 36, nullable: true })
  mergedIntoId!: string | null;

  @InstantColumn({ nullable: true })
  mergedAt!: Date | null;

  /** Optimistic lock: every write bumps it, a stale write is refused. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @InstantColumn()
  createdAt!: Date;

  /** The creation date in the brand's time zone (yyyy-MM-dd): what reports group and filter by. */
  @Column({ type: 'varchar', length: 10, default: '' })
  createdDay!: string;

  @Index('idx_tickets_updated_at')
  @InstantColumn()
  updatedAt!: Date;
}
