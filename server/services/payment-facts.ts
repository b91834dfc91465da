import type { Ticket } from '../../db/entities/ticket.entity';
import type { EvidenceUpdate } from '../../domain/ticket.schemas';

/** The payment facts of a customer's evidence or an agent's correction, as ticket columns (only those given). */
export function paymentFactColumns(u: Omit<EvidenceUpdate, 'message'>): Partial<Ticket> {
  const columns: Partial<Ticket> = {
    orderNumber: u.orderNumber,
    paymentTime: u.paymentTime,
    amountCents: u.amount,
    cardType: u.cardType,
    cardLast4: u.cardLast4,
    debited: u.debited,
    refundDate: u.refundDate,
    orderTime: u.orderTime,
    secondDebitTime: u.secondDebitTime,
    secondDebitAmountCents: u.secondDebitAmount,
    errorMessage: u.errorMessage,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
}
