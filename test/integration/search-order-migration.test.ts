import type { DataSource } from 'typeorm';
import { migratedDatabase } from '../support/migrated-database';
import { buildTicket } from '../../core/new-ticket';
import { insertRows } from '../../db/bulk-insert';
import { BrandRepository } from '../../db/repositories/brand.repository';
import { writeSearchDocuments } from '../../db/repositories/ticket-search.repository';
import { Ticket } from '../../db/entities/ticket.entity';
import { TicketEvent } from '../../db/entities/ticket-event.entity';
import { SearchOrder1797200000000 } from '../../db/migrations/1797200000000-search-order';
import { SearchQueuePostgres1797300000000 } from '../../db/migrations/1797300000000-search-queue-postgres';
import { docIdSecond, facetToken } from '../../domain/search-facets';
import { NO_DEADLINE } from '../../domain/sla';

/*
 * Migration 1797200000000 rebuilds SQLite's full-text index from the tickets that exist: each
 * document's rowid says when its ticket was created, its facets what the queue filters on,
 * and the triggers keep them so when a ticket changes. Migration 1797300000000 gives
 * PostgreSQL's index the same: the queue's order and filters beside the words.
 */

let db: Awaited<ReturnType<typeof migratedDatabase>>;
let ds: DataSource;

beforeAll(async () => {
  db = await migratedDatabase('guichet_search_order');
  ds = db.ds;
});
afterAll(async () => {
  await db?.close();
});

const sqlite = process.env.TEST_DATABASE !== 'postgres';

(sqlite ? it : it.skip)('rebuilds the index in creation order, with facets that follow the tickets', async () => {
  const brand = await new BrandRepository(ds.manager).ensureDefault();
  const agentId = '0f0e0d0c-0b0a-4909-8807-060504030201';
  const at = (iso: string) => new Date(iso);
  const deadlines = (c: Date) => ({ firstResponseWarnAt: new Date(c.getTime() + 3_600_000), firstResponseDueAt: new Date(c.getTime() + 7_200_000), resolutionWarnAt: new Date(c.getTime() + 86_400_000), resolutionDueAt: new Date(c.getTime() + 2 * 86_400_000) });
  const make = (created: Date, description: string) => {
    const t = buildTicket({ type: 'double_charge', customerName: 'Lise Roy', customerEmail: 'lise@example.fr', language: 'fr', orderNumber: 'SFX-1', amount: 1999, cardType: 'visa', description } as never, brand, deadlines(created), 1, created);
    t.status = 'triaged';
    t.nextDueAt = t.firstResponseDueAt;
    return t;
  };
  // Three tickets in one second (ranked within it), one an hour later.
  const tickets = [make(at('2026-11-02T09:00:00.100Z'), 'paiement klarna'), make(at('2026-11-02T09:00:00.900Z'), 'paiement klarna'), make(at('2026-11-02T09:00:00.500Z'), 'paiement paypal'), make(at('2026-11-02T10:00:00Z'), 'paiement klarna')];
  await insertRows(ds.manager, Ticket, tickets);
  await insertRows(ds.manager, TicketEvent, [Object.assign(new TicketEvent(), { ticketId: tickets[3].id, type: 'note', actor: 'agent:x', isPublic: false, createdAt: at('2026-11-02T10:05:00Z'), data: { body: 'vérifié chez adyen' } })]);

  const migration = new SearchOrder1797200000000();
  const runner = ds.createQueryRunner();
  try {
    await migration.down(runner);
    await migration.up(runner);
  } finally {
    await runner.release();
  }
  const rows = async (match: string) =>
    (await ds.query(`SELECT s.rowid AS "docId", d."ticketId" AS id FROM ticket_search s JOIN ticket_search_docs d ON d."docId" = s.rowid WHERE ticket_search MATCH ? ORDER BY s.rowid`, [match])) as Array<{ docId: number; id: string }>;
  const klarna = await rows('{fields}: klarna AND {facets}: due');
  expect(klarna.map((r) => r.id)).toEqual([tickets[0].id, tickets[1].id, tickets[3].id]);
  expect(klarna.map((r) => docIdSecond(r.docId) * 1000)).toEqual([at('2026-11-02T09:00:00Z').getTime(), at('2026-11-02T09:00:00Z').getTime(), at('2026-11-02T10:00:00Z').getTime()]);
  expect((await rows('{messages}: adyen')).map((r) => r.id)).toEqual([tickets[3].id]);
  // A facet word is never a word of the ticket's text.
  expect(await rows('{fields messages}: due')).toEqual([]);

  // The list of words follows the documents: a word no document holds any more is forgotten.
  const terms = async (...words: string[]) => ((await ds.query(`SELECT term FROM ticket_search_terms WHERE term IN (${words.map(() => '?').join(', ')}) ORDER BY term`, words)) as Array<{ term: string }>).map((r) => r.term);
  expect(await terms('adyen', 'klarna', 'paypal', 'verifie')).toEqual(['adyen', 'klarna', 'paypal', 'verifie']);
  await ds.query(`UPDATE ticket_search_docs SET messages = '' WHERE "ticketId" = ?`, [tickets[3].id]);
  // Written as the application writes a document (its new words added), then as a bare update (the trigger forgets what went).
  const [doc] = (await ds.query(`SELECT fields, messages FROM ticket_search_docs WHERE "ticketId" = ?`, [tickets[0].id])) as Array<{ fields: string; messages: string }>;
  await writeSearchDocuments(ds.manager, 'sqlite', [{ ticketId: tickets[0].id, fields: doc.fields.replace('klarna', 'sepa'), messages: doc.messages }]);
  await ds.query(`DELETE FROM ticket_search_docs WHERE "ticketId" = ?`, [tickets[2].id]);
  expect(await terms('adyen', 'klarna', 'paypal', 'sepa', 'verifie')).toEqual(['klarna', 'sepa']);
  expect((await rows('{fields}: klarna')).map((r) => r.id)).toEqual([tickets[1].id, tickets[3].id]);
  await ds.query(`UPDATE ticket_search_docs SET fields = replace(fields, 'sepa', 'klarna') WHERE "ticketId" = ?`, [tickets[0].id]);

  // The triggers: a status, an assignee, a deadline change the ticket's facets, whatever writes them.
  await ds.query(`UPDATE tickets SET status = 'resolved', "nextDueAt" = ? WHERE id = ?`, [NO_DEADLINE.getTime(), tickets[0].id]);
  await ds.query(`UPDATE tickets SET "assigneeId" = ? WHERE id = ?`, [agentId, tickets[1].id]);
  expect((await rows('klarna AND {facets}: nodue sresolved')).map((r) => r.id)).toEqual([tickets[0].id]);
  expect((await rows('klarna AND {facets}: due')).map((r) => r.id)).toEqual([tickets[1].id, tickets[3].id]);
  expect((await rows(`klarna AND {facets}: ${facetToken.assignee(agentId)}`)).map((r) => r.id)).toEqual([tickets[1].id]);
  expect((await rows('klarna AND {facets}: anone')).map((r) => r.id)).toEqual([tickets[0].id, tickets[3].id]);
  // A deadline before the ticket's creation (a dispute imported late) is read apart.
  await ds.query(`UPDATE tickets SET "nextDueAt" = ? WHERE id = ?`, [at('2026-11-01T00:00:00Z').getTime(), tickets[3].id]);
  expect((await rows('klarna AND {facets}: early')).map((r) => r.id)).toEqual([tickets[3].id]);
});

(sqlite ? it.skip : it)("gives PostgreSQL's index the queue's order and filters, kept by a trigger, and goes back to one weighted document", async () => {
  const brand = await new BrandRepository(ds.manager).ensureDefault();
  const created = new Date('2026-11-02T09:00:00Z');
  const deadlines = { firstResponseWarnAt: new Date(created.getTime() + 3_600_000), firstResponseDueAt: new Date(created.getTime() + 7_200_000), resolutionWarnAt: new Date(created.getTime() + 86_400_000), resolutionDueAt: new Date(created.getTime() + 2 * 86_400_000) };
  const ticket = buildTicket({ type: 'double_charge', customerName: 'Lise Roy', customerEmail: 'lise@example.fr', language: 'fr', orderNumber: 'SFX-1', amount: 1999, cardType: 'visa', description: 'paiement klarna' } as never, brand, deadlines, 1, created);
  ticket.status = 'triaged';
  ticket.nextDueAt = ticket.firstResponseDueAt;
  await insertRows(ds.manager, Ticket, [ticket]);
  await insertRows(ds.manager, TicketEvent, [Object.assign(new TicketEvent(), { ticketId: ticket.id, type: 'note', actor: 'agent:x', isPublic: false, createdAt: created, data: { body: 'vérifié chez adyen' } })]);

  const migration = new SearchQueuePostgres1797300000000();
  const runner = ds.createQueryRunner();
  const row = async () => ((await ds.query(`SELECT status, due, created, "assigneeId", fields @@ 'klarna'::tsquery AS "klarnaInFields", messages @@ 'adyen'::tsquery AS "adyenInMessages", fields @@ 'adyen'::tsquery AS "adyenInFields" FROM ticket_search WHERE "ticketId" = $1`, [ticket.id])) as Array<Record<string, unknown>>)[0];
  try {
    // Rebuilt from the tickets that exist, with their place in the queue.
    await migration.down(runner);
    await migration.up(runner);
    expect(await row()).toEqual({ status: 'triaged', due: String(ticket.firstResponseDueAt.getTime()), created: String(created.getTime()), assigneeId: null, klarnaInFields: true, adyenInMessages: true, adyenInFields: false });
    // Whatever code path writes the ticket, its copy follows.
    await ds.query(`UPDATE tickets SET status = 'resolved', "nextDueAt" = $1, "assigneeId" = $2 WHERE id = $3`, [NO_DEADLINE.getTime(), '0f0e0d0c-0b0a-4909-8807-060504030201', ticket.id]);
    expect(await row()).toMatchObject({ status: 'resolved', due: String(NO_DEADLINE.getTime()), assigneeId: '0f0e0d0c-0b0a-4909-8807-060504030201' });
    // Down: one document, the fields weighted A and the messages D, as the previous code reads it.
    await migration.down(runner);
    const [weighted] = (await ds.query(`SELECT document @@ 'klarna:A'::tsquery AS a, document @@ 'adyen:A'::tsquery AS "adyenA", document @@ 'adyen:D'::tsquery AS "adyenD" FROM ticket_search WHERE "ticketId" = $1`, [ticket.id])) as Array<Record<string, boolean>>;
    expect(weighted).toEqual({ a: true, adyenA: false, adyenD: true });
    await migration.up(runner);
  } finally {
    await runner.release();
  }
});
