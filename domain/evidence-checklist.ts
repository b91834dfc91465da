import type { AnomalyType } from './ticket.schemas';

/** What a report can be missing; each item is something the customer can add later. */
export const evidenceItems = [
  'orderNumber',
  'paymentTime',
  'amount',
  'cardType',
  'customerEmail',
  'debited',
  'refundDate',
  'orderTime',
  'proof',
] as const;
export type EvidenceItem = (typeof evidenceItems)[number];

/** The facts a checklist looks at: the ticket's fields and how many proof files it holds. */
export interface EvidenceFacts {
  type: AnomalyType;
  orderNumber?: string | null;
  paymentTime?: Date | null;
  amountCents?: number | null;
  cardType?: string | null;
  customerEmail?: string | null;
  debited?: boolean | null;
  refundDate?: Date | null;
  orderTime?: Date | null;
  proofCount: number;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Required evidence per anomaly type, exactly as domain.md lists it. */
const required: Record<AnomalyType, (f: EvidenceFacts) => EvidenceItem[]> = {
  double_charge: () => ['orderNumber', 'paymentTime', 'amount', 'cardType', 'proof'],
  debit_without_order: () => ['paymentTime', 'amount', 'cardType', 'customerEmail', 'proof'],
  failed_payment: (f) => ['paymentTime', 'amount', 'cardType', 'debited', ...(f.debited ? ['proof' as const] : [])],
  refund_not_received: () => ['orderNumber', 'refundDate', 'amount', 'cardType'],
  cancellation_request: () => ['orderNumber', 'orderTime'],
};

const has: Record<EvidenceItem, (f: EvidenceFacts) => boolean> = {
  orderNumber: (f) => present(f.orderNumber),
  paymentTime: (f) => present(f.paymentTime),
  amount: (f) => present(f.amountCents),
  cardType: (f) => present(f.cardType),
  customerEmail: (f) => present(f.customerEmail),
  debited: (f) => present(f.debited),
  refundDate: (f) => present(f.refundDate),
  orderTime: (f) => present(f.orderTime),
  proof: (f) => f.proofCount > 0,
};

export function requiredEvidence(facts: EvidenceFacts): EvidenceItem[] {
  return required[facts.type](facts);
}

/** The required items the report does not have yet, in checklist order. */
export function missingEvidence(facts: EvidenceFacts): EvidenceItem[] {
  return requiredEvidence(facts).filter((item) => !has[item](facts));
}
