import i18n from './i18n';

const fr: Record<string, string> = {
  'must be a positive amount with at most 2 decimals': 'Indiquez un montant positif, avec 2 décimales au plus.',
  'must be less than 10,000,000': 'Indiquez un montant inférieur à 10 000 000.',
  'cannot be in the future': 'Cette date est dans le futur.',
  'must be an ISO 8601 date and time': 'Indiquez une date et une heure.',
  'must be the last 4 digits only': 'Seulement les 4 derniers chiffres.',
};

/** The API's and the shared schemas' messages, in the reader's language. */
export function fieldMessage(message: string, code?: string): string {
  if (i18n.language !== 'fr') return message;
  if (fr[message]) return fr[message];
  if (message.startsWith('this shop accepts only')) return `Cette boutique accepte seulement : ${message.split(': ')[1]}.`;
  if (code === 'invalid_format' || /email/i.test(message)) return 'Adresse e-mail invalide.';
  if (code === 'too_small') return 'Ce champ est nécessaire.';
  return 'Vérifiez ce champ.';
}
