/** The frame of every screen: header, skip link, language switch, field marks. */
export const fr = {
  name: 'Guichet',
  skip: 'Aller au contenu',
  language: 'Langue',
  signOut: 'Se déconnecter',
  needed: 'Nécessaire pour traiter votre demande',
  yes: 'Oui',
  no: 'Non',
  choose: 'Choisir…',
  loading: 'Chargement…',
};

export const en: typeof fr = {
  name: 'Guichet',
  skip: 'Skip to content',
  language: 'Language',
  signOut: 'Sign out',
  needed: 'Needed to handle your request',
  yes: 'Yes',
  no: 'No',
  choose: 'Choose…',
  loading: 'Loading…',
};
