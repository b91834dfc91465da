import { isValidAccessToken } from '../../core/access-token';
import { enqueueAlerts } from '../../core/alerts';
import { cachedBrand } from '../../core/brands';
import type { AppContext } from '../../core/context';
import { clockOnStatusChange } from '../../core/ticket-clock';
import { agentTicketSummary, customerStatusView } from '../../core/ticket-views';
import { withSchedule } from '../../domain/sla';
import type { Ticket } from '../../db/entities/ticket.entity';
import { StaleTicketError } from '../../db/repositories/ticket.repository';
import { missingEvidence } from '../../domain/evidence-checklist';
import { redactFields } from '../../domain/redaction';
import { isOpen } from '../../domain/ticket-status';
import { evidenceUpdateSchema, ticketReference } from '../../domain/ticket.schemas';
import { AppError, invalidBody, notFound, validationError } from '../errors';
import type { CheckedUpload } from '../uploads';
import { intakeContext } from './brand-context';
import { paymentFactColumns } from './payment-facts';
import { storeUploads } from './evidence-storage';
import { reindexTickets } from '../../core/search-index';

/** The ticket behind a reference, for the holder of its private token only: anyone else gets a 404. */
export async function ticketForCustomer(ctx: AppContext, reference: string, token: string | undefined): Promise<Ticket> {
  const ref = ticketReference.safeParse(reference);
  const ticket = ref.success ? await ctx.db.repos.tickets.findByReference(ref.data) : null;
  if (!ticket || !token || !isValidAccessToken(ctx.config.APP_SECRET, ticket.id, token)) throw notFound();
  return ticket;
}

export async function customerView(ctx: AppContext, ticket: Ticket) {
  const [events, brand] = await Promise.all([ctx.db.repos.events.list(ticket.id, { publicOnly: true }), cachedBrand(ctx.db, { id: ticket.brandId })]);
  return customerStatusView(ticket, events, brand!);
}

/**
 * Runs a read-modify-write of a ticket again when an agent's change committed between its
 * read and its write: the customer saw no version, so there is nothing stale to report.
 */
async function onFreshRow<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof StaleTicketError) || attempt >= attempts) throw err;
    }
  }
}

/**
 * The customer adds fields, files or a message. The checklist is recomputed; a ticket that
 * was waiting for the customer and now has everything goes back to work, and agents are told.
 */
export async function addEvidence(
  ctx: AppContext,
  ticket: Ticket,
  request: { body: unknown; uploads: CheckedUpload[] },
) {
  if (!isOpen(ticket.status)) {
    // The code and `details.status` are the contract (the client words it in the customer's language).
    throw new AppError(409, 'ticket_closed', `This ticket is ${ticket.status}: nothing more can be added to it. Write to the shop's support address, or open a new report.`, { status: ticket.status });
  }
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw invalidBody();
  const now = ctx.now();
  const { clean, redactions } = redactFields(body as Record<string, unknown>);
  const brand = await cachedBrand(ctx.db, { id: ticket.brandId });
  const parsed = evidenceUpdateSchema(intakeContext(brand!, ctx.now)).safeParse(clean);
  if (!parsed.success) throw validationError(parsed.error);
  const changes = paymentFactColumns(parsed.data);
  const message = parsed.data.message;
  if (!Object.keys(changes).length && !request.uploads.length && !message) {
    throw new AppError(400, 'nothing_to_add', 'Add at least one field, file or message.');
  }

  const stored = await storeUploads(ctx.config.uploadsDir, ticket.id, request.uploads, now);
  try {
    const { current: updated, alerts } = await onFreshRow(() => ctx.db.transaction(async (repos) => {
      const current = (await repos.tickets.findById(ticket.id))!;
      const from = current.status; // the update below changes `current` in place
      await repos.files.insert(stored.files);
      const proofCount = current.proofCount + stored.files.length;
      const missing = missingEvidence({ ...current, ...changes, proofCount });
      // Back to work once complete; an untriaged ticket is left to the triage job.
      const status = current.status === 'awaiting_customer' && missing.length === 0 ? 'in_progress' : current.status;
      const clock = await clockOnStatusChange(repos, brand!, current, status, now);
      await repos.tickets.update(current, withSchedule(current, {
        ...changes,
        ...clock,
        proofCount,
        missingEvidence: missing,
        status,
        nextReminderAt: missing.length ? current.nextReminderAt : null,
        updatedAt: now,
      }));
      const event = await repos.events.appendOne({
        ticketId: ticket.id,
        type: 'evidence_added',
        actor: 'customer',
        isPublic: true,
        createdAt: now,
        data: { fields: Object.keys(changes), files: stored.files.map((f) => ({ id: f.id, name: f.originalName })), message: message ?? null, missingEvidence: missing },
      });
      await repos.events.append(
        ...(status !== from
          ? [{ ticketId: ticket.id, type: 'status_changed', actor: 'customer', isPublic: true, createdAt: now, data: { from, to: status } }]
          : []),
        ...(redactions.length ? [{ ticketId: ticket.id, type: 'redacted', actor: 'system', createdAt: now, data: { fields: redactions } }] : []),
      );
      await reindexTickets(repos, [ticket.id]);
      // The customer answered: whoever holds the ticket (or its shop's managers) is e-mailed.
      const alerts = await enqueueAlerts(repos, { kind: 'customer_reply', ticket: current, eventId: event.id, actorId: null });
      return { current, alerts };
    }));
    if (alerts.length) await ctx.dispatcher.dispatch(alerts);
    const summary = agentTicketSummary(updated, now);
    ctx.notifier.toAgents('ticket.evidence_added', { ticket: summary, fields: Object.keys(changes), files: stored.files.length });
    return customerView(ctx, updated);
  } catch (err) {
    await stored.discard();
    throw err;
  }
}
