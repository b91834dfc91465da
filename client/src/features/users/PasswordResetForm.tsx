import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { userUpdateSchema } from '../../../../domain/agent-actions.schemas';
import type { AdminUser } from '../../api';
import { describedBy, Field } from '../../components/Layout';
import { apiProblems, issueProblems, say, type Problems } from '../../errors';
import { suggestPassword } from './suggest-password';

/** A new password for one user, offered ready-made; it also lifts a sign-in lock. */
export function PasswordResetForm({ user, onReset, onDone, onCancel }: { user: AdminUser; onReset: (password: string) => Promise<unknown>; onDone: (password: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState(suggestPassword);
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const id = `reset-${user.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const check = userUpdateSchema.pick({ password: true }).required().safeParse({ password });
    if (!check.success) return setProblems(issueProblems(check.error.issues as never));
    setBusy(true);
    try {
      await onReset(password);
      onDone(password);
    } catch (err) {
      setProblems(apiProblems(err));
      setBusy(false);
    }
  };

  return (
    <form className="password-reset" aria-label={t('users:reset.title', { name: user.name })} noValidate onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      {problems.form ? <p className="banner error-banner" role="alert">{say(t, problems.form)}</p> : null}
      <Field id={id} label={t('users:reset.password')} hint={t('users:reset.hint')} error={say(t, problems.password)} required>
        <div className="with-button">
          <input ref={input} id={id} type="text" autoComplete="new-password" spellCheck={false} value={password} aria-invalid={!!problems.password} aria-describedby={describedBy(id, true, problems.password)} onChange={(e) => setPassword(e.target.value)} />
          <button type="button" onClick={() => setPassword(suggestPassword())}>{t('users:create.generate')}</button>
        </div>
      </Field>
      <div className="row-actions">
        <button type="submit" className="primary" disabled={busy}>{t('users:reset.submit')}</button>
        <button type="button" onClick={onCancel}>{t('users:reset.cancel')}</button>
      </div>
    </form>
  );
}
