import { z } from 'zod';
import { cachedBrand } from '../../core/brands';
import { calendarFor } from '../../core/calendars';
import type { AppContext } from '../../core/context';
import { queueRow } from '../../core/ticket-views';
import type { Database } from '../../db/database';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { User } from '../../db/entities/user.entity';
import type { QueueQuery } from '../../domain/agent-actions.schemas';
import type { SearchTier } from '../../db/repositories/ticket.repository';
import { isEmptySearch, parseSearch, type ParsedSearch } from '../../domain/search-query';
import { bestMatch, holdsEveryTerm } from '../../domain/search-snippet';
import { eventText, SEARCHED_EVENT_TYPES, ticketTexts, type SearchableText } from '../../domain/search-text';
import type { SearchMatch } from '../../domain/search.schemas';
import { NO_DEADLINE } from '../../domain/sla';
import { AppError } from '../errors';

/** Business minutes until each ticket's next open deadline (negative once late), on its brand's calendar. */
export async function businessMinutesLeft(db: Database, tickets: Ticket[], now: Date): Promise<Map<string, number | null>> {
  const calendars = new Map<string, ReturnType<typeof calendarFor>>();
  for (const brandId of new Set(tickets.map((t) => t.brandId))) calendars.set(brandId, calendarFor((await cachedBrand(db, { id: brandId }))!));
  return new Map(
    tickets.map((t) => [
      t.id,
      t.nextDueAt.getTime() >= NO_DEADLINE.getTime() ? null : Math.round(calendars.get(t.brandId)!.businessMinutesBetween(now, t.nextDueAt)),
    ]),
  );
}

const encodeCursor = (sort: string, key: number, id: string, tier?: SearchTier, doc?: number) =>
  Buffer.from(JSON.stringify({ s: sort, k: key, id, ...(tier !== undefined ? { t: tier } : {}), ...(doc !== undefined ? { d: doc } : {}) })).toString('base64url');
/**
 * What encodeCursor wrote: an epoch-ms key a bigint column compares with, a ticket id and,
 * searching, the match tier and (SQLite, rows read in the index's order) the row's rowid there.
 */
const cursorSchema = z.strictObject({
  s: z.string(),
  k: z.number().int(),
  id: z.uuid(),
  t: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  d: z.number().int().nonnegative().optional(),
});
function decodeCursor(sort: string, cursor: string | undefined, searching: boolean) {
  if (!cursor) return undefined;
  try {
    const c = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
    // A search's cursor carries its tier, the plain queue's none: neither reads the other's.
    if (c.success && c.data.s === sort && (c.data.t !== undefined) === searching) return { key: c.data.k, id: c.data.id, tier: c.data.t, doc: c.data.d };
  } catch {
    /* falls through */
  }
  throw new AppError(400, 'invalid_cursor', 'This cursor does not belong to this listing; start from the first page.');
}

/** A page of the queue with each row's assignee and who is viewing it now. */
export async function listQueue(ctx: AppContext, user: User, query: QueueQuery) {
  const now = ctx.now();
  let brandId: string | undefined;
  if (query.brand) {
    const brand = await ctx.db.repos.brands.findBySlug(query.brand);
    if (!brand) throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'brand', code: 'unknown_brand', message: 'no shop by that name' }]);
    brandId = brand.id;
  }
  const search = query.q ? parseSearch(query.q) : null;
  const filter = {
    statuses: query.status,
    type: query.type,
    brandId,
    assigneeId: query.assignee === 'me' ? user.id : query.assignee === 'unassigned' ? null : query.assignee,
    sla: query.sla,
    sort: query.sort,
    after: decodeCursor(query.sort, query.cursor, search !== null),
    limit: query.limit,
    now,
  };
  // Searched: each row's tier (how well it matched) and why; a search of nothing findable (a card number) finds nothing.
  const found = search
    ? isEmptySearch(search)
      ? []
      : await ctx.db.repos.tickets.findQueueSearchPage({ ...filter, search })
    : (await ctx.db.repos.tickets.findQueuePage(filter)).map((ticket) => ({ ticket, tier: undefined, doc: undefined }));
  const tickets = found.map((f) => f.ticket);
  const matches = search ? await searchMatches(ctx, search, found) : new Map<string, SearchMatch>();
  const assignees = new Map((await ctx.db.repos.users.findByIds([...new Set(tickets.flatMap((t) => t.assigneeId ?? []))])).map((u) => [u.id, u]));
  const viewers = await ctx.presence.viewers(tickets.map((t) => t.id));
  const left = await businessMinutesLeft(ctx.db, tickets, now);
  const last = tickets.at(-1);
  return {
    items: tickets.map((t) => {
      const row = queueRow(t, { assigneeName: t.assigneeId ? (assignees.get(t.assigneeId)?.name ?? null) : null, viewers: viewers.get(t.id) ?? [], businessMinutesLeft: left.get(t.id) ?? null }, now);
      const match = matches.get(t.id);
      return match ? { ...row, match } : row;
    }),
    nextCursor:
      last && tickets.length === query.limit
        ? encodeCursor(query.sort, (query.sort === 'due' ? last.nextDueAt : last.createdAt).getTime(), last.id, found.at(-1)!.tier, found.at(-1)!.doc)
        : null,
  };
}

/** Why each found ticket matched: its exact identifier, or the field holding most of the words (its texts and its timeline's). */
async function searchMatches(ctx: AppContext, search: ParsedSearch, found: Array<{ ticket: Ticket; tier: SearchTier | undefined }>): Promise<Map<string, SearchMatch>> {
  const own = new Map(found.map(({ ticket }) => [ticket.id, ticketTexts(ticket)]));
  // A ticket whose own fields hold every term is shown by them: its timeline need not be read.
  const words = found.filter((f) => f.tier !== 0 && !holdsEveryTerm(search, own.get(f.ticket.id)!)).map((f) => f.ticket.id);
  const events = await ctx.db.repos.events.findOfTypes(words, SEARCHED_EVENT_TYPES);
  const messages = new Map<string, SearchableText[]>();
  for (const e of events) {
    const text = eventText(e.type, e.actor, e.data);
    if (text) messages.set(e.ticketId, [...(messages.get(e.ticketId) ?? []), text]);
  }
  const matches = new Map<string, SearchMatch>();
  for (const { ticket, tier } of found) {
    const exact = tier === 0 ? { reference: ticket.reference, email: ticket.customerEmail, order: ticket.orderNumber } : null;
    const match = bestMatch(search, exact, [...own.get(ticket.id)!, ...(messages.get(ticket.id) ?? []).reverse()]);
    if (match) matches.set(ticket.id, match);
  }
  return matches;
}
