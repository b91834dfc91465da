/** The customer rates the answer on the status page (/t/<reference>), and a merged report's note. */
export const fr = {
  title: 'Votre avis sur notre réponse',
  ask: 'Êtes-vous satisfait de la réponse apportée ? Une note de 1 (pas du tout) à 5 (très satisfait).',
  score: '{{score}} sur 5',
  scores: { '1': 'Pas du tout satisfait', '2': 'Peu satisfait', '3': 'Moyennement satisfait', '4': 'Satisfait', '5': 'Très satisfait' },
  fromLink: 'Vous avez choisi {{score}}/5 dans l’e-mail : confirmez-le ci-dessous.',
  comment: 'Un commentaire (facultatif)',
  commentHint: 'N’indiquez jamais votre numéro de carte.',
  send: 'Envoyer ma note',
  pick: 'Choisissez une note.',
  thanks: 'Merci ! Vous avez donné {{score}}/5.',
  yourComment: 'Votre commentaire : {{comment}}',
  merged: 'Votre signalement {{from}} concerne le même paiement que {{into}} : nous les avons regroupés. Tout ce que vous aviez envoyé se trouve ici, et vos deux liens mènent à cette page.',
};

export const en: typeof fr = {
  title: 'Your opinion of our answer',
  ask: 'Are you satisfied with the answer? A score from 1 (not at all) to 5 (very satisfied).',
  score: '{{score}} out of 5',
  scores: { '1': 'Not satisfied at all', '2': 'Slightly satisfied', '3': 'Fairly satisfied', '4': 'Satisfied', '5': 'Very satisfied' },
  fromLink: 'You chose {{score}}/5 in the e-mail: confirm it below.',
  comment: 'A comment (optional)',
  commentHint: 'Never write your card number.',
  send: 'Send my score',
  pick: 'Choose a score.',
  thanks: 'Thank you! You gave {{score}}/5.',
  yourComment: 'Your comment: {{comment}}',
  merged: 'Your report {{from}} is about the same payment as {{into}}: we merged them. Everything you sent is here, and both your links lead to this page.',
};
