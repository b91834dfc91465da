import type { EvidenceItem } from './evidence-checklist';
import type { AnomalyType, Language } from './ticket.schemas';

type Labels<K extends string> = Record<Language, Record<K, string>>;

export const anomalyTypeLabels: Labels<AnomalyType> = {
  fr: {
    double_charge: 'Débit en double',
    debit_without_order: 'Débit sans confirmation de commande',
    failed_payment: 'Échec de paiement',
    refund_not_received: 'Remboursement non reçu',
    cancellation_request: "Demande d'annulation de commande",
  },
  en: {
    double_charge: 'Charged twice',
    debit_without_order: 'Charged but no order confirmation',
    failed_payment: 'Payment failed',
    refund_not_received: 'Refund not received',
    cancellation_request: 'Order cancellation request',
  },
};

/** Each missing item, with why the shop needs it (the customer is more willing when told why). */
export const evidenceLabels: Labels<EvidenceItem> = {
  fr: {
    orderNumber: 'Le numéro de commande, pour retrouver votre achat',
    paymentTime: "L'heure du paiement, pour retrouver l'opération auprès de l'établissement de paiement",
    amount: 'Le montant débité',
    cardType: 'Le type de carte utilisée (Visa, MasterCard…)',
    customerEmail: "L'adresse e-mail utilisée lors de la commande",
    debited: 'Si votre compte a été débité ou non',
    refundDate: "La date de l'annulation ou du remboursement annoncé",
    orderTime: 'La date et l’heure de la commande',
    proof: 'Un justificatif de paiement : SMS de débit de votre banque ou capture d’écran du relevé (PNG, JPEG ou PDF)',
  },
  en: {
    orderNumber: 'The order number, so we can find your purchase',
    paymentTime: 'The time of the payment, so we can trace it with the payment provider',
    amount: 'The amount debited',
    cardType: 'The type of card used (Visa, MasterCard…)',
    customerEmail: 'The e-mail address used for the order',
    debited: 'Whether your account was debited',
    refundDate: 'The date of the cancellation or of the announced refund',
    orderTime: 'The date and time of the order',
    proof: "A payment proof: your bank's debit SMS or a screenshot of your statement (PNG, JPEG or PDF)",
  },
};

/* One way to write amounts and instants, for the e-mails (server) and the pages (client). */
const locale = (language: Language) => (language === 'fr' ? 'fr-FR' : 'en-GB');

/** Building an Intl formatter costs far more than using one: each kind is built once. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function formatter<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}

export const money = (cents: number, currency: string, language: Language) =>
  formatter(`m|${language}|${currency}`, () => new Intl.NumberFormat(locale(language), { style: 'currency', currency })).format(cents / 100);

/** "mardi 24 novembre à 10:00" / "Tuesday 24 November at 10:00", in `timeZone` (default: the reader's own). */
export const dateTime = (instant: Date | string, language: Language, timeZone?: string) =>
  formatter(`t|${language}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale(language), { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone })).format(new Date(instant));

/** "21 novembre 2026" / "21 November 2026", in `timeZone` (UTC by default). */
export const longDate = (instant: Date | string, language: Language, timeZone = 'UTC') =>
  formatter(`d|${language}|${timeZone}`, () => new Intl.DateTimeFormat(locale(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone })).format(new Date(instant));

/** What each outcome means for the customer, in their words. */
export function outcomeMessage(
  outcome: string,
  details: Record<string, unknown>,
  policy: { refundPostingDays: { min: number; max: number } },
  language: Language,
): string {
  const { min, max } = policy.refundPostingDays;
  const amount = typeof details.refundAmountCents === 'number' ? money(details.refundAmountCents, String(details.currency ?? 'EUR'), language) : '';
  const fr: Record<string, string> = {
    refunded: `Nous vous avons remboursé ${amount} sur la carte utilisée pour le paiement. Selon votre banque, le remboursement apparaît sous ${min} à ${max} jours ouvrés.`,
    order_confirmed: 'Votre paiement est bien rattaché à votre commande, qui est confirmée.',
    hold_released: "Le second montant n'était qu'une autorisation temporaire, pas un débit : votre banque la libère d'elle-même, en général sous 7 jours.",
    no_anomaly_found: "Après vérification auprès de l'établissement de paiement, nous n'avons pas constaté d'anomalie sur ce paiement.",
    duplicate_of: `Cette demande rejoint votre dossier ${String(details.duplicateOfReference ?? '')}, que nous traitons.`,
    cancelled: 'Votre commande est annulée ; le remboursement est en cours sur votre carte.',
    redirected_to_return: "L'annulation directe n'est plus possible pour cette commande : vous pourrez la retourner après réception pour être remboursé.",
  };
  const en: Record<string, string> = {
    refunded: `We have refunded ${amount} to the card used for the payment. Depending on your bank, it appears within ${min} to ${max} business days.`,
    order_confirmed: 'Your payment is matched to your order, which is confirmed.',
    hold_released: 'The second amount was only a temporary authorisation, not a debit: your bank releases it by itself, usually within 7 days.',
    no_anomaly_found: 'After checking with the payment provider, we found no anomaly on this payment.',
    duplicate_of: `This request joins your case ${String(details.duplicateOfReference ?? '')}, which we are handling.`,
    cancelled: 'Your order is cancelled; the refund to your card is under way.',
    redirected_to_return: 'Direct cancellation is no longer possible for this order: you can return it after delivery to be refunded.',
  };
  return (language === 'fr' ? fr : en)[outcome] ?? outcome;
}
