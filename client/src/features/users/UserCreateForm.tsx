import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { userCreateSchema } from '../../../../domain/agent-actions.schemas';
import { roles, type Role } from '../../../../domain/roles';
import { ApiError, type AdminUser } from '../../api';
import { describedBy, Field } from '../../components/Layout';
import { apiProblems, issueProblems, say, type Problems } from '../../errors';
import { suggestPassword } from './suggest-password';
import type { UserCreate } from './use-users';

const EMPTY = { name: '', email: '', role: 'agent' as Role, password: '' };

/** Creates an account: checked with the API's own schema first, then the API's refusals under their field. */
export function UserCreateForm({ onCreate, onCreated }: { onCreate: (input: UserCreate) => Promise<AdminUser>; onCreated: (user: AdminUser, password: string) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState(EMPTY);
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof EMPTY, value: string) => setValues((v) => ({ ...v, [name]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const check = userCreateSchema.safeParse(values);
    if (!check.success) return setProblems(issueProblems(check.error.issues as never));
    setBusy(true);
    setProblems({});
    try {
      const user = await onCreate(values);
      onCreated(user, values.password);
      setValues(EMPTY);
    } catch (err) {
      // The one refusal about a field that the API does not name: an e-mail already in use.
      setProblems(err instanceof ApiError && err.code === 'email_taken' ? { email: { key: 'users:errors.email_taken' } } : apiProblems(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: 'name' | 'email' | 'password') => ({ id: `u-${name}`, error: say(t, problems[name]) });
  return (
    <form className="card user-create" aria-labelledby="u-create-title" noValidate onSubmit={(e) => void submit(e)}>
      <h2 id="u-create-title">{t('users:create.title')}</h2>
      {problems.form ? <p className="banner error-banner" role="alert">{say(t, problems.form)}</p> : null}
      <div className="user-create-fields">
        <Field {...field('name')} label={t('users:create.name')} required>
          <input id="u-name" autoComplete="off" value={values.name} aria-invalid={!!problems.name} aria-describedby={describedBy('u-name', null, problems.name)} onChange={(e) => set('name', e.target.value)} />
        </Field>
        <Field {...field('email')} label={t('users:create.email')} required>
          <input id="u-email" type="email" autoComplete="off" value={values.email} aria-invalid={!!problems.email} aria-describedby={describedBy('u-email', null, problems.email)} onChange={(e) => set('email', e.target.value)} />
        </Field>
        <Field id="u-role" label={t('users:create.role')}>
          <select id="u-role" value={values.role} onChange={(e) => set('role', e.target.value)}>
            {roles.map((r) => <option key={r} value={r}>{t(`users:roles.${r}`)}</option>)}
          </select>
        </Field>
        <Field {...field('password')} label={t('users:create.password')} hint={t('users:create.passwordHint')} required>
          <div className="with-button">
            <input id="u-password" type="text" autoComplete="new-password" spellCheck={false} value={values.password} aria-invalid={!!problems.password} aria-describedby={describedBy('u-password', true, problems.password)} onChange={(e) => set('password', e.target.value)} />
            <button type="button" onClick={() => set('password', suggestPassword())}>{t('users:create.generate')}</button>
          </div>
        </Field>
      </div>
      <button type="submit" className="primary" disabled={busy}>{t('users:create.submit')}</button>
    </form>
  );
}
