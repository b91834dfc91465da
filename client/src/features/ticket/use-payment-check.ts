import { useCallback, useEffect, useRef, useState } from 'react';
import type { PaymentCheck } from '../../../../domain/payment-check';
import type { Language } from '../../../../domain/ticket.schemas';
import { call, type AgentTicketSummary } from '../../api';
import { apiProblem, type Problem } from '../../errors';
import { useAgentEvents } from '../../socket';

/* The answer of GET /api/tickets/:id/payment-check (core/payment-verification.ts
 * `PaymentCheckView`, whose module the client cannot import: it runs the checks). Written here
 * from the domain's PaymentCheck until that view type moves to a module of types only, as
 * core/ticket-views.ts is for tickets; dates travel as ISO strings. */
type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null | undefined ? string | Exclude<T[K], Date> : T[K] };

/** A ledger transaction the verdict rests on, as the check lists it (core/payment-verification.ts `TransactionView`). */
export interface CheckedTransaction {
  provider: string;
  id: string;
  /** 'charge' | 'refund' | 'dispute' */
  kind: string;
  status: string;
  amountCents: number;
  currency: string;
  at: string;
  captured: boolean | null;
  released: boolean;
  refundedCents: number;
  cardBrand: string | null;
  cardLast4: string | null;
  customerEmail: string | null;
  orderReference: string | null;
  chargeId: string | null;
  arn: string | null;
  dueBy: string | null;
}

export type PaymentCheckView = Wire<PaymentCheck> & {
  transactions: CheckedTransaction[];
  explanation: Record<Language, string>;
  checkedAt: string;
  /** What the agent can send the customer, in each language (null: none, an open dispute). */
  suggestedReply: Record<Language, string | null>;
  /** What one click can refund, and how (through the brand's Stripe connector, or recorded by hand). */
  refund: { via: 'stripe' | 'manual'; transactionId: string; refundableCents: number; currency: string } | null;
  /** Where the verdict comes from: Stripe asked just now, or the ledger as imported or notified (and why not live when that failed). */
  source: { live: boolean; error?: string; truncated?: boolean };
};

export interface RefundRequest {
  version: number;
  transactionId: string;
  amountCents: number;
  /** via 'manual': the refund made elsewhere. */
  reference?: string;
  message?: string;
}
export interface RefundResult {
  ticket: AgentTicketSummary;
  refund: { provider: string; id: string; status: string; amountCents: number; currency: string };
}

/**
 * The payment check of one ticket: read when the ticket opens, read again when a verdict is
 * recorded on its timeline (by a colleague, the triage worker after an import) or the
 * connection comes back; checked again on demand; and the refund it allows.
 */
export function usePaymentCheck(ticketId: string) {
  const [check, setCheck] = useState<PaymentCheckView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [checking, setChecking] = useState(false);
  /** The last "check again": whether it recorded a new verdict. */
  const [rechecked, setRechecked] = useState<{ recorded: boolean } | null>(null);
  const path = `/api/tickets/${ticketId}/payment-check`;

  const load = useCallback(() => {
    call<PaymentCheckView>('GET', path).then(
      (next) => {
        setCheck(next);
        setProblem(null);
      },
      (err: unknown) => setProblem(apiProblem(err)),
    );
  }, [path]);
  useEffect(load, [load]);

  useAgentEvents((event, payload) => {
    if (event === 'reconnected') load();
    else if (event === 'ticket.event' && payload.ticketId === ticketId && payload.event.type === 'payment_checked') load();
  });

  const busy = useRef(false);
  const recheck = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    setChecking(true);
    setRechecked(null);
    try {
      const { recorded, ...next } = await call<PaymentCheckView & { recorded: boolean }>('POST', path);
      setCheck(next);
      setProblem(null);
      setRechecked({ recorded });
    } catch (err) {
      setProblem(apiProblem(err));
    } finally {
      busy.current = false;
      setChecking(false);
    }
  }, [path]);

  /** Refunds (or records a refund made elsewhere); the key makes a retry of the same confirmation safe. Throws the API's refusal. */
  const refund = useCallback(
    (body: RefundRequest, idempotencyKey: string) => call<RefundResult>('POST', `/api/tickets/${ticketId}/refund`, { body, idempotencyKey }),
    [ticketId],
  );

  return { check, problem, checking, rechecked, load, recheck, refund };
}
