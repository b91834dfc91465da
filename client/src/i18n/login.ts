/** The agents' sign-in page. */
export const fr = {
  title: 'Connexion agents',
  email: 'E-mail',
  password: 'Mot de passe',
  submit: 'Se connecter',
  errors: {
    invalid_credentials: 'E-mail ou mot de passe incorrect.',
    account_locked: 'Trop d’essais : compte bloqué quelques minutes.',
    too_many_attempts: 'Trop d’essais depuis ce poste : patientez quelques minutes.',
  },
};

export const en: typeof fr = {
  title: 'Agent sign-in',
  email: 'E-mail',
  password: 'Password',
  submit: 'Sign in',
  errors: {
    invalid_credentials: 'Wrong e-mail or password.',
    account_locked: 'Too many attempts: account locked for a few minutes.',
    too_many_attempts: 'Too many attempts from here: wait a few minutes.',
  },
};
