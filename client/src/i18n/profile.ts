/** A staff user's own profile: which alert e-mails they receive, in which language, for which shops. */
export const fr = {
  nav: 'Mon profil',
  title: 'Mon profil',
  intro: 'Guichet vous écrit quand une demande vous concerne. Choisissez ce que vous recevez.',
  language: {
    legend: 'Langue des e-mails',
    fr: 'Français',
    en: 'English',
  },
  kinds: {
    legend: 'Alertes par e-mail',
    assigned: 'Une demande m’est assignée',
    assignedHint: 'Sauf quand je la prends moi-même.',
    customer_reply: 'Le client répond sur une de mes demandes',
    customer_replyHint: 'Un message ou des pièces ajoutés par e-mail ou sur sa page de suivi.',
    sla_warning: 'Une échéance approche',
    sla_warningHint: 'À 80 % du délai de première réponse ou de résolution.',
    sla_breach: 'Une échéance est dépassée',
    sla_breachHint: 'Le délai de première réponse ou de résolution est passé.',
  },
  shops: {
    legend: 'Boutiques suivies',
    hint: 'Quand personne n’a une demande, ses réponses et ses échéances sont envoyées aux managers qui suivent sa boutique.',
    all: 'Toutes les boutiques, y compris celles ajoutées plus tard',
    some: 'Seulement celles-ci :',
    noneChosen: 'Aucune boutique choisie : vous ne serez prévenu que pour vos propres demandes.',
  },
  save: 'Enregistrer',
  saving: 'Enregistrement…',
  saved: 'Vos préférences sont enregistrées.',
};

export const en: typeof fr = {
  nav: 'My profile',
  title: 'My profile',
  intro: 'Guichet e-mails you when a ticket concerns you. Choose what you receive.',
  language: {
    legend: 'Language of the e-mails',
    fr: 'Français',
    en: 'English',
  },
  kinds: {
    legend: 'E-mail alerts',
    assigned: 'A ticket is assigned to me',
    assignedHint: 'Except when I take it myself.',
    customer_reply: 'The customer answers on one of my tickets',
    customer_replyHint: 'A message or files added by e-mail or on their status page.',
    sla_warning: 'A deadline is approaching',
    sla_warningHint: 'At 80 % of the first-response or resolution time.',
    sla_breach: 'A deadline has passed',
    sla_breachHint: 'The first-response or resolution time is over.',
  },
  shops: {
    legend: 'Shops I watch',
    hint: 'When nobody holds a ticket, its answers and deadlines go to the managers who watch its shop.',
    all: 'Every shop, including those added later',
    some: 'Only these:',
    noneChosen: 'No shop chosen: you will only be told about your own tickets.',
  },
  save: 'Save',
  saving: 'Saving…',
  saved: 'Your preferences are saved.',
};
