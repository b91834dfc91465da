import { missingEvidence, type EvidenceItem } from './evidence-checklist';
import type { AnomalyType, CardType } from './ticket.schemas';
import type { TicketStatus } from './ticket-status';

/*
 * Folding a possible duplicate (the merged ticket) into the ticket it duplicates (the
 * survivor), as pure rules: whether it may be done, and what the survivor's facts and
 * checklist become. The survivor's facts win where both tickets have one; the merged
 * ticket's fill the survivor's gaps, and the values it loses are recorded on the merge event.
 */

/** The payment facts a merge carries over, as ticket columns. */
export const mergedFactFields = [
  'orderNumber',
  'paymentTime',
  'amountCents',
  'cardType',
  'cardLast4',
  'debited',
  'refundDate',
  'orderTime',
  'secondDebitTime',
  'secondDebitAmountCents',
  'errorMessage',
  'description',
] as const;
export type MergedFactField = (typeof mergedFactFields)[number];

export interface MergeFacts {
  orderNumber: string | null;
  paymentTime: Date | null;
  amountCents: number | null;
  cardType: CardType | null;
  cardLast4: string | null;
  debited: boolean | null;
  refundDate: Date | null;
  orderTime: Date | null;
  secondDebitTime: Date | null;
  secondDebitAmountCents: number | null;
  errorMessage: string | null;
  description: string | null;
}

/** What the rules read of each ticket. */
export interface MergeSide extends MergeFacts {
  id: string;
  reference: string;
  brandId: string;
  type: AnomalyType;
  status: TicketStatus;
  customerEmailNormalized: string;
  mergedIntoId: string | null;
  personalDataErasedAt: Date | null;
  proofCount: number;
}

export type MergeRefusal =
  | { code: 'merge_into_itself' }
  | { code: 'merge_across_brands' }
  | { code: 'merge_other_customer' }
  | { code: 'already_merged'; mergedIntoId: string }
  | { code: 'merge_into_merged'; mergedIntoId: string }
  | { code: 'merge_closed'; status: TicketStatus }
  | { code: 'merge_into_closed'; status: TicketStatus }
  | { code: 'merge_not_triaged'; reference: string }
  | { code: 'personal_data_erased' };

/** A fact both tickets had, with different values: the survivor's was kept. */
export interface FactConflict {
  field: MergedFactField;
  kept: string | number | boolean;
  dropped: string | number | boolean;
}

export interface MergePlan {
  /** The survivor's new facts (only the gaps the merged ticket fills). */
  filled: Partial<MergeFacts>;
  conflicts: FactConflict[];
  proofCount: number;
  missingEvidence: EvidenceItem[];
}

const present = (v: unknown) => v !== null && v !== undefined && v !== '';
const plain = (v: string | number | boolean | Date) => (v instanceof Date ? v.toISOString() : v);

/**
 * Why `merged` cannot be folded into `survivor`, or null. A customer must never see another
 * customer's data: both reports must come from the same e-mail address (and still hold it).
 * A closed survivor takes no more (reopen it, or merge the other way); a closed ticket is done
 * and is not merged either. A merged ticket is merged once, and nothing is merged into one.
 * A report not triaged yet (a few seconds old) waits: its triage would then work on a ticket
 * already merged (reopening it, acknowledging it).
 */
export function mergeRefusal(merged: MergeSide, survivor: MergeSide): MergeRefusal | null {
  if (merged.id === survivor.id) return { code: 'merge_into_itself' };
  if (merged.mergedIntoId) return { code: 'already_merged', mergedIntoId: merged.mergedIntoId };
  if (survivor.mergedIntoId) return { code: 'merge_into_merged', mergedIntoId: survivor.mergedIntoId };
  if (merged.brandId !== survivor.brandId) return { code: 'merge_across_brands' };
  if (merged.personalDataErasedAt || survivor.personalDataErasedAt) return { code: 'personal_data_erased' };
  if (merged.customerEmailNormalized.trim().toLowerCase() !== survivor.customerEmailNormalized.trim().toLowerCase()) return { code: 'merge_other_customer' };
  if (merged.status === 'closed') return { code: 'merge_closed', status: merged.status };
  if (survivor.status === 'closed') return { code: 'merge_into_closed', status: survivor.status };
  for (const t of [merged, survivor]) if (t.status === 'new') return { code: 'merge_not_triaged', reference: t.reference };
  return null;
}

/**
 * The survivor's facts after the merge: its own where it has one, the merged ticket's in its
 * gaps; the proofs of both; the checklist recomputed for the survivor's type.
 */
export function mergePlan(merged: MergeSide, survivor: MergeSide): MergePlan {
  const filled: Partial<MergeFacts> = {};
  const conflicts: FactConflict[] = [];
  for (const field of mergedFactFields) {
    const mine = survivor[field];
    const theirs = merged[field];
    if (!present(theirs)) continue;
    if (!present(mine)) (filled as Record<string, unknown>)[field] = theirs;
    else if (plain(mine!) !== plain(theirs!)) conflicts.push({ field, kept: plain(mine!), dropped: plain(theirs!) });
  }
  const proofCount = survivor.proofCount + merged.proofCount;
  return { filled, conflicts, proofCount, missingEvidence: missingEvidence({ ...survivor, ...filled, customerEmail: survivor.customerEmailNormalized, proofCount }) };
}
