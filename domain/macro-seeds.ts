import type { MacroAssignment } from './macro.schemas';
import type { Language } from './ticket.schemas';

/**
 * The macros every shop starts with, in French and English, for the seeds' situations
 * (domain.md): an authorisation hold that drops off by itself, a refund made (its date and the
 * ARN the bank can trace), the bank statement line to send, a cancellation asked too late
 * (the return policy: seed 001), and a first answer that takes the case. The shop's own
 * facts (name, refund delay, cancellation window) are variables, so one text fits every shop.
 */
export interface MacroSeed {
  key: string;
  language: Language;
  name: string;
  body: string;
  status: 'awaiting_customer' | 'in_progress' | null;
  outcome: string | null;
  assignment: MacroAssignment | null;
}

const seeds: Record<string, Omit<MacroSeed, 'key' | 'language' | 'name' | 'body'> & Record<Language, { name: string; body: string }>> = {
  taken_in_charge: {
    status: null,
    outcome: null,
    assignment: { to: 'me' },
    fr: {
      name: 'Prise en charge',
      body:
        'Bonjour {{customer.name}},\n\nNous avons bien reçu votre demande {{ticket.reference}} ({{ticket.type}}) et je m’en occupe personnellement. ' +
        'Vous aurez notre réponse au plus tard {{ticket.due_date}}.\n\nVous pouvez suivre votre dossier sur {{ticket.link}}.\n\nCordialement,\n{{agent.name}}\n{{brand.name}}',
    },
    en: {
      name: 'Taken in charge',
      body:
        'Hello {{customer.name}},\n\nWe have received your request {{ticket.reference}} ({{ticket.type}}) and I am handling it personally. ' +
        'You will have our answer by {{ticket.due_date}} at the latest.\n\nYou can follow your case on {{ticket.link}}.\n\nKind regards,\n{{agent.name}}\n{{brand.name}}',
    },
  },
  hold_released: {
    status: null,
    outcome: 'hold_released',
    assignment: null,
    fr: {
      name: 'Autorisation temporaire qui disparaît',
      body:
        'Bonjour {{customer.name}},\n\nNous avons vérifié votre paiement de {{ticket.amount}} pour la commande {{order.number}}. ' +
        'Vous n’avez été débité qu’une fois : la seconde ligne de votre relevé n’est qu’une autorisation temporaire, pas un débit. ' +
        'Votre banque la libère d’elle-même ; elle aura disparu de votre compte au plus tard le {{payment.hold_release_date}}, sans démarche de votre part.\n\n' +
        'Si elle était encore visible après cette date, répondez à ce message en joignant la ligne du relevé.\n\nCordialement,\n{{agent.name}}\n{{brand.name}}',
    },
    en: {
      name: 'Authorisation hold that drops off',
      body:
        'Hello {{customer.name}},\n\nWe have checked your payment of {{ticket.amount}} for order {{order.number}}. ' +
        'You were charged only once: the second line on your statement is only a temporary authorisation, not a debit. ' +
        'Your bank releases it by itself; it will be gone from your account by {{payment.hold_release_date}} at the latest, with nothing for you to do.\n\n' +
        'If it is still there after that date, reply to this message with the statement line attached.\n\nKind regards,\n{{agent.name}}\n{{brand.name}}',
    },
  },
  refund_issued: {
    status: null,
    outcome: 'refunded',
    assignment: null,
    fr: {
      name: 'Remboursement effectué',
      body:
        'Bonjour {{customer.name}},\n\nNous avons remboursé {{payment.refund_amount}} le {{payment.refund_date}} sur la carte utilisée pour la commande {{order.number}}. ' +
        'Selon votre banque, le montant apparaît sur votre compte sous {{brand.refund_days}} jours ouvrés.\n\n' +
        'Passé ce délai, donnez à votre banque cette référence de remboursement (ARN), qui lui permet de le retrouver : {{payment.refund_arn}}.\n\nCordialement,\n{{agent.name}}\n{{brand.name}}',
    },
    en: {
      name: 'Refund issued',
      body:
        'Hello {{customer.name}},\n\nWe refunded {{payment.refund_amount}} on {{payment.refund_date}} to the card used for order {{order.number}}. ' +
        'Depending on your bank, it reaches your account within {{brand.refund_days}} business days.\n\n' +
        'After that, give your bank this refund reference (ARN), with which it can trace it: {{payment.refund_arn}}.\n\nKind regards,\n{{agent.name}}\n{{brand.name}}',
    },
  },
  statement_line: {
    status: 'awaiting_customer',
    outcome: null,
    assignment: null,
    fr: {
      name: 'Merci d’envoyer la ligne du relevé',
      body:
        'Bonjour {{customer.name}},\n\nPour vérifier votre paiement de {{ticket.amount}}, il nous faut la ligne de votre relevé bancaire qui le montre : ' +
        'une capture d’écran de votre relevé ou le SMS de votre banque (PNG, JPEG ou PDF). Masquez le numéro de votre carte : seuls les 4 derniers chiffres nous sont utiles.\n\n' +
        'Ajoutez-la en quelques secondes sur {{ticket.link}}.\n\nCordialement,\n{{agent.name}}\n{{brand.name}}',
    },
    en: {
      name: 'Please send the statement line',
      body:
        'Hello {{customer.name}},\n\nTo check your payment of {{ticket.amount}}, we need the line of your bank statement that shows it: ' +
        'a screenshot of your statement or your bank’s SMS (PNG, JPEG or PDF). Hide your card number: only its last 4 digits help us.\n\n' +
        'Add it in a few seconds on {{ticket.link}}.\n\nKind regards,\n{{agent.name}}\n{{brand.name}}',
    },
  },
  cancellation_too_late: {
    status: null,
    outcome: 'redirected_to_return',
    assignment: null,
    fr: {
      name: 'Annulation trop tardive : retour',
      body:
        'Bonjour {{customer.name}},\n\nVotre commande {{order.number}} ne peut plus être annulée directement : l’annulation est possible dans les {{brand.cancellation_window}} ' +
        'qui suivent sa validation, tant qu’elle n’est pas partie en préparation. Vous pourrez la retourner après réception, selon notre politique de retour, ' +
        'et vous serez remboursé sur la carte utilisée.\n\nPour toute question, écrivez à {{brand.support_email}} en indiquant votre référence {{ticket.reference}}.\n\nCordialement,\n{{agent.name}}\n{{brand.name}}',
    },
    en: {
      name: 'Cancellation too late: return',
      body:
        'Hello {{customer.name}},\n\nYour order {{order.number}} can no longer be cancelled directly: cancellation is possible within {{brand.cancellation_window}} ' +
        'of its validation, as long as it has not gone into preparation. You can return it after delivery, under our return policy, ' +
        'and you will be refunded on the card used.\n\nFor any question, write to {{brand.support_email}} with your reference {{ticket.reference}}.\n\nKind regards,\n{{agent.name}}\n{{brand.name}}',
    },
  },
};

/** A shop that allows no cancellation once the order is confirmed (seed 004): its cancellation macro says so, with no window to name. */
const noCancellation: Record<Language, string> = {
  fr:
    'Bonjour {{customer.name}},\n\nUne commande ne peut plus être annulée une fois confirmée : c’est le cas de votre commande {{order.number}}. ' +
    'Vous pourrez la retourner après réception, selon notre politique de retour, et vous serez remboursé sur la carte utilisée.\n\n' +
    'Pour toute question, écrivez à {{brand.support_email}} en indiquant votre référence {{ticket.reference}}.\n\nCordialement,\n{{agent.name}}\n{{brand.name}}',
  en:
    'Hello {{customer.name}},\n\nAn order can no longer be cancelled once it is confirmed, which your order {{order.number}} is. ' +
    'You can return it after delivery, under our return policy, and you will be refunded on the card used.\n\n' +
    'For any question, write to {{brand.support_email}} with your reference {{ticket.reference}}.\n\nKind regards,\n{{agent.name}}\n{{brand.name}}',
};

/** Every seed macro, in both languages, as written for a shop with a direct cancellation window. */
export const macroSeeds: readonly MacroSeed[] = Object.entries(seeds).flatMap(([key, s]) =>
  (['fr', 'en'] as const).map((language) => ({ key, language, name: s[language].name, body: s[language].body, status: s.status, outcome: s.outcome, assignment: s.assignment })),
);

/** The seed macros for one shop: its policy picks the cancellation macro's words (a window to name, or none). */
export function macroSeedsFor(policy: { cancellationWindowHours: number }): MacroSeed[] {
  return macroSeeds.map((s) => (s.key === 'cancellation_too_late' && policy.cancellationWindowHours <= 0 ? { ...s, body: noCancellation[s.language] } : s));
}
