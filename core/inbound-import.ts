import { createHash, randomUUID } from 'node:crypto';
import type { Repositories } from '../db/database';
import type { Brand } from '../db/entities/brand.entity';
import type { InboundMessageRecord, InboundRecordKind } from '../db/entities/inbound-message.entity';
import type { Ticket } from '../db/entities/ticket.entity';
import type { TicketEvent } from '../db/entities/ticket-event.entity';
import { isUniqueViolation } from '../db/errors';
import {
  attachmentVerdicts,
  bounceReport,
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
import { customerNameFrom, guessAnomalyType, guessLanguage, orderNumberIn, replyDisposition } from '../domain/email-tickets';
import { missingEvidence } from '../domain/evidence-checklist';
import type { ClosedReplyPolicy } from '../domain/mailbox.schemas';
import { slaDeadlines } from '../domain/sla';
import type { PendingJob } from '../db/repositories/outbox.repository';
import { refusalMailQueue, triageQueue } from '../queues';
import { isValidReplyToken, referenceOfReplyToken } from './access-token';
import { enqueueAlerts } from './alerts';
import { calendarFor } from './calendars';
import { storeEvidence, type StoredEvidence } from './evidence-storage';
import { buildTicket } from './new-ticket';
import type { AppContext } from './context';
import { parseInboundMail } from './inbound-mail-parse';
import { clockOnStatusChange } from './ticket-clock';
import { agentTicketSummary, timelineEntry } from './ticket-views';
import { reindexTickets } from './search-index';

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
  /** A ticket this message opened (the queue is told of a new ticket). */
  opened?: boolean;
  /** Jobs written to the outbox in the transaction, dispatched once it committed. */
  jobs?: PendingJob[];
  /** Other tickets that got an event (a closed ticket's follow-up). */
  related?: Array<{ ticket: Ticket; event: TicketEvent }>;
}

/** What the fetcher's message brings before the transaction: the proofs, already in the target ticket's folder. */
interface Prepared {
  stored: StoredEvidence;
  refused: Array<{ name: string | null; reason: string }>;
  /** The id a ticket opened by this message takes (its files are in its folder). */
  newTicketId: string;
}

const sha256 = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

/** The address of a `Name <address>` header value, or the value itself. */
const addressOf = (mailbox: string) => (/<([^<>\s]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim();

export async function importInboundMail(ctx: AppContext, brand: Brand, raw: Buffer, receivedAt: Date): Promise<InboundOutcome> {
  const inbound: InboundContext = { ownAddresses: [brand.policy.supportEmail, addressOf(brand.policy.replyFrom)], ownMessageIdDomain: ctx.config.messageIdDomain };
  const none = (kind: InboundRecordKind, ticket: Ticket | null = null): Effect => ({ kind, ticket, events: [], ticketChanged: false });
  if (isOversized(raw.length)) return refused(ctx, brand, raw, receivedAt, inbound);
  const { message, redactions } = redactInbound(await parseInboundMail(raw));
  const classification = classifyInbound(message, inbound);
  const fromAddress = (message.from?.address ?? '').toLowerCase();
  const row = { messageId: message.messageId ?? sha256(raw), fromAddress, subject: message.subject, receivedAt };

  if (classification.kind !== 'normal') {
    return record(ctx, brand, row, null, async (repos) =>
      // Recorded and nothing else: answering a robot, or ourselves, is how mail loops start.
      classification.kind === 'bounce' ? bounced(ctx, repos, brand, message, classification) : none(classification.kind === 'own' ? 'own' : 'auto_reply'),
    );
  }
  const since = new Date(receivedAt.getTime() - INBOUND_SENDER_LIMIT.windowMs);
  const times = fromAddress ? await ctx.db.repos.inbound.receivedTimesFrom(brand.id, fromAddress, { from: since, to: receivedAt }, INBOUND_SENDER_LIMIT.max) : [];
  if (!fromAddress || senderOverLimit(times, receivedAt)) return record(ctx, brand, row, null, async () => none(fromAddress ? 'rate_limited' : 'unmatched'));
  // A message already imported writes no file (the transaction checks again).
  if (await ctx.db.repos.inbound.findByMessageId(brand.id, row.messageId)) return record(ctx, brand, row, null, async () => none('unmatched'));

  const mailbox = await ctx.db.repos.mailboxes.find(brand.id);
  const closedReplies: ClosedReplyPolicy = mailbox?.closedReplies ?? 'new_ticket';
  const found = await threadedTicket(ctx, ctx.db.repos, brand, message, inbound, fromAddress);
  const newTicketId = randomUUID();
  const target = found && replyDisposition(found.status, closedReplies) !== 'follow_up' ? found.id : newTicketId;
  const verdicts = await attachmentVerdicts(message.attachments);
  const prepared: Prepared = {
    stored: await storeEvidence(ctx.config.uploadsDir, target, verdicts.kept.map((a) => ({ originalName: a.filename, mimeType: a.mimeType, ext: a.ext, source: { bytes: a.content } })), ctx.now()),
    refused: verdicts.refused.map((a) => ({ name: a.filename, reason: a.reason })),
    newTicketId,
  };
  return record(ctx, brand, row, prepared, async (repos) => {
    const ticket = found && (await repos.tickets.findForUpdate(found.id));
    const disposition = ticket ? replyDisposition(ticket.status, closedReplies) : null;
    if (!ticket || disposition === 'follow_up') return opened(ctx, repos, brand, message, redactions, prepared, ticket);
    return replied(ctx, repos, brand, ticket, message, redactions, prepared);
  });
}

/**
 * A message whose import failed three times in a row (not for a database outage): recorded as
 * `failed`, with none of its content, so the mailbox goes on behind it; the error is logged
 * for a fix, and the message stays in the mailbox for a person to read.
 */
export async function setAsideInboundMail(ctx: AppContext, brand: Brand, raw: Buffer, receivedAt: Date): Promise<InboundOutcome> {
  return record(ctx, brand, { messageId: sha256(raw), fromAddress: '', subject: '', receivedAt }, null, async () => ({ kind: 'failed', ticket: null, events: [], ticketChanged: false }));
}

/**
 * Writes the record and its effect in one transaction. The same message again (the record
 * already there, or written meanwhile by a concurrent import) changes nothing, and the
 * files it brought are removed again.
 */
async function record(
  ctx: AppContext,
  brand: Brand,
  row: Pick<InboundMessageRecord, 'messageId' | 'fromAddress' | 'subject' | 'receivedAt'> & { id?: string },
  prepared: Prepared | null,
  effect: (repos: Repositories) => Promise<Effect>,
): Promise<InboundOutcome> {
  const now = ctx.now();
  let outcome: { effect: Effect | null; existing: InboundMessageRecord | null };
  try {
    outcome = await ctx.db.transaction(async (repos) => {
      const existing = await repos.inbound.findByMessageId(brand.id, row.messageId);
      if (existing) return { effect: null, existing };
      const done = await effect(repos);
      // The customer's words are searchable as soon as the message is in.
      if (done.ticket && done.ticketChanged) await reindexTickets(repos, [done.ticket.id]);
      await repos.inbound.insert({ id: randomUUID(), brandId: brand.id, ...row, kind: done.kind, ticketId: done.ticket?.id ?? null, createdAt: now });
      return { effect: done, existing: null };
    });
  } catch (err) {
    await prepared?.stored.discard();
    if (!isUniqueViolation(err)) throw err;
    outcome = { effect: null, existing: await ctx.db.repos.inbound.findByMessageId(brand.id, row.messageId) };
  }
  const { effect: done, existing } = outcome;
  if (!done) {
    await prepared?.stored.discard();
    return { kind: existing?.kind ?? 'unmatched', ticketId: existing?.ticketId ?? null, messageId: row.messageId, duplicate: true };
  }
  if (done.jobs?.length) await ctx.dispatcher.dispatch(done.jobs);
  for (const { ticket, event } of [...(done.ticket ? done.events.map((event) => ({ ticket: done.ticket!, event })) : []), ...(done.related ?? [])]) {
    ctx.notifier.toTicket(ticket.id, 'ticket.event', { ticketId: ticket.id, event: timelineEntry(event) });
  }
  if (done.ticket && done.opened) ctx.notifier.toAgents('ticket.created', { ticket: agentTicketSummary(done.ticket, now) });
  else if (done.ticket && (done.events.length || done.ticketChanged)) ctx.notifier.toAgents('ticket.updated', { ticket: agentTicketSummary(done.ticket, now) });
  return { kind: done.kind, ticketId: done.ticket?.id ?? null, messageId: row.messageId, duplicate: false };
}

/** Headers are read from this much of an oversized message, never more. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * A message too large to import is not read, but for its headers: who sent it, and whether a
 * person did. A person gets a polite refusal (through the outbox, once); a robot, a bounce,
 * our own mail or a sender over the rate limit gets nothing, so no loop can start.
 */
async function refused(ctx: AppContext, brand: Brand, raw: Buffer, receivedAt: Date, inbound: InboundContext): Promise<InboundOutcome> {
  const head = raw.subarray(0, MAX_HEADER_BYTES);
  const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') : head.indexOf('\n\n');
  const message = end > 0 ? redactInbound(await parseInboundMail(Buffer.concat([head.subarray(0, end), Buffer.from('\r\n\r\n')]))).message : null;
  const fromAddress = (message?.from?.address ?? '').toLowerCase();
  const row = { id: randomUUID(), messageId: message?.messageId ?? sha256(raw), fromAddress, subject: message?.subject ?? '', receivedAt };
  const person = message !== null && fromAddress !== '' && classifyInbound(message, inbound).kind === 'normal';
  const since = new Date(receivedAt.getTime() - INBOUND_SENDER_LIMIT.windowMs);
  const answer = person && !senderOverLimit(await ctx.db.repos.inbound.receivedTimesFrom(brand.id, fromAddress, { from: since, to: receivedAt }, INBOUND_SENDER_LIMIT.max), receivedAt);
  return record(ctx, brand, row, null, async (repos) => ({
    kind: 'oversized',
    ticket: null,
    events: [],
    ticketChanged: false,
    jobs: answer ? await repos.outbox.add(refusalMailQueue.job({ inboundId: row.id })) : [],
  }));
}

/** The agents see that one of the ticket's mails did not reach the customer. */
async function bounced(ctx: AppContext, repos: Repositories, brand: Brand, message: RedactedInboundMessage, classification: InboundClassification): Promise<Effect> {
  const ticketId = classification.originalMessageId && ticketIdFromMessageId(classification.originalMessageId, ctx.config.messageIdDomain);
  const ticket = ticketId ? await repos.tickets.findById(ticketId) : null;
  if (!ticket || ticket.brandId !== brand.id) return { kind: 'bounce', ticket: null, events: [], ticketChanged: false };
  const event = await repos.events.appendOne({
    ticketId: ticket.id,
    type: 'mail_bounced',
    actor: 'system',
    createdAt: ctx.now(),
    // How it was told a bounce (`reason`), and what the report says went wrong.
    data: { originalMessageId: classification.originalMessageId, reason: classification.reason, ...bounceReport(message) },
  });
  return { kind: 'bounce', ticket, events: [event], ticketChanged: false };
}

/**
 * The ticket the message answers, in the order: our Message-IDs it replies to, the
 * GCH references it quotes, then the +token of the ticket's own reply address. Any of them
 * can be quoted or forwarded by anyone, so a ticket is only taken when the sender is its customer.
 */
async function threadedTicket(ctx: AppContext, repos: Repositories, brand: Brand, message: RedactedInboundMessage, inbound: InboundContext, fromAddress: string): Promise<Ticket | null> {
  const keys = threadingKeys(message, inbound);
  const byToken = async (token: string) => {
    const reference = referenceOfReplyToken(token);
    const ticket = reference ? await repos.tickets.findByReference(reference) : null;
    return ticket && isValidReplyToken(ctx.config.APP_SECRET, ticket.id, token) ? ticket : null;
  };
  const candidates: Array<() => Promise<Ticket | null>> = [
    ...keys.ourMessageIds.map((id) => ticketIdFromMessageId(id, inbound.ownMessageIdDomain)).filter((id): id is string => id !== null).map((id) => () => repos.tickets.findById(id)),
    ...keys.ticketReferences.map((reference) => () => repos.tickets.findByReference(reference)),
    ...(keys.plusToken ? [() => byToken(keys.plusToken!)] : []),
  ];
  for (const find of candidates) {
    const ticket = await find();
    // A merged ticket's thread (its Message-IDs, reference, reply address) goes on at its survivor.
    if (ticket && ticket.brandId === brand.id && ticket.customerEmail.trim().toLowerCase() === fromAddress) return repos.merges.survivorOf(ticket);
  }
  return null;
}

type NewEvent = Omit<Parameters<Repositories['events']['appendOne']>[0], 'ticketId' | 'createdAt'>;

/** The customer's message as the timeline keeps it: their words, the whole redacted original, the files. */
function customerMessage(message: RedactedInboundMessage, prepared: Prepared, missing: readonly string[], fields: string[]): NewEvent {
  return {
    type: 'customer_message',
    actor: 'customer',
    isPublic: true,
    data: {
      from: message.from?.address ?? null,
      subject: message.subject,
      text: visibleText(message),
      original: message.text.slice(0, MAX_ORIGINAL_CHARS),
      files: prepared.stored.files.map((f) => ({ id: f.id, name: f.originalName })),
      refused: prepared.refused,
      fields,
      missingEvidence: missing,
    },
  };
}

/**
 * The customer's words on the timeline, their files added as evidence and the checklist
 * recomputed; the ticket back to work (reopened when it was resolved, or closed in a shop
 * that reopens closed tickets).
 */
async function replied(ctx: AppContext, repos: Repositories, brand: Brand, current: Ticket, message: RedactedInboundMessage, redactions: FieldRedaction[], prepared: Prepared): Promise<Effect> {
  const now = ctx.now();
  const events: TicketEvent[] = [];
  const append = async (e: NewEvent) => events.push(await repos.events.appendOne({ ticketId: current.id, createdAt: now, ...e }));
  const files = prepared.stored.files.map((f) => ({ ...f, ticketId: current.id }));
  await repos.files.insert(files);

  // What the e-mail brings to the checklist: its proofs, and an order number it spells out.
  const orderNumber = current.orderNumber ? null : orderNumberIn(visibleText(message));
  const facts = { proofCount: current.proofCount + files.length, ...(orderNumber ? { orderNumber } : {}) };
  const missing = missingEvidence({ ...current, ...facts });
  await append(customerMessage(message, prepared, missing, orderNumber ? ['orderNumber'] : []));
  const said = events[events.length - 1];
  if (redactions.length) await append({ type: 'redacted', actor: 'system', data: { fields: redactions } });

  const from = current.status;
  const disposition = replyDisposition(from, 'reopen');
  const checklist = { ...facts, missingEvidence: missing, updatedAt: now };
  if (disposition === 'back_to_work') {
    const clock = await clockOnStatusChange(repos, brand, current, 'in_progress', now); // the customer answered: a paused clock resumes
    await repos.tickets.update(current, withSchedule(current, { ...checklist, ...clock, status: 'in_progress' as const, nextReminderAt: null }));
    await append({ type: 'status_changed', actor: 'customer', isPublic: true, data: { from, to: 'in_progress' } });
  } else if (disposition === 'reopen') {
    const reopened = reopenedTicket(current, calendarFor(brand), brand.policy.sla, now, true);
    const previousOutcome = current.outcome;
    if (reopened.ok) {
      await repos.tickets.update(current, withSchedule(current, { ...checklist, ...reopened.value, nextReminderAt: null }));
      await append({ type: 'reopened', actor: 'customer', isPublic: true, data: { reason: 'customer_email', from, previousOutcome } });
    }
  } else {
    // Still open: the facts it brought, and no more reminders for what it supplied.
    await repos.tickets.update(current, { ...checklist, nextReminderAt: missing.length ? current.nextReminderAt : null });
  }
  // Whoever holds the ticket (or its shop's managers) is e-mailed that the customer wrote.
  const jobs = await enqueueAlerts(repos, { kind: 'customer_reply', ticket: current, eventId: said.id, actorId: null });
  return { kind: 'reply', ticket: current, events, ticketChanged: true, jobs };
}

/**
 * A ticket opened from an e-mail: one that matches no ticket, or the customer's new message
 * on a closed ticket in a shop that opens a follow-up (it takes the closed ticket's type and
 * facts). Its type is guessed from the words; triage then sends the acknowledgement with the
 * private link, where the customer completes what is still missing.
 */
async function opened(ctx: AppContext, repos: Repositories, brand: Brand, message: RedactedInboundMessage, redactions: FieldRedaction[], prepared: Prepared, followUpOf: Ticket | null): Promise<Effect> {
  const now = ctx.now();
  const text = visibleText(message);
  const guess = followUpOf ? { type: followUpOf.type, guessed: 'follow_up' as const } : guessAnomalyType(message.subject, text);
  const facts = followUpOf
    ? { orderNumber: followUpOf.orderNumber, paymentTime: followUpOf.paymentTime, amountCents: followUpOf.amountCents, cardType: followUpOf.cardType, cardLast4: followUpOf.cardLast4, debited: followUpOf.debited, refundDate: followUpOf.refundDate, orderTime: followUpOf.orderTime }
    : { orderNumber: orderNumberIn(text) };
  const built = buildTicket(
    {
      type: guess.type,
      customerName: followUpOf?.customerName ?? customerNameFrom(message.from!),
      customerEmail: followUpOf?.customerEmail ?? message.from!.address,
      language: followUpOf?.language ?? guessLanguage(text || message.subject, brand.policy.defaultLanguage),
      description: Array.from(text || message.subject).slice(0, 5000).join('') || undefined,
    },
    brand,
    slaDeadlines(calendarFor(brand), brand.policy.sla, guess.type, now, 'normal'),
    prepared.stored.files.length,
    now,
    'email',
  );
  const ticket: Ticket = { ...built, ...facts, id: prepared.newTicketId, followUpOfId: followUpOf?.id ?? null };
  ticket.missingEvidence = missingEvidence(ticket);
  await repos.tickets.insertMany([ticket]);
  await repos.files.insert(prepared.stored.files.map((f) => ({ ...f, ticketId: ticket.id })));

  const events: TicketEvent[] = [];
  const append = async (e: NewEvent) => events.push(await repos.events.appendOne({ ticketId: ticket.id, createdAt: now, ...e }));
  await append({
    type: 'created',
    actor: 'customer',
    isPublic: false,
    data: { type: ticket.type, source: 'email', typeGuessed: guess.guessed, ...(followUpOf ? { followUpOf: { ticketId: followUpOf.id, reference: followUpOf.reference } } : {}) },
  });
  await append(customerMessage(message, prepared, ticket.missingEvidence, facts.orderNumber ? ['orderNumber'] : []));
  if (redactions.length) await append({ type: 'redacted', actor: 'system', data: { fields: redactions } });
  const related = followUpOf
    ? [{ ticket: followUpOf, event: await repos.events.appendOne({ ticketId: followUpOf.id, type: 'follow_up_opened', actor: 'customer', isPublic: false, createdAt: now, data: { ticketId: ticket.id, reference: ticket.reference } }) }]
    : [];
  const jobs = await repos.outbox.add(triageQueue.job({ ticketId: ticket.id }));
  return { kind: followUpOf ? 'reply' : 'new_ticket', ticket, events, ticketChanged: true, opened: true, jobs, related };
}
