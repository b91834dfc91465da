import { createHash } from 'node:crypto';
import type { PaymentTransaction } from '../db/entities/payment-transaction.entity';
import type { Brand } from '../db/entities/brand.entity';
import { isUniqueViolation } from '../db/errors';
import { isOpenDispute } from '../domain/payment-check';
import { slaDeadlines } from '../domain/sla';
import { cardTypes, type AnomalyType, type CardType, type IntakeInput } from '../domain/ticket.schemas';
import { triageQueue } from '../queues/triage.queue';
import { cachedBrand } from './brands';
import { calendarFor } from './calendars';
import type { AppContext } from './context';
import { buildTicket } from './new-ticket';
import { ticketsConcernedBy } from './payment-verification';
import { stripeConnectorFor } from './stripe-connector';
import { agentTicketSummary } from './ticket-views';
import { indexNewTickets } from './search-index';

/*
 * A chargeback that no ticket is about (the cardholder went to their bank without writing to
 * the shop) opens one, so that its evidence deadline is in the agents' queue. Once per
 * dispute, however many times its events arrive (an idempotency key per dispute).
 */

/** What the cardholder says happened, from the dispute's reason. */
function typeOf(reason: string | null): AnomalyType {
  if (reason === 'duplicate') return 'double_charge';
  if (reason === 'credit_not_processed' || reason === 'product_not_received' || reason === 'subscription_canceled') return 'refund_not_received';
  return 'debit_without_order';
}

const words = {
  fr: { holder: (card: string) => `Titulaire de la carte ${card}`, description: (reason: string) => `Contestation bancaire (motif « ${reason} ») ouverte par le titulaire de la carte, sans demande à la boutique.` },
  en: { holder: (card: string) => `Cardholder of ${card}`, description: (reason: string) => `Chargeback (reason "${reason}") opened by the cardholder, with no request to the shop.` },
};

function inputFor(brand: Brand, dispute: PaymentTransaction, charge: PaymentTransaction): IntakeInput {
  const language = brand.policy.defaultLanguage;
  const card = [charge.cardBrand ?? '', charge.cardLast4 ? `•••• ${charge.cardLast4}` : ''].join(' ').trim() || charge.providerId;
  const cardType = cardTypes.find((c) => c === charge.cardBrand?.toLowerCase()) as CardType | undefined;
  return {
    type: typeOf(dispute.declineCode),
    language,
    customerName: words[language].holder(card),
    // No address of the cardholder: the shop's own, so that nothing is sent to a stranger.
    customerEmail: charge.customerEmail ?? brand.policy.supportEmail,
    orderNumber: charge.orderReference ?? undefined,
    paymentTime: charge.occurredAt,
    amount: charge.amountCents,
    currency: charge.currency,
    cardType,
    cardLast4: charge.cardLast4 ?? undefined,
    description: words[language].description(dispute.declineCode ?? '?'),
  };
}

/** The disputed charge from the ledger, or from Stripe when a webhook brought the dispute before the ledger had its charge. */
async function chargeOf(ctx: AppContext, brandId: string, chargeId: string, now: Date): Promise<PaymentTransaction | null> {
  const known = await ctx.db.repos.payments.findByProviderId(brandId, chargeId);
  if (known) return known;
  const connector = await stripeConnectorFor(ctx.db, ctx.config, brandId, ctx.logger);
  if (!connector) return null;
  const { rows } = await connector.charge(chargeId, now);
  await ctx.db.transaction((repos) => repos.payments.upsertMany(brandId, rows, now));
  return ctx.db.repos.payments.findByProviderId(brandId, chargeId);
}

/** Opens a ticket for each open dispute among the changed rows that no ticket is about; returns how many. */
export async function openTicketsForDisputes(ctx: AppContext, brandId: string, providerIds: string[]): Promise<number> {
  const disputes = (await ctx.db.repos.payments.findByProviderIds(brandId, providerIds)).filter((r) => r.kind === 'dispute' && isOpenDispute(r.status) && r.chargeId);
  let opened = 0;
  for (const dispute of disputes) {
    if ((await ticketsConcernedBy(ctx.db.repos, brandId, [dispute.providerId])).length) continue;
    const now = ctx.now();
    const [charge, brand] = await Promise.all([chargeOf(ctx, brandId, dispute.chargeId!, now), cachedBrand(ctx.db, { id: brandId })]);
    if (!charge || !brand) continue;
    const input = inputFor(brand, dispute, charge);
    const ticket = buildTicket(input, brand, slaDeadlines(calendarFor(brand), brand.policy.sla, input.type, now, 'normal'), 0, now, 'chargeback');
    const keyHash = createHash('sha256').update(`chargeback:${brandId}:${dispute.providerId}`).digest('hex');
    const triage = await ctx.db.transaction(async (repos) => {
      // Two deliveries of the dispute at once: the second's key breaks the unique index (caught below).
      if (await repos.idempotencyKeys.findByKeyHash(keyHash)) return null;
      await repos.tickets.insertMany([ticket]);
      await indexNewTickets(repos, [ticket]);
      await repos.idempotencyKeys.insertMany([{ keyHash, requestHash: keyHash, ticketId: ticket.id, createdAt: now }]);
      await repos.events.append({ ticketId: ticket.id, type: 'created', actor: 'system', isPublic: false, createdAt: now, data: { type: ticket.type, source: 'chargeback', disputeId: dispute.providerId, chargeId: charge.providerId } });
      return repos.outbox.add(triageQueue.job({ ticketId: ticket.id }));
    }).catch((err) => {
      if (isUniqueViolation(err)) return null;
      throw err;
    });
    if (!triage) continue;
    await ctx.dispatcher.dispatch(triage);
    ctx.notifier.toAgents('ticket.created', { ticket: agentTicketSummary(ticket, now) });
    ctx.logger.info({ ticket: ticket.reference, dispute: dispute.providerId }, 'chargeback with no ticket: one opened');
    opened++;
  }
  return opened;
}
