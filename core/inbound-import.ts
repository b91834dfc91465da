import { createHash, randomUUID } from 'node:crypto';
import type { Repositories } from '../db/database';
import type { Brand } from '../db/entities/brand.entity';
import type { InboundMessageRecord, InboundRecordKind } from '../db/entities/inbound-message.entity';
import type { Ticket } from '../db/entities/ticket.entity';
import type { TicketEvent } from '../db/entities/ticket-event.entity';
import { isUniqueViolation } from '../db/errors';
import {
  attachmentVerdicts,
  classifyInbound,
  INBOUND_SENDER_LIMIT,
  isOversized,
  redactInbound,
  senderOverLimit,
  threadingKeys,
  ticketIdFromMessageId,
  visibleText,
  type InboundContext,
  type InboundClassification,
  type RedactedInboundMessage,
} from '../domain/inbound-mail';
import type { FieldRedaction } from '../domain/redaction';
import { withSchedule } from '../domain/sla';
import { reopenedTicket } from '../domain/ticket-rules';
import { calendarFor } from './calendars';
import type { AppContext } from './context';
import { parseInboundMail } from './inbound-mail-parse';
import { agentTicketSummary, timelineEntry } from './ticket-views';

/*
 * Importing one message from a brand's mailbox (issue 14): the IMAP fetcher calls this for
 * each message it reads. The message is redacted before anything reads it, recorded once
 * in inbound_messages (a re-fetch after a crash imports nothing more), and what it means
 * for its ticket written in the same transaction as that record.
 */

/** The customer's original text kept on the event, as redacted, up to this many characters. */
const MAX_ORIGINAL_CHARS = 100 * 1024;

export interface InboundOutcome {
  kind: InboundRecordKind;
  /** The ticket the message went to (a reply, a bounce), else null. */
  ticketId: string | null;
  /** The header, or the sha256 of the raw bytes when the message had none. */
  messageId: string;
  /** This message had been imported already: nothing was done this time. */
  duplicate: boolean;
}

/** What one import changes, computed and written inside the transaction. */
interface Effect {
  kind: InboundRecordKind;
  ticket: Ticket | null;
  events: TicketEvent[];
  /** The ticket itself changed (status, schedule): the queue is told. */
  ticketChanged: boolean;
}

const sha256 = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

/** The address of a `Name <address>` header value, or the value itself. */
const addressOf = (mailbox: string) => (/<([^<>\s]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim();

export async function importInboundMail(ctx: AppContext, brand: Brand, raw: Buffer, receivedAt: Date): Promise<InboundOutcome> {
  if (isOversized(raw.length)) {
    // Not parsed: the size alone decides, and nothing is read out of it.
    return record(ctx, brand, { messageId: sha256(raw), fromAddress: '', subject: '', receivedAt }, async () => ({ kind: 'oversized', ticket: null, events: [], ticketChanged: false }));
  }
  const { message, redactions } = redactInbound(await parseInboundMail(raw));
  const inbound: InboundContext = { ownAddresses: [brand.policy.supportEmail, addressOf(brand.policy.replyFrom)], ownMessageIdDomain: ctx.config.messageIdDomain };
  const classification = classifyInbound(message, inbound);
  const fromAddress = (message.from?.address ?? '').toLowerCase();
  const row = { messageId: message.messageId ?? sha256(raw), fromAddress, subject: message.subject, receivedAt };

  return record(ctx, brand, row, async (repos) => {
    const none = (kind: InboundRecordKind, ticket: Ticket | null = null): Effect => ({ kind, ticket, events: [], ticketChanged: false });
    switch (classification.kind) {
      case 'auto_reply':
      case 'own':
        // Recorded and nothing else: answering a robot, or ourselves, is how mail loops start.
        return none(classification.kind);
      case 'bounce':
        return bounced(ctx, repos, brand, classification);
      case 'normal': {
        const since = new Date(receivedAt.getTime() - INBOUND_SENDER_LIMIT.windowMs);
        const times = fromAddress ? await repos.inbound.receivedTimesFrom(brand.id, fromAddress, { from: since, to: receivedAt }, INBOUND_SENDER_LIMIT.max) : [];
        if (senderOverLimit(times, receivedAt)) return none('rate_limited');
        const ticket = await threadedTicket(repos, brand, message, inbound, fromAddress);
        // A closed ticket takes no more messages; opening a ticket from an e-mail is a later step.
        if (!ticket || ticket.status === 'closed') return none('unmatched');
        return replied(ctx, repos, brand, ticket, message, redactions);
      }
    }
  });
}

/**
 * Writes the record and its effect in one transaction. The same message again (the record
 * already there, or written meanwhile by a concurrent import) changes nothing.
 */
async function record(
  ctx: AppContext,
  brand: Brand,
  row: Pick<InboundMessageRecord, 'messageId' | 'fromAddress' | 'subject' | 'receivedAt'>,
  effect: (repos: Repositories) => Promise<Effect>,
): Promise<InboundOutcome> {
  const now = ctx.now();
  let outcome: { effect: Effect | null; existing: InboundMessageRecord | null };
  try {
    outcome = await ctx.db.transaction(async (repos) => {
      const existing = await repos.inbound.findByMessageId(brand.id, row.messageId);
      if (existing) return { effect: null, existing };
      const done = await effect(repos);
      await repos.inbound.insert({ id: randomUUID(), brandId: brand.id, ...row, kind: done.kind, ticketId: done.ticket?.id ?? null, createdAt: now });
      return { effect: done, existing: null };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    outcome = { effect: null, existing: await ctx.db.repos.inbound.findByMessageId(brand.id, row.messageId) };
  }
  const { effect: done, existing } = outcome;
  if (!done) return { kind: existing?.kind ?? 'unmatched', ticketId: existing?.ticketId ?? null, messageId: row.messageId, duplicate: true };
  if (done.ticket) {
    for (const event of done.events) ctx.notifier.toTicket(done.ticket.id, 'ticket.event', { ticketId: done.ticket.id, event: timelineEntry(event) });
    if (done.events.length || done.ticketChanged) ctx.notifier.toAgents('ticket.updated', { ticket: agentTicketSummary(done.ticket, now) });
  }
  return { kind: done.kind, ticketId: done.ticket?.id ?? null, messageId: row.messageId, duplicate: false };
}

/** The agents see that one of the ticket's mails did not reach the customer. */
async function bounced(ctx: AppContext, repos: Repositories, brand: Brand, classification: InboundClassification): Promise<Effect> {
  const ticketId = classification.originalMessageId && ticketIdFromMessageId(classification.originalMessageId, ctx.config.messageIdDomain);
  const ticket = ticketId ? await repos.tickets.findById(ticketId) : null;
  if (!ticket || ticket.brandId !== brand.id) return { kind: 'bounce', ticket: null, events: [], ticketChanged: false };
  const event = await repos.events.appendOne({
    ticketId: ticket.id,
    type: 'mail_bounced',
    actor: 'system',
    createdAt: ctx.now(),
    data: { originalMessageId: classification.originalMessageId, reason: classification.reason },
  });
  return { kind: 'bounce', ticket, events: [event], ticketChanged: false };
}

/**
 * The ticket the message answers, in the order: our Message-IDs it replies to, then
 * the GCH references it quotes. Either can be quoted by anyone, so a ticket is only taken
 * when the sender is its customer. The +token comes later (no ticket has one yet).
 */
async function threadedTicket(repos: Repositories, brand: Brand, message: RedactedInboundMessage, inbound: InboundContext, fromAddress: string): Promise<Ticket | null> {
  if (!fromAddress) return null;
  const keys = threadingKeys(message, inbound);
  const candidates: Array<() => Promise<Ticket | null>> = [
    ...keys.ourMessageIds.map((id) => ticketIdFromMessageId(id, inbound.ownMessageIdDomain)).filter((id): id is string => id !== null).map((id) => () => repos.tickets.findById(id)),
    ...keys.ticketReferences.map((reference) => () => repos.tickets.findByReference(reference)),
  ];
  for (const find of candidates) {
    const ticket = await find();
    if (ticket && ticket.brandId === brand.id && ticket.customerEmail.trim().toLowerCase() === fromAddress) return ticket;
  }
  return null;
}

/** The customer's words on the timeline; the ticket back to work (reopened when it was resolved). */
async function replied(ctx: AppContext, repos: Repositories, brand: Brand, ticket: Ticket, message: RedactedInboundMessage, redactions: FieldRedaction[]): Promise<Effect> {
  const now = ctx.now();
  const current = (await repos.tickets.findForUpdate(ticket.id)) ?? ticket;
  // Only the verdicts for now: keeping the accepted files as evidence is a later step.
  const verdicts = await attachmentVerdicts(message.attachments);
  const events: TicketEvent[] = [];
  const append = async (e: Omit<Parameters<Repositories['events']['appendOne']>[0], 'ticketId' | 'createdAt'>) => events.push(await repos.events.appendOne({ ticketId: current.id, createdAt: now, ...e }));

  await append({
    type: 'customer_message',
    actor: 'customer',
    isPublic: true,
    data: {
      from: message.from?.address ?? null,
      subject: message.subject,
      text: visibleText(message),
      original: message.text.slice(0, MAX_ORIGINAL_CHARS),
      attachments: { kept: verdicts.kept.map((a) => a.filename), refused: verdicts.refused.map((a) => ({ name: a.filename, reason: a.reason })) },
    },
  });
  if (redactions.length) await append({ type: 'redacted', actor: 'system', data: { fields: redactions } });

  const from = current.status;
  let ticketChanged = false;
  if (from === 'awaiting_customer') {
    await repos.tickets.update(current, withSchedule(current, { status: 'in_progress' as const, nextReminderAt: null, updatedAt: now }));
    await append({ type: 'status_changed', actor: 'customer', isPublic: true, data: { from, to: 'in_progress' } });
    ticketChanged = true;
  } else if (from === 'resolved') {
    const reopened = reopenedTicket(current, calendarFor(brand), brand.policy.sla, now);
    if (reopened.ok) {
      const previousOutcome = current.outcome;
      await repos.tickets.update(current, withSchedule(current, { ...reopened.value, updatedAt: now }));
      await append({ type: 'reopened', actor: 'customer', isPublic: true, data: { reason: 'customer_email', previousOutcome } });
      ticketChanged = true;
    }
  }
  return { kind: 'reply', ticket: current, events, ticketChanged };
}
