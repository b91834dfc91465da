import { longDate, money } from './labels';
import type { DeclineGuidance, PaymentCheck } from './payment-check';
import type { Language } from './ticket.schemas';

/*
 * What an agent can send the customer about a payment check, in the customer's language:
 * the verdict of domain/payment-check.ts told from the customer's side, with the amounts and
 * dates that matter to them. Pure; the service passes what it has. The text is the body of a
 * reply only: the e-mail adds the greeting and the link to the customer's page.
 *
 * It never names a card number (not even the last 4 digits: "the card used for the payment"
 * is enough), nor a decline reason the shop must keep to itself (lost or stolen card, fraud).
 */

/** A transaction the check rests on, as the payment-check answer lists it. */
export interface ReplyTransaction {
  id: string;
  kind: string;
  status: string;
  amountCents: number;
  at: Date | string;
  captured?: boolean | null;
}

export interface ReplyFacts {
  /** The ticket's currency (the ledger matched in it). */
  currency: string;
  /** The transactions of the check (its `transactions`): where the amounts and dates come from. */
  transactions?: readonly ReplyTransaction[];
  /** The shop's refund posting window in business days (brand policy `refundPostingDays`). */
  refundWindow?: { min: number; max: number };
  /** The zone dates are written in (the shop's calendar); UTC when not given. */
  timeZone?: string;
}

type Lang = Language;

const day = longDate;

const time = (t: ReplyTransaction) => new Date(t.at).getTime();
const captured = (t: ReplyTransaction) => t.kind === 'charge' && t.status === 'succeeded' && t.captured !== false;
const uncaptured = (t: ReplyTransaction) => t.kind === 'charge' && t.status !== 'failed' && t.captured === false;
const failed = (t: ReplyTransaction) => t.kind === 'charge' && t.status === 'failed';
/** The latest of the transactions that fit (the one a refund or failure verdict rests on). */
const latest = (list: readonly ReplyTransaction[], fits: (t: ReplyTransaction) => boolean) =>
  list.filter(fits).reduce<ReplyTransaction | undefined>((last, t) => (!last || time(t) >= time(last) ? t : last), undefined);

/** What to tell a customer whose payment was declined (domain.md's table, never the reason itself when it is fraud). */
const guidance: Record<DeclineGuidance, Record<Lang, string>> = {
  use_another_method: {
    fr: 'Votre banque n’a pas autorisé ce paiement : nous vous invitons à utiliser un autre moyen de paiement.',
    en: 'Your bank did not authorise this payment: we suggest using another payment method.',
  },
  check_expiry: {
    fr: 'La date d’expiration de la carte ne correspondait pas : vérifiez-la, ou utilisez une autre carte.',
    en: 'The card’s expiry date did not match: please check it, or use another card.',
  },
  retry_with_correct_details: {
    fr: 'Les coordonnées de la carte saisies ne correspondaient pas (numéro ou code de sécurité) : vous pouvez réessayer en les vérifiant.',
    en: 'The card details entered did not match (number or security code): you can try again, checking them.',
  },
  contact_bank: {
    fr: 'Votre banque a bloqué ce paiement : contactez-la pour débloquer votre carte, puis réessayez.',
    en: 'Your bank blocked this payment: please contact them to unblock your card, then try again.',
  },
  generic_decline: {
    fr: 'Votre banque a refusé ce paiement sans nous en donner le motif : nous vous invitons à la contacter, ou à utiliser un autre moyen de paiement.',
    en: 'Your bank declined this payment without giving us a reason: please contact your bank, or use another payment method.',
  },
  retry_later: {
    fr: 'Un incident technique passager a empêché le paiement : vous pouvez réessayer un peu plus tard ; si cela se reproduit, contactez votre banque.',
    en: 'A temporary technical problem stopped the payment: you can try again a little later; if it happens again, please contact your bank.',
  },
  complete_authentication: {
    fr: 'Votre banque demandait de confirmer le paiement (3-D Secure, par SMS ou dans son application) : réessayez en validant cette confirmation.',
    en: 'Your bank asked you to confirm the payment (3-D Secure, by text message or in its app): please try again and complete that confirmation.',
  },
};

/**
 * The reply an agent can send the customer for a check, in `lang`; null for an open dispute.
 *
 * A chargeback in progress is between the customer's bank and the shop: what the shop writes
 * to the customer then can end up in the dispute file, and a templated "we refund you" next
 * to a chargeback refunds twice. The agent decides (accept or contest) and writes by hand.
 */
export function suggestedReply(check: PaymentCheck, lang: Lang, facts: ReplyFacts): string | null {
  const fr = lang === 'fr';
  const txs = facts.transactions ?? [];
  const tz = facts.timeZone;
  const of = (t: ReplyTransaction | undefined) => (t ? money(t.amountCents, facts.currency, lang) : null);
  const on = (d: Date | string) => day(d, lang, tz);
  /** " de 59,90 €" / " of €59.90", or nothing when the amount is not known. */
  const amount = (t: ReplyTransaction | undefined) => (of(t) ? (fr ? ` de ${of(t)}` : ` of ${of(t)}`) : '');
  const paidOn = (t: ReplyTransaction | undefined) => (t ? (fr ? ` du ${on(t.at)}` : ` made on ${on(t.at)}`) : '');
  const window = facts.refundWindow;
  const posting = window
    ? fr
      ? ` Selon votre banque, il apparaît sur votre compte sous ${window.min} à ${window.max} jours ouvrés.`
      : ` Depending on your bank, it appears on your account within ${window.min} to ${window.max} business days.`
    : '';
  const checked = fr ? 'Après vérification auprès de l’établissement de paiement, ' : 'We have checked with the payment provider: ';

  switch (check.verdict) {
    case 'duplicate_capture': {
      const extra = txs.find((t) => t.id === check.refundTransactionId);
      const count = txs.filter(captured).length;
      const times = fr ? (count > 2 ? `${count} fois` : 'deux fois') : count > 2 ? `${count} times` : 'twice';
      return fr
        ? `${checked}votre paiement${amount(extra)} a bien été encaissé ${times}. Nous vous remboursons le débit en trop${of(extra) ? `, soit ${of(extra)},` : ''} sur la carte utilisée pour le paiement.${posting} Nous vous prions de nous excuser pour ce désagrément.`
        : `${checked}your payment${amount(extra)} was indeed taken ${times}. We are refunding the extra debit${of(extra) ? `, ${of(extra)},` : ''} to the card used for the payment.${posting} We apologise for the inconvenience.`;
    }
    case 'authorization_hold': {
      const paid = txs.find(captured);
      const hold = latest(txs, uncaptured);
      const until = check.holdDropsOffAt ? (fr ? ` au plus tard le ${on(check.holdDropsOffAt)}` : ` by ${on(check.holdDropsOffAt)} at the latest`) : '';
      if (paid) {
        return fr
          ? `${checked}un seul paiement${amount(paid)} a été encaissé. Le second montant${amount(hold)} visible sur votre compte n’est qu’une autorisation temporaire, jamais encaissée : ce n’est pas un débit, et votre banque la libère d’elle-même${until}. Vous n’avez rien à faire.`
          : `${checked}only one payment${amount(paid)} was taken. The second amount${amount(hold)} you see on your account is only a temporary authorisation, never captured: it is not a debit, and your bank releases it by itself${until}. There is nothing you need to do.`;
      }
      return fr
        ? `${checked}le montant${amount(hold)} visible sur votre compte n’est qu’une autorisation temporaire, jamais encaissée : ce n’est pas un débit, et votre banque la libère d’elle-même${until}. Vous n’avez rien à faire.`
        : `${checked}the amount${amount(hold)} you see on your account is only a temporary authorisation, never captured: it is not a debit, and your bank releases it by itself${until}. There is nothing you need to do.`;
    }
    case 'orphan_capture': {
      const paid = txs.find(captured);
      return fr
        ? `Nous avons bien retrouvé votre paiement${amount(paid)}${paidOn(paid)} : il n’est rattaché à aucune commande. Nous vérifions ce qu’il en est et revenons vers vous : soit nous confirmons votre commande, soit nous vous remboursons ce montant sur la carte utilisée pour le paiement. Si vous ne souhaitez plus cette commande, dites-le-nous en répondant à ce message.`
        : `We have found your payment${amount(paid)}${paidOn(paid)}: it is not linked to any order. We are looking into it and will come back to you: either we confirm your order, or we refund this amount to the card used for the payment. If you no longer want the order, just tell us in your reply.`;
    }
    case 'failed_with_hold':
    case 'failed_no_charge': {
      const attempt = latest(txs, failed);
      const advice = guidance[check.declineGuidance ?? 'generic_decline'][lang];
      const head = fr
        ? `Votre tentative de paiement${amount(attempt)}${paidOn(attempt)} n’a pas abouti : rien n’a été débité de votre compte.`
        : `Your payment attempt${amount(attempt)}${paidOn(attempt)} did not go through: nothing was debited from your account.`;
      if (check.verdict === 'failed_no_charge') return `${head} ${advice}`;
      const until = check.holdDropsOffAt ? (fr ? ` au plus tard le ${on(check.holdDropsOffAt)}` : ` by ${on(check.holdDropsOffAt)} at the latest`) : '';
      return fr
        ? `${head} Le montant en attente que vous voyez peut-être sur votre compte est une autorisation temporaire : votre banque la libère d’elle-même${until}. ${advice} Pour ne pas multiplier ces montants en attente, évitez de répéter les tentatives.`
        : `${head} The pending amount you may see on your account is a temporary authorisation: your bank releases it by itself${until}. ${advice} To avoid more pending amounts, please do not retry repeatedly.`;
    }
    case 'refund_issued': {
      const refund = latest(txs, (t) => t.kind === 'refund');
      const when = check.refundedAt ? (fr ? ` le ${on(check.refundedAt)}` : ` on ${on(check.refundedAt)}`) : '';
      const trace = check.arn
        ? fr
          ? ` Si vous ne le voyez pas passé ce délai, donnez à votre banque la référence de ce remboursement (ARN) : ${check.arn}. Elle lui permet de le retrouver.`
          : ` If you do not see it after that, give your bank this refund’s reference (ARN): ${check.arn}. It lets them trace it.`
        : fr
          ? ' Si vous ne le voyez pas passé ce délai, répondez à ce message : nous ferons les démarches avec vous auprès de votre banque.'
          : ' If you do not see it after that, reply to this message: we will take it up with your bank together.';
      return fr
        ? `Nous vous avons remboursé${of(refund) ? ` ${of(refund)}` : ''}${when}, sur la carte utilisée pour le paiement.${posting}${trace}`
        : `We refunded you${of(refund) ? ` ${of(refund)}` : ''}${when}, to the card used for the payment.${posting}${trace}`;
    }
    case 'refund_pending': {
      const refund = latest(txs, (t) => t.kind === 'refund');
      const when = check.refundedAt ? (fr ? ` le ${on(check.refundedAt)}` : ` on ${on(check.refundedAt)}`) : '';
      return fr
        ? `Votre remboursement${amount(refund)} a été demandé${when} et l’établissement de paiement est en train de le traiter. Une fois effectué, il est crédité sur la carte utilisée pour le paiement.${posting} Nous suivons son avancement et revenons vers vous si besoin.`
        : `Your refund${amount(refund)} was requested${when} and the payment provider is processing it. Once made, it goes back to the card used for the payment.${posting} We are following it and will come back to you if needed.`;
    }
    case 'refund_failed': {
      const refund = latest(txs, (t) => t.kind === 'refund');
      const when = check.refundedAt ? (fr ? ` du ${on(check.refundedAt)}` : ` of ${on(check.refundedAt)}`) : '';
      return fr
        ? `Le remboursement${amount(refund)}${when} n’a pas pu aboutir auprès de l’établissement de paiement. Nous faisons le nécessaire pour vous rembourser à nouveau et revenons vers vous dès que c’est fait. Si la carte utilisée pour le paiement n’est plus valable, dites-le-nous en répondant à ce message : nous conviendrons avec vous d’un autre moyen.`
        : `The refund${amount(refund)}${when} could not go through with the payment provider. We are making it again and will come back to you as soon as it is done. If the card used for the payment is no longer valid, tell us in your reply: we will agree on another way with you.`;
    }
    case 'single_capture': {
      const paid = txs.find(captured);
      return fr
        ? `${checked}nous trouvons un seul paiement${amount(paid)}${paidOn(paid)}, encaissé normalement : nous n’avons pas constaté d’anomalie sur ce paiement. Si votre relevé bancaire montre un autre débit, envoyez-nous la ligne correspondante (sa date, son montant et son libellé) : nous vérifierons à nouveau.`
        : `${checked}we find a single payment${amount(paid)}${paidOn(paid)}, captured normally: we found no anomaly on this payment. If your bank statement shows another debit, send us that line (its date, amount and label): we will check again.`;
    }
    case 'disputed':
      return null;
    case 'no_match':
      return fr
        ? 'Nous n’avons pas encore retrouvé votre paiement auprès de l’établissement de paiement. Pour le retrouver, pouvez-vous nous envoyer la ligne de votre relevé bancaire qui lui correspond : sa date, son montant et son libellé tel qu’il apparaît ? Une capture d’écran du relevé convient aussi. Ne nous communiquez jamais le numéro complet de votre carte.'
        : 'We have not found your payment with the payment provider yet. To find it, could you send us the line of your bank statement that matches it: its date, its amount and its label as it appears? A screenshot of the statement is fine too. Never send us your full card number.';
  }
}
