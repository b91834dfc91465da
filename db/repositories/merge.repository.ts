import type { EntityManager } from 'typeorm';
import { EvidenceFile } from '../entities/evidence-file.entity';
import { InboundMessageRecord } from '../entities/inbound-message.entity';
import { Ticket } from '../entities/ticket.entity';
import { TicketEvent } from '../entities/ticket-event.entity';

/**
 * The writes of a merge that move a ticket's rows to another: its timeline (each event kept
 * whole, marked as coming from it), its files and its imported e-mails' records.
 */
export class MergeRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Moves every event of `from` to `to`, marking each with `mergedFrom` (the ticket it was
   * written on, kept when it came from a ticket merged earlier). Ids stay, so the survivor's timeline, ordered by id, interleaves both
   * histories in the order they happened. Returns how many moved.
   */
  async moveEvents(from: { id: string; reference: string }, to: string): Promise<number> {
    const repo = this.manager.getRepository(TicketEvent);
    const events = await repo.find({ where: { ticketId: from.id }, order: { id: 'ASC' } });
    for (const e of events) {
      // An event the merged ticket had itself taken over from another keeps naming the ticket it was written on.
      await repo.update({ id: e.id }, { ticketId: to, data: { ...e.data, mergedFrom: e.data.mergedFrom ?? { id: from.id, reference: from.reference } } });
    }
    return events.length;
  }

  /** The evidence files (their stored bytes stay where they are: paths are relative and kept). */
  async moveFiles(from: string, to: string): Promise<number> {
    const result = await this.manager.createQueryBuilder().update(EvidenceFile).set({ ticketId: to }).where('ticketId = :from', { from }).execute();
    return result.affected ?? 0;
  }

  /** The records of e-mails imported to `from`: a message fetched again is known as the survivor's. */
  async moveInboundRecords(from: string, to: string): Promise<void> {
    await this.manager.createQueryBuilder().update(InboundMessageRecord).set({ ticketId: to }).where('ticketId = :from', { from }).execute();
  }

  /** The tickets merged into this one, oldest merge first (idx_tickets_merged_into). */
  findMergedInto(ticketId: string): Promise<Array<Pick<Ticket, 'id' | 'reference'>>> {
    return this.manager.getRepository(Ticket).find({ select: { id: true, reference: true }, where: { mergedIntoId: ticketId }, order: { mergedAt: 'ASC' } });
  }

  /**
   * The ticket a merged ticket's link, token or e-mail leads to: its survivor (followed again
   * should that one have been merged too), but only while the same customer owns it in the
   * same shop — the merge checked it; a later change must not open one customer's case to
   * another. A ticket never merged is its own.
   */
  async survivorOf(ticket: Ticket): Promise<Ticket> {
    let current = ticket;
    for (let hops = 0; current.mergedIntoId && hops < 5; hops++) {
      const next = await this.manager.getRepository(Ticket).findOneBy({ id: current.mergedIntoId });
      if (!next || next.brandId !== ticket.brandId || next.customerEmailNormalized !== ticket.customerEmailNormalized) return current;
      current = next;
    }
    return current;
  }
}
