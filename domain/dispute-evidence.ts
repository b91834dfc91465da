import { money } from './labels';
import type { AnomalyType, Language } from './ticket.schemas';

/*
 * A chargeback's evidence summary (issue 13): what the agent copies into the provider's
 * dispute form — the customer's own report, the conversation, and the transactions, with the
 * duplicate's id when the shop refunded it. Pure; built from what the ticket and the ledger hold.
 */

export interface EvidenceTransaction {
  id: string;
  kind: string;
  status: string;
  amountCents: number;
  currency: string;
  at: string;
  chargeId: string | null;
  arn: string | null;
}

export interface EvidenceInput {
  reference: string;
  type: AnomalyType;
  customerName: string;
  customerEmail: string;
  orderNumber: string | null;
  reportedAt: Date;
  /** What the customer wrote in their report. */
  description: string | null;
  /** The shop's time zone: dates as the shop's records have them. */
  timeZone: string;
  /** The ticket's public timeline (what the customer and the shop said to each other). */
  timeline: ReadonlyArray<{ type: string; at: Date; data: Record<string, unknown> }>;
  transactions: readonly EvidenceTransaction[];
  disputeDueBy: Date | null;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const quote = (s: string, lang: Language) => (lang === 'fr' ? `« ${s} »` : `"${s}"`);

const words = {
  fr: {
    title: (ref: string) => `Dossier de contestation — demande ${ref}`,
    due: (d: string) => `Preuves à fournir avant le ${d}.`,
    customer: (name: string, email: string, order: string | null) => `Client : ${name} <${email}>${order ? `, commande ${order}` : ''}.`,
    reported: (d: string) => `Le client nous a signalé le problème le ${d}, avant toute contestation bancaire.`,
    transactions: 'Transactions :',
    refund: (id: string, charge: string, amount: string, d: string, arn: string | null) => `Remboursement ${id} de ${amount} le ${d} sur le paiement ${charge}${arn ? ` (ARN ${arn})` : ''}.`,
    charge: (id: string, amount: string, d: string, status: string) => `Paiement ${id} de ${amount} le ${d} (${status}).`,
    conversation: 'Échanges avec le client :',
    customerSaid: (d: string) => `${d}, le client :`,
    shopSaid: (d: string) => `${d}, la boutique :`,
  },
  en: {
    title: (ref: string) => `Dispute evidence — request ${ref}`,
    due: (d: string) => `Evidence due by ${d}.`,
    customer: (name: string, email: string, order: string | null) => `Customer: ${name} <${email}>${order ? `, order ${order}` : ''}.`,
    reported: (d: string) => `The customer reported the problem to us on ${d}, before any dispute with their bank.`,
    transactions: 'Transactions:',
    refund: (id: string, charge: string, amount: string, d: string, arn: string | null) => `Refund ${id} of ${amount} on ${d} for payment ${charge}${arn ? ` (ARN ${arn})` : ''}.`,
    charge: (id: string, amount: string, d: string, status: string) => `Payment ${id} of ${amount} on ${d} (${status}).`,
    conversation: 'Conversation with the customer:',
    customerSaid: (d: string) => `${d}, the customer:`,
    shopSaid: (d: string) => `${d}, the shop:`,
  },
} satisfies Record<Language, unknown>;

export function disputeEvidenceSummary(input: EvidenceInput, lang: Language): string {
  const w = words[lang];
  // With the year and the zone: a bank reads this months later.
  const format = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: input.timeZone, timeZoneName: 'short' });
  const on = (d: Date | string) => format.format(new Date(d));
  const lines = [w.title(input.reference)];
  if (input.disputeDueBy) lines.push(w.due(on(input.disputeDueBy)));
  lines.push(w.customer(input.customerName, input.customerEmail, input.orderNumber), w.reported(on(input.reportedAt)), '', w.transactions);
  for (const t of input.transactions) {
    const amount = money(t.amountCents, t.currency, lang);
    if (t.kind === 'refund') lines.push(`- ${w.refund(t.id, t.chargeId ?? '?', amount, on(t.at), t.arn)}`);
    else if (t.kind === 'charge') lines.push(`- ${w.charge(t.id, amount, on(t.at), t.status)}`);
  }
  const said = input.timeline.flatMap((e) => {
    const customer = e.type === 'created' ? text(input.description) : e.type === 'evidence_added' ? text(e.data.message) : null;
    const shop = e.type === 'reply' ? text(e.data.body) : e.type === 'information_requested' || e.type === 'resolved' ? text(e.data.message) : null;
    if (customer) return [`- ${w.customerSaid(on(e.at))} ${quote(customer, lang)}`];
    if (shop) return [`- ${w.shopSaid(on(e.at))} ${quote(shop, lang)}`];
    return [];
  });
  if (said.length) lines.push('', w.conversation, ...said);
  return lines.join('\n');
}
