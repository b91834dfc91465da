import { useCallback, useEffect, useRef, useState } from 'react';
import { call, type AgentTicketSummary, type PaymentCheckView } from '../../api';
import { apiProblem, type Problem } from '../../errors';
import { useAgentEvents } from '../../socket';

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
