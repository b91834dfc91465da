import { anomalyTypeLabels, dateTime, longDate, money } from './labels';
import { redact } from './redaction';
import type { AnomalyType, Language } from './ticket.schemas';

/*
 * Macros (issue 16), the pure part: the variables a macro's text may hold, how a text names
 * them, and how it is rendered for one ticket in its language. No I/O: the service reads the
 * ticket, its brand, the agent and the payment check, and hands the facts in.
 *
 * Syntax: `{{name}}`, spaces allowed inside the braces (`{{ customer.name }}`). A name is
 * lower case, dotted (`payment.refund_arn`). Anything between double braces is a variable:
 * an unknown name is refused when the macro is saved, and a variable with no value for the
 * ticket is left in the text as written and listed as missing — never rendered empty.
 */

/** Every variable, in the order the catalogue shows them. */
export const macroVariables = [
  'customer.name',
  'ticket.reference',
  'ticket.link',
  'ticket.type',
  'ticket.amount',
  'ticket.payment_date',
  'ticket.due_date',
  'order.number',
  'brand.name',
  'brand.support_email',
  'brand.refund_days',
  'brand.cancellation_window',
  'agent.name',
  'payment.refund_date',
  'payment.refund_amount',
  'payment.refund_arn',
  'payment.hold_release_date',
] as const;
export type MacroVariable = (typeof macroVariables)[number];

const known = new Set<string>(macroVariables);
export const isMacroVariable = (name: string): name is MacroVariable => known.has(name);

/** What the catalogue says of each variable, in each language, with an example of its value. */
export const macroVariableCatalogue: Record<MacroVariable, Record<Language, { label: string; example: string }>> = {
  'customer.name': { fr: { label: 'Nom du client', example: 'Marie Curie' }, en: { label: "Customer's name", example: 'Marie Curie' } },
  'ticket.reference': { fr: { label: 'Référence du dossier', example: 'GCH-T0SP-75HE' }, en: { label: 'Ticket reference', example: 'GCH-T0SP-75HE' } },
  'ticket.link': {
    fr: { label: 'Page de suivi privée (le lien est au bas de chaque réponse, jamais dans le texte enregistré)', example: 'votre page de suivi (lien en bas de ce message)' },
    en: { label: 'Private status page (the link is at the foot of every reply, never in the stored text)', example: 'your private page (link at the end of this message)' },
  },
  'ticket.type': { fr: { label: "Type d'anomalie", example: 'Débit en double' }, en: { label: 'Anomaly type', example: 'Charged twice' } },
  'ticket.amount': { fr: { label: 'Montant signalé', example: '59,90 €' }, en: { label: 'Reported amount', example: '€59.90' } },
  'ticket.payment_date': { fr: { label: 'Date du paiement', example: '20 novembre 2026' }, en: { label: 'Payment date', example: '20 November 2026' } },
  'ticket.due_date': { fr: { label: 'Réponse attendue au plus tard', example: 'mercredi 25 novembre à 18:00' }, en: { label: 'Answer due by', example: 'Wednesday 25 November at 18:00' } },
  'order.number': { fr: { label: 'Numéro de commande', example: 'SFX-10042' }, en: { label: 'Order number', example: 'SFX-10042' } },
  'brand.name': { fr: { label: 'Nom de la boutique', example: 'Sofimix' }, en: { label: 'Shop name', example: 'Sofimix' } },
  'brand.support_email': { fr: { label: 'Adresse du service client', example: 'commande@sofimix.com' }, en: { label: 'Support address', example: 'commande@sofimix.com' } },
  'brand.refund_days': { fr: { label: 'Délai de remboursement (jours ouvrés)', example: '10 à 15' }, en: { label: 'Refund delay (business days)', example: '10 to 15' } },
  'brand.cancellation_window': { fr: { label: "Délai d'annulation directe", example: '48 heures' }, en: { label: 'Direct cancellation window', example: '48 hours' } },
  'agent.name': { fr: { label: "Nom de l'agent", example: 'Camille Martin' }, en: { label: "Agent's name", example: 'Camille Martin' } },
  'payment.refund_date': { fr: { label: 'Date du remboursement (vérifié)', example: '24 novembre 2026' }, en: { label: 'Refund date (verified)', example: '24 November 2026' } },
  'payment.refund_amount': { fr: { label: 'Montant remboursé (vérifié)', example: '59,90 €' }, en: { label: 'Refunded amount (verified)', example: '€59.90' } },
  'payment.refund_arn': { fr: { label: 'Référence ARN du remboursement', example: '74987654321012345678901' }, en: { label: 'Refund ARN (bank trace reference)', example: '74987654321012345678901' } },
  'payment.hold_release_date': {
    fr: { label: "Date de disparition de l'autorisation", example: '27 novembre 2026' },
    en: { label: 'Date the authorisation drops off', example: '27 November 2026' },
  },
};

/** `{{ name }}`: anything but braces between double braces. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The variable names a text uses, each once, in order of first use (unknown ones too). */
export function variablesIn(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1]);
  return [...names];
}

/** The names a text uses that are not variables (what saving a macro refuses). */
export const unknownVariables = (text: string): string[] => variablesIn(text).filter((n) => !isMacroVariable(n));

/** A sum of money as facts hold it. */
export interface Money {
  cents: number;
  currency: string;
}

/** The facts a ticket gives its variables; null or absent: no value (the variable is missing). */
export interface MacroFacts {
  customerName?: string | null;
  reference?: string | null;
  type?: AnomalyType | null;
  amount?: Money | null;
  paymentTime?: Date | null;
  dueAt?: Date | null;
  orderNumber?: string | null;
  brandName?: string | null;
  supportEmail?: string | null;
  refundDays?: { min: number; max: number } | null;
  cancellationWindowHours?: number | null;
  agentName?: string | null;
  refundedAt?: Date | null;
  refundAmount?: Money | null;
  refundArn?: string | null;
  holdDropsOffAt?: Date | null;
}

/** The facts the catalogue's examples are made of: what a manager's preview shows before any ticket. */
export const macroExampleFacts: MacroFacts = {
  customerName: 'Marie Curie',
  reference: 'GCH-T0SP-75HE',
  type: 'double_charge',
  amount: { cents: 5990, currency: 'EUR' },
  paymentTime: new Date('2026-11-20T13:32:00Z'),
  dueAt: new Date('2026-11-25T17:00:00Z'),
  orderNumber: 'SFX-10042',
  brandName: 'Sofimix',
  supportEmail: 'commande@sofimix.com',
  refundDays: { min: 10, max: 15 },
  cancellationWindowHours: 48,
  agentName: 'Camille Martin',
  refundedAt: new Date('2026-11-24T09:00:00Z'),
  refundAmount: { cents: 5990, currency: 'EUR' },
  refundArn: '74987654321012345678901',
  holdDropsOffAt: new Date('2026-11-27T08:00:00Z'),
};

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== '';

/** One variable's value for these facts, in the language and the brand's time zone; null when it has none. */
export function variableValue(name: MacroVariable, facts: MacroFacts, language: Language, timeZone: string): string | null {
  const date = (d: Date | null | undefined) => (d ? longDate(d, language, timeZone) : null);
  const sum = (m: Money | null | undefined) => (m ? money(m.cents, m.currency, language) : null);
  const text = (s: string | null | undefined) => (present(s) ? s.trim() : null);
  switch (name) {
    case 'customer.name':
      return text(facts.customerName);
    case 'ticket.reference':
      return text(facts.reference);
    case 'ticket.link':
      // The private link holds the customer's token: every reply e-mail carries it under the
      // text, so the text only points at it and the token never reaches an event or a log.
      return present(facts.reference) ? macroVariableCatalogue['ticket.link'][language].example : null;
    case 'ticket.type':
      return facts.type ? anomalyTypeLabels[language][facts.type] : null;
    case 'ticket.amount':
      return sum(facts.amount);
    case 'ticket.payment_date':
      return date(facts.paymentTime);
    case 'ticket.due_date':
      return facts.dueAt ? dateTime(facts.dueAt, language, timeZone) : null;
    case 'order.number':
      return text(facts.orderNumber);
    case 'brand.name':
      return text(facts.brandName);
    case 'brand.support_email':
      return text(facts.supportEmail);
    case 'brand.refund_days': {
      const d = facts.refundDays;
      if (!d) return null;
      if (d.min === d.max) return String(d.min);
      return language === 'fr' ? `${d.min} à ${d.max}` : `${d.min} to ${d.max}`;
    }
    case 'brand.cancellation_window': {
      const h = facts.cancellationWindowHours;
      if (h == null || h <= 0) return null;
      return language === 'fr' ? `${h} heure${h > 1 ? 's' : ''}` : `${h} hour${h === 1 ? '' : 's'}`;
    }
    case 'agent.name':
      return text(facts.agentName);
    case 'payment.refund_date':
      return date(facts.refundedAt);
    case 'payment.refund_amount':
      return sum(facts.refundAmount);
    case 'payment.refund_arn':
      return text(facts.refundArn);
    case 'payment.hold_release_date':
      return date(facts.holdDropsOffAt);
  }
}

export interface RenderedMacro {
  /** The text with every known variable that has a value replaced; the others left as written. */
  text: string;
  /** Variables the text uses that have no value for this ticket, in order of first use. */
  missing: MacroVariable[];
  /** Names the text uses that are no variables. */
  unknown: string[];
  /** Whether the text can be sent as it is: nothing missing, nothing unknown. */
  complete: boolean;
}

/**
 * Renders a macro's text for one ticket. Values are inserted as they are, never read again as
 * placeholders; the result has its card numbers and security codes masked (a value, or the
 * agent's own text, may hold one pasted by a customer).
 */
export function renderMacro(template: string, facts: MacroFacts, language: Language, timeZone: string): RenderedMacro {
  const missing = new Set<MacroVariable>();
  const unknown = new Set<string>();
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isMacroVariable(name)) {
      unknown.add(name);
      return whole;
    }
    const value = variableValue(name, facts, language, timeZone);
    if (value === null) {
      missing.add(name);
      return `{{${name}}}`;
    }
    // A value never reads as a placeholder when the text is rendered again (the agent's edited preview is).
    return value.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
  });
  return { text: redact(text).text, missing: [...missing], unknown: [...unknown], complete: missing.size === 0 && unknown.size === 0 };
}
