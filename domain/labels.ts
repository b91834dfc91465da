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
