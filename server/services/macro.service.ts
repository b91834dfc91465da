import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../core/context';
import { checkTicket } from '../../core/payment-verification';
import type { Repositories } from '../../db/database';
import type { Brand } from '../../db/entities/brand.entity';
import type { Macro } from '../../db/entities/macro.entity';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { User } from '../../db/entities/user.entity';
import { isUniqueViolation } from '../../db/errors';
import { macroVariableCatalogue, macroVariables, renderMacro, unknownVariables, type MacroFacts, type RenderedMacro } from '../../domain/macro';
import { macroSeedsFor } from '../../domain/macro-seeds';
import type { MacroCreateInput, MacroUpdateInput, MacroView } from '../../domain/macro.schemas';
import type { Language } from '../../domain/ticket.schemas';
import { AppError, notFound } from '../errors';
import { findTicket } from './find-ticket';

/*
 * Macros (issue 16): a shop's canned replies, managed by its managers, read by its agents,
 * rendered for one ticket with the facts the ticket, its shop, the agent and the payment
 * check give. Applying one is a ticket action (ticket-actions/apply-macro.ts).
 */

const iso = (d: Date) => d.toISOString();

export function macroView(macro: Macro, brand: Pick<Brand, 'slug'>): MacroView {
  return {
    id: macro.id,
    brandId: macro.brandId,
    brand: brand.slug,
    language: macro.language,
    name: macro.name,
    body: macro.body,
    status: macro.status,
    outcome: macro.outcome,
    assignment: macro.assignment,
    seedKey: macro.seedKey,
    version: macro.version,
    createdAt: iso(macro.createdAt),
    updatedAt: iso(macro.updatedAt),
  };
}

export const variableCatalogue = () => macroVariables.map((name) => ({ name, fr: macroVariableCatalogue[name].fr, en: macroVariableCatalogue[name].en }));

/**
 * Gives a shop the seeded macros, once: the first time its macros are read (existing shops
 * after the upgrade, new shops as they are created and first used). A shop marked seeded is
 * never seeded again, so a manager's deletion of a seeded macro holds; two processes seeding
 * at once meet on the marker's primary key, and the second one's transaction is rolled back.
 */
export async function ensureSeeded(ctx: AppContext, brand: Brand): Promise<void> {
  const brandId = brand.id;
  if (await ctx.db.repos.macros.isSeeded(brandId)) return;
  const now = ctx.now();
  try {
    await ctx.db.transaction(async (repos) => {
      if (await repos.macros.isSeeded(brandId)) return;
      await repos.macros.markSeeded(brandId, now);
      const existing = new Set((await repos.macros.listForBrand(brandId)).map((m) => `${m.language}|${m.name}`));
      await repos.macros.insert(
        macroSeedsFor(brand.policy)
          .filter((s) => !existing.has(`${s.language}|${s.name}`))
          .map((s) => ({ id: randomUUID(), brandId, language: s.language, name: s.name, body: s.body, status: s.status, outcome: s.outcome, assignment: s.assignment, seedKey: s.key, version: 1, createdAt: now, updatedAt: now, updatedBy: null })),
      );
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

async function brandBySlug(repos: Repositories, slug?: string): Promise<Brand> {
  const brand = slug ? await repos.brands.findBySlug(slug) : await repos.brands.findDefault();
  if (!brand) throw notFound('shop');
  return brand;
}

/** `GET /api/macros?brand=|ticket=&language=`: a shop's macros (the ticket's shop's, else the default shop's without `brand`) and the variables catalogue. */
export async function listMacros(ctx: AppContext, query: { brand?: string; ticket?: string; language?: Language }) {
  const brand = query.ticket ? (await ctx.db.repos.brands.findById((await findTicket(ctx.db.repos, query.ticket)).brandId))! : await brandBySlug(ctx.db.repos, query.brand);
  await ensureSeeded(ctx, brand);
  const macros = await ctx.db.repos.macros.listForBrand(brand.id, query.language);
  return { macros: macros.map((m) => macroView(m, brand)), variables: variableCatalogue() };
}

export async function findMacro(repos: Repositories, id: string): Promise<Macro> {
  const macro = await repos.macros.findById(id);
  if (!macro) throw notFound('macro');
  return macro;
}

export async function getMacro(ctx: AppContext, id: string): Promise<MacroView> {
  const macro = await findMacro(ctx.db.repos, id);
  const brand = (await ctx.db.repos.brands.findById(macro.brandId))!;
  return macroView(macro, brand);
}

/** A text naming variables that do not exist is refused, naming them. */
function assertKnownVariables(body: string): void {
  const unknown = unknownVariables(body);
  if (unknown.length) {
    throw new AppError(422, 'unknown_macro_variables', `Unknown variables: ${unknown.join(', ')}.`, { field: 'body', variables: unknown });
  }
}

const nameTaken = () => new AppError(409, 'macro_name_taken', 'This shop already has a macro with this name in this language.', { field: 'name' });

/** An assignment to a given colleague must name an active agent. */
async function assertAssignable(repos: Repositories, input: Pick<MacroUpdateInput, 'assignment'>): Promise<void> {
  if (input.assignment?.to !== 'user') return;
  const user = await repos.users.findById(input.assignment.userId);
  if (!user || user.disabledAt) {
    throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'assignment.userId', code: 'unknown_user', message: 'no active agent with this id' }]);
  }
}

export async function createMacro(ctx: AppContext, user: User, input: MacroCreateInput): Promise<MacroView> {
  assertKnownVariables(input.body);
  const brand = await brandBySlug(ctx.db.repos, input.brand);
  // Seeded first, so that the seeds never take the name this manager chooses now.
  await ensureSeeded(ctx, brand);
  const now = ctx.now();
  const macro: Macro = {
    id: randomUUID(),
    brandId: brand.id,
    language: input.language,
    name: input.name,
    body: input.body,
    status: input.status,
    outcome: input.outcome,
    assignment: input.assignment,
    seedKey: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    updatedBy: user.id,
  };
  try {
    await ctx.db.transaction(async (repos) => {
      await assertAssignable(repos, input);
      if (await repos.macros.findByName(brand.id, input.language, input.name)) throw nameTaken();
      await repos.macros.insert([macro]);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
  return macroView(macro, brand);
}

export async function updateMacro(ctx: AppContext, user: User, id: string, input: MacroUpdateInput): Promise<MacroView> {
  assertKnownVariables(input.body);
  try {
    return await ctx.db.transaction(async (repos) => {
      const macro = await findMacro(repos, id);
      await assertAssignable(repos, input);
      const other = await repos.macros.findByName(macro.brandId, input.language, input.name);
      if (other && other.id !== macro.id) throw nameTaken();
      const { version, ...fields } = input;
      if (!(await repos.macros.updateIfVersion(macro, version, { ...fields, updatedAt: ctx.now(), updatedBy: user.id }))) {
        throw new AppError(409, 'stale_write', 'The macro was changed meanwhile; reload it and try again.', { version: macro.version });
      }
      return macroView(macro, (await repos.brands.findById(macro.brandId))!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

export async function deleteMacro(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.transaction(async (repos) => {
    await findMacro(repos, id);
    await repos.macros.delete(id);
  });
}

/**
 * What a ticket gives the variables: its own facts, its shop's, the agent's name, and what
 * the payment check found in the shop's ledger (a refund's date, amount and ARN, when a hold
 * drops off); a refund recorded on the ticket itself counts when the ledger has none.
 */
export async function macroFacts(ctx: AppContext, ticket: Ticket, brand: Brand, agent: User): Promise<MacroFacts> {
  const check = await checkTicket(ctx, ticket);
  const refundRow = check.transactions.find((t) => t.kind === 'refund');
  const recorded = ticket.outcome === 'refunded' ? ticket.outcomeDetails : null;
  const recordedCents = typeof recorded?.refundAmountCents === 'number' ? recorded.refundAmountCents : null;
  const recordedAt = typeof recorded?.refundedAt === 'string' ? new Date(recorded.refundedAt) : null;
  return {
    customerName: ticket.personalDataErasedAt ? null : ticket.customerName,
    reference: ticket.reference,
    type: ticket.type,
    amount: ticket.amountCents != null ? { cents: ticket.amountCents, currency: ticket.currency } : null,
    paymentTime: ticket.paymentTime,
    dueAt: ticket.resolvedAt ? null : ticket.resolutionDueAt,
    orderNumber: ticket.orderNumber,
    brandName: brand.name,
    supportEmail: brand.policy.supportEmail,
    refundDays: brand.policy.refundPostingDays,
    cancellationWindowHours: brand.policy.cancellationWindowHours,
    agentName: agent.name,
    refundedAt: check.refundedAt ?? (refundRow ? new Date(refundRow.at) : recordedAt),
    refundAmount: refundRow ? { cents: refundRow.amountCents, currency: refundRow.currency } : recordedCents != null ? { cents: recordedCents, currency: ticket.currency } : null,
    refundArn: check.arn ?? refundRow?.arn ?? null,
    holdDropsOffAt: check.holdDropsOffAt ?? null,
  };
}

/** A macro's text (or the agent's edit of it) for one ticket, in the macro's language and the shop's time zone. */
export async function renderFor(ctx: AppContext, macro: Macro, ticket: Ticket, agent: User, body?: string): Promise<RenderedMacro & { brand: Brand; facts: MacroFacts }> {
  const brand = (await ctx.db.repos.brands.findById(ticket.brandId))!;
  if (macro.brandId !== ticket.brandId) {
    throw new AppError(422, 'macro_other_brand', 'This macro belongs to another shop than the ticket’s.', { macroBrandId: macro.brandId, ticketBrandId: ticket.brandId });
  }
  const facts = await macroFacts(ctx, ticket, brand, agent);
  return { ...renderMacro(body ?? macro.body, facts, macro.language, brand.policy.calendar.timeZone), brand, facts };
}

/** `POST /api/macros/:id/preview`: what would be sent, the variables lacking a value flagged. */
export async function previewMacro(ctx: AppContext, agent: User, id: string, input: { ticketId: string; body?: string }) {
  const macro = await findMacro(ctx.db.repos, id);
  const ticket = await findTicket(ctx.db.repos, input.ticketId);
  const rendered = await renderFor(ctx, macro, ticket, agent, input.body);
  return {
    text: rendered.text,
    missing: rendered.missing,
    unknown: rendered.unknown,
    complete: rendered.complete,
    language: macro.language,
    status: macro.status,
    outcome: macro.outcome,
    assignment: macro.assignment,
  };
}
