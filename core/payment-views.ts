import type { EvidenceTransaction } from '../domain/dispute-evidence';
import type { PaymentCheck } from '../domain/payment-check';

/*
 * What the API answers about a ticket's payment (GET/POST /api/tickets/:id/payment-check):
 * types only, so that the web client can import them without the server's modules.
 */

/** One transaction of the ledger as agents see it (what the evidence summary reads, and more). */
export interface TransactionView extends EvidenceTransaction {
  provider: string;
  captured: boolean | null;
  released: boolean;
  refundedCents: number;
  cardBrand: string | null;
  cardLast4: string | null;
  customerEmail: string | null;
  orderReference: string | null;
  dueBy: string | null;
}

export type PaymentCheckView = PaymentCheck & {
  transactions: TransactionView[];
  explanation: { fr: string; en: string };
  /** The reply an agent can send the customer, in each language (none for an open dispute). */
  suggestedReply: { fr: string | null; en: string | null };
  /** What one click can refund, and how: through the brand's Stripe connection, or recorded as made elsewhere. */
  refund: { via: 'stripe' | 'manual'; transactionId: string; refundableCents: number; currency: string } | null;
  /** Whether Stripe was asked just now (else the ledger as last imported or notified), and why not when it failed. */
  source: { live: boolean; error?: string; truncated?: boolean };
  /** An open chargeback: the evidence summary the agent copies into the provider's dispute form, in each language. */
  evidenceSummary: { fr: string; en: string } | null;
  checkedAt: string;
};

/** What an admin sees of a shop's Stripe connection (`/api/brands/:slug/connectors/stripe`): never a secret. */
export interface StripeConnectorView {
  provider: 'stripe';
  configured: boolean;
  /** `rk_live_…wxyz`: which key is set, without it. */
  keyHint: string | null;
  updatedAt: string | null;
  /** The endpoint to declare in Stripe's dashboard (Developers → Webhooks). */
  webhookUrl: string;
}
