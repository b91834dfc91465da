import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import { Field, Layout } from '../components/Layout';
import { useSession } from '../session';

export function LoginPage() {
  const { t } = useTranslation();
  const { user, signIn } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/agent';
  if (user) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await signIn(email, password);
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'account_locked' ? t('login.locked') : t('login.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout>
      <h1>{t('login.title')}</h1>
      <form className="card login" onSubmit={submit}>
        {error ? <p className="banner error-banner" role="alert">{error}</p> : null}
        <Field id="l-email" label={t('login.email')}>
          <input id="l-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field id="l-password" label={t('login.password')}>
          <input id="l-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </Layout>
  );
}
