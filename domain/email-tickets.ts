/**
 * What a customer's e-mail does to the case it concerns (issue 14), as pure rules: where a
 * reply goes by the ticket's status and the shop's choice, and what a ticket opened from an
 * e-mail that matches none starts with. The e-mail is already redacted (inbound-mail.ts).
 */
import type { ClosedReplyPolicy } from './mailbox.schemas';
import type { AnomalyType, Language } from './ticket.schemas';
import type { TicketStatus } from './ticket-status';

/**
 * - `append`: on the timeline, the status unchanged (new, triaged, in progress);
 * - `back_to_work`: it was awaiting the customer, who answered: in progress, reminders stop;
 * - `reopen`: resolved, or closed where the shop reopens closed tickets;
 * - `follow_up`: closed, and the shop opens a new ticket linked to it.
 */
export type ReplyDisposition = 'append' | 'back_to_work' | 'reopen' | 'follow_up';

export function replyDisposition(status: TicketStatus, closedReplies: ClosedReplyPolicy): ReplyDisposition {
  switch (status) {
    case 'awaiting_customer':
      return 'back_to_work';
    case 'resolved':
      return 'reopen';
    case 'closed':
      return closedReplies === 'reopen' ? 'reopen' : 'follow_up';
    default:
      return 'append';
  }
}

/*
 * A new ticket from an e-mail has no form to say its type: the words do, in French or
 * English, most telling first (a "double débit" often also says "remboursement"). An e-mail
 * that says none is taken for a debit without an order, the type that asks for the most
 * facts, so the customer's checklist misses nothing; the agent sees it was a guess.
 */
const TYPE_SIGNS: ReadonlyArray<[AnomalyType, RegExp]> = [
  ['double_charge', /\b(?:deux|2) fois\b|\bdoubl(?:e|é)s?\s+(?:d[ée]bits?|pr[ée]l[èe]vements?|paiements?|encaissements?)|\bd[ée]bit(?:s)? en double|\bcharged (?:me )?(?:twice|two times|double)|\bdouble[- ](?:charged?|billed|debit(?:ed)?)|\bdebited twice\b|\btwo (?:charges|debits)\b/i],
  ['debit_without_order', /\bsans (?:aucune )?(?:commande|confirmation)|\bpas (?:re[çc]u )?(?:de |d'|d’)(?:commande|confirmation)|\baucune (?:commande|confirmation)|\bno (?:order|confirmation)\b|\bwithout (?:an? )?(?:order|confirmation)\b|\bnever (?:got|received) (?:an? )?(?:order|confirmation)\b/i],
  ['refund_not_received', /\brembours|\brefund/i],
  ['cancellation_request', /\bannul|\bcancel/i],
  ['failed_payment', /\b(?:paiement|payment|carte|card|transaction)\b[^.\n]{0,40}\b(?:refus|[ée]chou|[ée]chec|rejet|failed|declined|rejected|did not go through|didn't go through)|\b(?:refus|[ée]chec|declined|failed)\b[^.\n]{0,30}\b(?:paiement|payment|carte|card)\b/i],
];
export const FALLBACK_TYPE: AnomalyType = 'debit_without_order';

export function guessAnomalyType(subject: string, text: string): { type: AnomalyType; guessed: 'words' | 'default' } {
  const words = `${subject}\n${text}`;
  const found = TYPE_SIGNS.find(([, sign]) => sign.test(words));
  return found ? { type: found[0], guessed: 'words' } : { type: FALLBACK_TYPE, guessed: 'default' };
}

/** Words that only one of the two languages writes often; a clear majority decides, else the shop's language. */
const FRENCH = /\b(?:bonjour|merci|je|j'|j’|mon|ma|mes|votre|vous|nous|commande|paiement|carte|rembours\w*|pas|est|une|le|la|les|des|avec|pour|cordialement)\b/gi;
const ENGLISH = /\b(?:hello|hi|thanks|thank|i|my|your|you|we|order|payment|card|refund\w*|not|is|the|with|for|regards|was|have)\b/gi;

export function guessLanguage(text: string, fallback: Language): Language {
  const sample = text.slice(0, 4000);
  const fr = sample.match(FRENCH)?.length ?? 0;
  const en = sample.match(ENGLISH)?.length ?? 0;
  if (fr >= 3 && fr > en * 1.5) return 'fr';
  if (en >= 3 && en > fr * 1.5) return 'en';
  return fallback;
}

/**
 * An order number the customer spells out ("commande n° 123456", "order #A-2291"): only
 * after those words, with a digit in it, so a date or a word is never taken for one.
 */
const ORDER_NUMBER = /\b(?:commande|order)\s*(?:n\s*[°ºo]\.?|num[ée]ro|number|no\.?|nr\.?|#)\s*:?\s*#?([A-Z0-9][A-Z0-9_-]{2,39})\b/i;

export function orderNumberIn(text: string): string | null {
  const found = ORDER_NUMBER.exec(text.slice(0, 64 * 1024))?.[1];
  return found && /\d/.test(found) ? found : null;
}

/** The customer's name: the From header's display name, else the address's local part. */
export function customerNameFrom(from: { address: string; name: string }): string {
  const name = from.name.replace(/["<>]/g, '').trim() || from.address.split('@')[0];
  return Array.from(name).slice(0, 120).join('');
}
