import { randomUUID } from 'node:crypto';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { TicketEvent } from '../../db/entities/ticket-event.entity';
import type { User } from '../../db/entities/user.entity';
import { buildTicket } from '../../core/new-ticket';
import { queueQuerySchema } from '../../domain/agent-actions.schemas';
import { eventText, searchDocument, type SearchableText } from '../../domain/search-text';
import type { TicketStatus } from '../../domain/ticket-status';
import type { AnomalyType } from '../../domain/ticket.schemas';
import { listQueue } from '../../server/services/ticket-queue.service';
import { benchStack, latencies, report, round, type Size } from '../support';

/*
 * 10. Search at scale: fills the database with tickets written the way customers write
 * (French and English descriptions, names, addresses, order numbers, amounts), a fifth of
 * them with a customer message, a reply or a note, every one in the full-text index; then
 * times the queue's search through the service and the repositories (listQueue, as
 * GET /api/tickets?q= runs it) over a mix of what agents type.
 */

/** A small seeded generator (mulberry32): the same tickets for the same seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  return { random, pick };
}

const FIRST = ['Marie', 'Jean', 'Camille', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Manon', 'Louis', 'Inès', 'Gabriel', 'Élodie', 'Thomas', 'Sarah', 'Nicolas', 'Julie', 'Antoine', 'Zoé', 'Mathieu', 'Océane', 'John', 'Emily', 'James', 'Olivia', 'Michael', 'Sophie', 'David', 'Hélène', 'François', 'Agnès'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Davies', 'Müller', 'Nguyen', 'Rossi', 'Lopez', 'Faure'];
const DOMAINS = ['gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'hotmail.fr', 'yahoo.fr', 'outlook.com', 'sfr.fr', 'icloud.com', 'proton.me'];
const SHOPS = ['SFX', 'OFK', 'HRM', 'OMD', 'CMD'];
const FR = {
  double_charge: ['J\'ai été débité deux fois de {amount} pour la même commande.', 'Deux prélèvements identiques apparaissent sur mon relevé bancaire.', 'Ma banque affiche un double débit, merci de rembourser le second.', 'Le paiement a été encaissé en double, je souhaite un remboursement rapide.'],
  debit_without_order: ['Mon compte a été débité de {amount} mais je n\'ai reçu aucune confirmation de commande.', 'Prélèvement sans commande : aucune trace dans mon espace client.', 'La commande n\'apparaît pas alors que ma carte a été débitée.'],
  failed_payment: ['Le paiement a échoué au moment de valider le panier, pourtant la banque indique une opération en attente.', 'Paiement refusé plusieurs fois, carte bloquée par la banque ?', 'Échec de paiement avec le message "transaction refusée", mais {amount} réservés sur mon compte.'],
  refund_not_received: ['Remboursement annoncé il y a trois semaines et toujours rien reçu.', 'Je n\'ai pas reçu le remboursement de {amount} promis après l\'annulation.', 'Le remboursement n\'est pas arrivé sur ma carte, pouvez-vous me donner la référence ?'],
  cancellation_request: ['Je souhaite annuler ma commande passée hier soir.', 'Merci d\'annuler la commande, je me suis trompé de taille.', 'Annulation demandée avant expédition, remboursement attendu.'],
} as const;
const EN = {
  double_charge: ['I was charged twice for the same order, {amount} each time.', 'Two identical payments show on my bank statement.', 'Duplicate charge on my card, please refund the second one.'],
  debit_without_order: ['My card was charged {amount} but I never got an order confirmation.', 'Payment taken and no order in my account.'],
  failed_payment: ['The payment failed at checkout but my bank shows a pending transaction.', 'Card declined several times, is my card blocked?'],
  refund_not_received: ['The refund you promised has not reached my account yet.', 'Still waiting for my refund of {amount} after the cancellation.'],
  cancellation_request: ['Please cancel my order, I ordered the wrong size.', 'I would like to cancel the order before it ships.'],
} as const;
const EXTRAS_FR = ['Paiement par Klarna.', 'Réglé avec PayPal.', 'Carte Visa.', 'Carte MasterCard.', 'Commande passée sur l\'application mobile.', 'Livraison en point relais.', 'C\'est urgent, merci.', 'Cordialement.', 'Je joins une capture de mon relevé.', 'Le SMS de ma banque indique une opération à {amount}.'];
const EXTRAS_EN = ['Paid with Klarna.', 'Paid through PayPal.', 'Visa card.', 'Ordered on the mobile app.', 'Kind regards.', 'Screenshot of my statement attached.'];
const MESSAGES = [
  { type: 'evidence_added', actor: 'customer', key: 'message', texts: ['Voici mon relevé bancaire avec les deux lignes.', 'Ci-joint la capture du SMS de la banque.', 'Here is my bank statement showing both charges.', 'Toujours aucune nouvelle du remboursement, que se passe-t-il ?'] },
  { type: 'reply', actor: 'agent', key: 'body', texts: ['Bonjour, nous avons bien procédé au remboursement, comptez 3 à 5 jours ouvrés.', 'Le second débit est une pré-autorisation qui disparaîtra sous 7 jours.', 'We have issued a refund, it should reach your account within 5 business days.', 'Pourriez-vous nous envoyer la ligne du relevé concernée ?'] },
  { type: 'note', actor: 'agent', key: 'body', texts: ['Vérifié dans Stripe : capture en double confirmée.', 'Autorisation non capturée, rien à rembourser.', 'Client déjà venu pour le même problème, voir ticket précédent.', 'Attente retour du prestataire de paiement (Adyen).'] },
] as const;
const TYPES: AnomalyType[] = ['double_charge', 'double_charge', 'double_charge', 'failed_payment', 'failed_payment', 'debit_without_order', 'debit_without_order', 'refund_not_received', 'cancellation_request'];
const STATUSES: TicketStatus[] = ['triaged', 'in_progress', 'in_progress', 'awaiting_customer', 'resolved', 'resolved', 'closed', 'closed', 'closed'];

/** The i-th reference, in Crockford's base 32 as real ones are written. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function referenceOf(i: number): string {
  let digits = '';
  for (let k = 0, v = i; k < 8; k++, v = Math.floor(v / 32)) digits = CROCKFORD[v % 32] + digits;
  return `GCH-${digits.slice(0, 4)}-${digits.slice(4)}`;
}

const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')} €`;

export async function search(size: Size) {
  const total = size === 'smoke' ? 2_000 : Number(process.env.BENCH_SEARCH_TICKETS ?? 1_000_000);
  const n = size === 'smoke' ? 5 : 200;
  const stack = await benchStack({ workers: false });
  try {
    const db = stack.ctx.db;
    const brand = (await db.repos.brands.findDefault())!;
    const { random, pick } = generator(16);
    const base = new Date('2026-11-23T09:00:00Z').getTime();
    const samples: Ticket[] = [];
    const started = Date.now();
    const BATCH = 2_000;
    // PostgreSQL: a bulk load builds the GIN indexes once at the end rather than row by row.
    if (db.kind === 'postgres') await db.query('DROP INDEX idx_ticket_search_fields, idx_ticket_search_messages');
    for (let from = 0; from < total; from += BATCH) {
      const tickets: Ticket[] = [];
      const events: Array<Partial<TicketEvent> & Pick<TicketEvent, 'ticketId' | 'type' | 'actor'>> = [];
      for (let i = from; i < Math.min(total, from + BATCH); i++) {
        const type = pick(TYPES);
        const english = random() < 0.2;
        const first = pick(FIRST);
        const last = pick(LAST);
        const amount = 499 + Math.floor(random() * 25_000);
        const createdAt = new Date(base - Math.floor(random() * 365 * 86_400_000));
        const due = (h: number) => new Date(createdAt.getTime() + h * 3_600_000);
        const sentences = english ? EN[type] : FR[type];
        const extras = english ? EXTRAS_EN : EXTRAS_FR;
        const description = [pick(sentences), ...(random() < 0.6 ? [pick(extras)] : []), ...(random() < 0.3 ? [pick(extras)] : [])].join(' ').replace(/\{amount\}/g, euros(amount));
        const ticket = buildTicket(
          {
            type,
            customerName: `${first} ${last}`,
            customerEmail: `${first}.${last}${i % 1000}@${pick(DOMAINS)}`.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''),
            language: english ? 'en' : 'fr',
            orderNumber: type === 'debit_without_order' && random() < 0.6 ? undefined : `${pick(SHOPS)}-${100000 + i}`,
            amount,
            cardType: random() < 0.6 ? 'visa' : 'mastercard',
            description,
          } as never,
          brand,
          { firstResponseWarnAt: due(6), firstResponseDueAt: due(8), resolutionWarnAt: due(20), resolutionDueAt: due(24) },
          1,
          createdAt,
        );
        ticket.status = pick(STATUSES);
        ticket.reference = referenceOf(i);
        ticket.triagedAt = createdAt;
        ticket.nextDueAt = ticket.status === 'resolved' || ticket.status === 'closed' ? new Date(8_640_000_000_000_000) : ticket.firstResponseDueAt;
        tickets.push(ticket);
        if (random() < 0.2) {
          const kind = pick(MESSAGES);
          events.push({ ticketId: ticket.id, type: kind.type, actor: kind.actor === 'agent' ? `agent:${randomUUID()}` : 'customer', isPublic: kind.type !== 'note', createdAt, data: { [kind.key]: pick(kind.texts) } });
        }
        if (i % Math.max(1, Math.floor(total / 400)) === 0) samples.push(ticket);
      }
      await db.transaction(async (repos) => {
        await repos.tickets.insertMany(tickets);
        if (events.length) await repos.events.append(...events);
        // What core/search-index.ts writes, without reading back what was just built.
        const said = new Map(events.map((e) => [e.ticketId, eventText(e.type, e.actor, e.data!)]));
        await repos.search.write(tickets.map((t) => ({ ticketId: t.id, ...searchDocument(t, [said.get(t.id)].filter((m): m is SearchableText => !!m)) })));
      });
      if ((from + BATCH) % 100_000 === 0) console.log(`search: ${from + BATCH} tickets (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    if (db.kind === 'postgres') {
      await db.query('CREATE INDEX idx_ticket_search_fields ON ticket_search USING GIN (fields)');
      await db.query('CREATE INDEX idx_ticket_search_messages ON ticket_search USING GIN (messages)');
      // As autovacuum would have by then: otherwise the searches' first reads set the new rows' hint bits, writing the pages they read.
      await db.query('VACUUM ANALYZE');
    }
    const fillSeconds = round((Date.now() - started) / 1000);

    const user = { id: randomUUID(), name: 'Bench Agent', role: 'agent' } as User;
    const s = (i: number) => samples[(i * 7919) % samples.length];
    const mix: Array<[string, (i: number) => Record<string, string>]> = [
      ['reference, lower case without dashes', (i) => ({ q: s(i).reference.replace(/-/g, '').toLowerCase() })],
      ['e-mail, whole', (i) => ({ q: s(i).customerEmail })],
      ['e-mail, part as typed', (i) => ({ q: s(i).customerEmail.slice(0, s(i).customerEmail.indexOf('@') + 3) })],
      ['order number', (i) => ({ q: s(i).orderNumber ?? s(i + 1).orderNumber ?? 'SFX-100000' })],
      ['order digits', (i) => ({ q: `${(s(i).orderNumber ?? 'SFX-100000').slice(4)} ` })],
      ['customer name', (i) => ({ q: `${s(i).customerName} ` })],
      ['first name + last name being typed', (i) => ({ q: s(i).customerName.slice(0, s(i).customerName.indexOf(' ') + 3) })],
      ['amount "59,90"', (i) => ({ q: euros(s(i).amountCents!).replace(' €', '') })],
      ['amount with decimal point and €', (i) => ({ q: `${(s(i).amountCents! / 100).toFixed(2)} €` })],
      ['common word (remboursement)', () => ({ q: 'remboursement ' })],
      ['two words (débit double)', () => ({ q: 'débit double ' })],
      ['rarer word (klarna)', () => ({ q: 'klarna ' })],
      ['English, stemmed (charged twice)', () => ({ q: 'charged twice ' })],
      ['message words (pré-autorisation)', () => ({ q: 'pré-autorisation ' })],
      ['prefix as typed: "re"', () => ({ q: 're' })],
      ['prefix as typed: "remb"', () => ({ q: 'remb' })],
      ['prefix as typed: "rembours"', () => ({ q: 'rembours' })],
      ['words + name prefix', (i) => ({ q: `remboursement ${s(i).customerName.split(' ')[1].slice(0, 3)}` })],
      ['common word + status=in_progress', () => ({ q: 'remboursement ', status: 'in_progress' })],
      ['rare word + status=awaiting_customer', () => ({ q: 'klarna ', status: 'awaiting_customer' })],
      ['name + sort=created', (i) => ({ q: `${s(i).customerName} `, sort: 'created' })],
    ];
    // One untimed round first, as on a server that has been answering: a process's first searches pay for compiling its code and for its connections' first reads of the words' statistics (70-110 ms).
    for (const [, query] of mix) await listQueue(stack.ctx, user, queueQuerySchema.parse(query(n)));
    const rows = [];
    const all: number[] = [];
    for (const [label, query] of mix) {
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < n; i++) {
        const parsed = queueQuerySchema.parse(query(i));
        const t = process.hrtime.bigint();
        const page = await listQueue(stack.ctx, user, parsed);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
        found += page.items.length;
      }
      all.push(...times);
      rows.push({ query: label, ...latencies(times), avgRows: round(found / n) });
    }
    rows.push({ query: 'all of the mix', ...latencies(all), avgRows: NaN });
    return report('search', size, stack.database, rows, { tickets: total, fillSeconds });
  } finally {
    await stack.close();
  }
}
