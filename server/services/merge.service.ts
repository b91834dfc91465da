import { isValidAccessToken } from '../../core/access-token';
import type { AppContext } from '../../core/context';
import type { Ticket } from '../../db/entities/ticket.entity';
import { mergeRefusal } from '../../domain/merge';
import type { MergeOverview } from '../../domain/merge.schemas';
import { ticketReference } from '../../domain/ticket.schemas';
import { notFound } from '../errors';
import { customerView } from './customer-ticket.service';
import { findTicket } from './find-ticket';

/**
 * The ticket behind a reference for the holder of its private token (anyone else: 404),
 * following a merge: the token of a merged ticket opens its survivor, which the same customer
 * owns. `via` is the merged reference the link was for.
 */
export async function customerTicketFollowingMerge(ctx: AppContext, reference: string, token: string | undefined): Promise<{ ticket: Ticket; via: string | null }> {
  const ref = ticketReference.safeParse(reference);
  const asked = ref.success ? await ctx.db.repos.tickets.findByReference(ref.data) : null;
  if (!asked || !token || !isValidAccessToken(ctx.config.APP_SECRET, asked.id, token)) throw notFound();
  const ticket = await ctx.db.repos.merges.survivorOf(asked);
  return { ticket, via: ticket.id === asked.id ? null : asked.reference };
}

/** The customer's view of the ticket a link leads to, saying which merged reference the link was for. */
export async function customerViewFollowingMerge(ctx: AppContext, found: { ticket: Ticket; via: string | null }) {
  const view = await customerView(ctx, found.ticket);
  return found.via ? { ...view, mergedFrom: found.via } : view;
}

/**
 * What the agent's page shows about merging: the survivor a merged ticket points to, the
 * tickets merged into this one, and its possible duplicates with whether each can be merged
 * into this one (or why not) and their versions for the merge request.
 */
export async function mergeOverview(ctx: AppContext, idOrReference: string): Promise<MergeOverview> {
  const repos = ctx.db.repos;
  const ticket = await findTicket(repos, idOrReference);
  const [into, from, linked] = await Promise.all([
    ticket.mergedIntoId ? repos.tickets.findById(ticket.mergedIntoId) : null,
    repos.merges.findMergedInto(ticket.id),
    repos.tickets.findLinkedDuplicates(ticket),
  ]);
  return {
    id: ticket.id,
    reference: ticket.reference,
    version: ticket.version,
    proofCount: ticket.proofCount,
    mergedInto: into ? { id: into.id, reference: into.reference } : null,
    mergedFrom: from.map((t) => ({ id: t.id, reference: t.reference })),
    // A merged duplicate is listed as merged, not offered again.
    candidates: linked.filter((d) => !d.mergedIntoId).map((d) => {
      // The older report survives: the newer one is folded into it, whichever page the agent is on.
      const intoCandidate = d.createdAt.getTime() < ticket.createdAt.getTime() || (d.createdAt.getTime() === ticket.createdAt.getTime() && d.id < ticket.id);
      const refusal = intoCandidate ? mergeRefusal(ticket, d) : mergeRefusal(d, ticket);
      return {
        id: d.id,
        reference: d.reference,
        status: d.status,
        type: d.type,
        version: d.version,
        createdAt: d.createdAt.toISOString(),
        proofCount: d.proofCount,
        direction: intoCandidate ? ('into_candidate' as const) : ('into_this' as const),
        mergeable: refusal === null,
        refusal: refusal?.code ?? null,
      };
    }),
  };
}
