import { randomInt, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Brand } from '../db/entities/brand.entity';
import type { Ticket } from '../db/entities/ticket.entity';
import { missingEvidence } from '../domain/evidence-checklist';
import { freshSlaClock, nextSlaCheckAt, type SlaDeadlines } from '../domain/sla';
import type { IntakeInput } from '../domain/ticket.schemas';

/*
 * A new ticket, whoever opens it: a customer's report (intake), or a chargeback that came
 * with no report (payment verification).
 */

/** Crockford's base 32: no I, L, O or U to misread over the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newReference(): string {
  const part = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `GCH-${part()}-${part()}`;
}

/** The row of a new ticket, its checklist and SLA clock set, not yet triaged. */
export function buildTicket(input: IntakeInput, brand: Brand, deadlines: SlaDeadlines, proofCount: number, now: Date, source: Ticket['source'] = 'customer'): Ticket {
  const ticket: Ticket = {
    id: randomUUID(),
    reference: newReference(),
    brandId: brand.id,
    type: input.type,
    status: 'new',
    // A customer who names no language is written to in the shop's.
    language: input.language ?? brand.policy.defaultLanguage,
    customerName: input.customerName,
    customerEmail: input.customerEmail,
    customerEmailNormalized: input.customerEmail.toLowerCase(),
    orderNumber: input.orderNumber ?? null,
    paymentTime: input.paymentTime ?? null,
    amountCents: input.amount ?? null,
    currency: input.currency ?? brand.policy.currency,
    cardType: input.cardType ?? null,
    cardLast4: input.cardLast4 ?? null,
    debited: input.debited ?? null,
    refundDate: input.refundDate ?? null,
    orderTime: input.orderTime ?? null,
    secondDebitTime: input.secondDebitTime ?? null,
    secondDebitAmountCents: input.secondDebitAmount ?? null,
    errorMessage: input.errorMessage ?? null,
    description: input.description ?? null,
    missingEvidence: [],
    proofCount,
    possibleDuplicateOfId: null,
    ...deadlines,
    ...freshSlaClock,
    slaNextCheckAt: null,
    priority: 'normal',
    slaPausedAt: null,
    resolutionMinutesLeft: null,
    triagedAt: null,
    nextDueAt: deadlines.firstResponseDueAt,
    nextWarnAt: deadlines.firstResponseWarnAt,
    assigneeId: null,
    firstResponseBusinessMinutes: null,
    resolutionBusinessMinutes: null,
    outcome: null,
    outcomeDetails: null,
    requestedEvidence: null,
    informationRequestedAt: null,
    remindersSent: 0,
    nextReminderAt: null,
    reopenCount: 0,
    source,
    followUpOfId: null,
    disputeDueAt: null,
    moneyExpectedBy: null,
    moneyCheckAt: null,
    personalDataErasedAt: null,
    mergedIntoId: null,
    mergedAt: null,
    version: 1,
    createdAt: now,
    createdDay: DateTime.fromJSDate(now, { zone: brand.policy.calendar.timeZone }).toISODate()!,
    updatedAt: now,
  };
  ticket.missingEvidence = missingEvidence(ticket);
  ticket.slaNextCheckAt = nextSlaCheckAt(ticket);
  return ticket;
}
