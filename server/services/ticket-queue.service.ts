import { z } from 'zod';
import { cachedBrand } from '../../core/brands';
import { calendarFor } from '../../core/calendars';
import type { AppContext } from '../../core/context';
import { queueRow } from '../../core/ticket-views';
import type { Database } from '../../db/database';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { User } from '../../db/entities/user.entity';
import type { QueueQuery } from '../../domain/agent-actions.schemas';
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

const encodeCursor = (sort: string, key: number, id: string) => Buffer.from(JSON.stringify({ s: sort, k: key, id })).toString('base64url');
/** What encodeCursor wrote: an epoch-ms key a bigint column compares with, and a ticket id. */
const cursorSchema = z.strictObject({ s: z.string(), k: z.number().int(), id: z.uuid() });
function decodeCursor(sort: string, cursor: string | undefined) {
  if (!cursor) return undefined;
  try {
    const c = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
    if (c.success && c.data.s === sort) return { key: c.data.k, id: c.data.id };
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
  const tickets = await ctx.db.repos.tickets.findQueuePage({
    statuses: query.status,
    type: query.type,
    brandId,
    assigneeId: query.assignee === 'me' ? user.id : query.assignee === 'unassigned' ? null : query.assignee,
    sla: query.sla,
    search: query.q,
    sort: query.sort,
    after: decodeCursor(query.sort, query.cursor),
    limit: query.limit,
    now,
  });
  const assignees = new Map((await ctx.db.repos.users.findByIds([...new Set(tickets.flatMap((t) => t.assigneeId ?? []))])).map((u) => [u.id, u]));
  const viewers = await ctx.presence.viewers(tickets.map((t) => t.id));
  const left = await businessMinutesLeft(ctx.db, tickets, now);
  const last = tickets.at(-1);
  return {
    items: tickets.map((t) =>
      queueRow(t, { assigneeName: t.assigneeId ? (assignees.get(t.assigneeId)?.name ?? null) : null, viewers: viewers.get(t.id) ?? [], businessMinutesLeft: left.get(t.id) ?? null }, now),
    ),
    nextCursor:
      last && tickets.length === query.limit
        ? encodeCursor(query.sort, (query.sort === 'due' ? last.nextDueAt : last.createdAt).getTime(), last.id)
        : null,
  };
}
