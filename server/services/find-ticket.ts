import type { Repositories } from '../../db/database';
import type { Ticket } from '../../db/entities/ticket.entity';
import { ticketReference } from '../../domain/ticket.schemas';
import { notFound } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A ticket by id or reference, as an agent's URL names it; what can be neither is not looked up. */
export async function findTicket(repos: Repositories, idOrReference: string): Promise<Ticket> {
  const reference = ticketReference.safeParse(idOrReference);
  const ticket = UUID.test(idOrReference)
    ? await repos.tickets.findById(idOrReference)
    : reference.success
      ? await repos.tickets.findByReference(reference.data)
      : null;
  if (!ticket) throw notFound();
  return ticket;
}
