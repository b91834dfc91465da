/** The managers' customer satisfaction section (/manager). */
export const fr = {
  title: 'Satisfaction des clients (CSAT)',
  explain: 'Part des notes 4 et 5 parmi les notes reçues, pour les demandes créées sur la période ; taux de réponse : demandes notées sur demandes résolues.',
  total: 'Sur la période : CSAT {{csat}}, note moyenne {{average}}, {{count}} note(s), taux de réponse {{rate}}.',
  by: { type: 'Par type', brand: 'Par boutique', agent: 'Par agent (qui a résolu)' },
  csat: 'CSAT',
  average: 'Note moyenne',
  ratings: 'Notes',
  resolved: 'Résolues',
  responseRate: 'Taux de réponse',
  csv: 'CSV de la satisfaction',
};

export const en: typeof fr = {
  title: 'Customer satisfaction (CSAT)',
  explain: 'Share of 4 and 5 among the ratings received, for the requests created in the period; response rate: rated requests over resolved requests.',
  total: 'In the period: CSAT {{csat}}, average score {{average}}, {{count}} rating(s), response rate {{rate}}.',
  by: { type: 'By type', brand: 'By shop', agent: 'By agent (who resolved)' },
  csat: 'CSAT',
  average: 'Average score',
  ratings: 'Ratings',
  resolved: 'Resolved',
  responseRate: 'Response rate',
  csv: 'Satisfaction CSV',
};
