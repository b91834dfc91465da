import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import { Field, Layout } from '../components/Layout';
import { apiProblem, say, type Problem } from '../errors';
import { addNamespaces } from '../i18n';
import * as login from '../i18n/login';
import { useSession } from '../session';

addNamespaces({ login });

export function LoginPage() {
  const { t } = useTranslation();
  const { user, signIn } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/agent';
  if (user) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await signIn(email, password);
    } catch (err) {
      // A refusal of the sign-in itself says why; anything else is the API's error, in words.
      setError(err instanceof ApiError && err.status === 400 ? { key: 'login:errors.invalid_credentials' } : apiProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout>
      <h1>{t('login:title')}</h1>
      <form className="card login" onSubmit={submit}>
        {error ? <p className="banner error-banner" role="alert">{say(t, error)}</p> : null}
        <Field id="l-email" label={t('login:email')}>
          <input id="l-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field id="l-password" label={t('login:password')}>
          <input id="l-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {t('login:submit')}
        </button>
      </form>
    </Layout>
  );
}
