import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roles, type Role } from '../../../../domain/roles';
import type { AdminUser } from '../../api';
import { formatShort } from '../../format';
import { PasswordResetForm } from './PasswordResetForm';
import type { UserChange } from './use-users';

export type Notice = { kind: 'info'; key: string; values: Record<string, unknown> } | { kind: 'error'; err: unknown };

/** One user: who, role, state, and what an admin can do about it. */
export function UserItem({ user, self, onChange, onNotice }: { user: AdminUser; self: boolean; onChange: (body: UserChange) => Promise<AdminUser>; onNotice: (notice: Notice) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [role, setRole] = useState<Role>(user.role);
  useEffect(() => setRole(user.role), [user.role]);
  const [resetting, setResetting] = useState(false);
  const [busy, setBusy] = useState(false);

  /** Sends one change and says how it went. */
  const apply = async (body: UserChange, done: string, values: Record<string, unknown> = {}) => {
    setBusy(true);
    try {
      const next = await onChange(body);
      onNotice({ kind: 'info', key: `users:done.${done}`, values: { name: next.name, ...values } });
    } catch (err) {
      setRole(user.role);
      onNotice({ kind: 'error', err });
    } finally {
      setBusy(false);
    }
  };
  const changeRole = (e: FormEvent) => {
    e.preventDefault();
    void apply({ role }, 'role', { role: t(`users:roles.${role}`) });
  };

  const state = user.disabled ? 'disabled' : user.lockedUntil ? 'locked' : 'active';
  const roleId = `role-${user.id}`;
  return (
    <li className={`card user-item user-${state}`} data-email={user.email} aria-labelledby={`name-${user.id}`}>
      <div className="user-who">
        <strong id={`name-${user.id}`}>{user.name}</strong>
        {self ? <span className="pill">{t('users:you')}</span> : null}
        <span className="user-email">{user.email}</span>
      </div>
      <div className="user-state">
        <span className={`pill state-${state}`} data-testid="user-state">
          {state === 'disabled' ? t('users:state.disabled', { date: formatShort(user.disabledAt!, lang) }) : state === 'locked' ? t('users:state.locked', { time: formatShort(user.lockedUntil!, lang) }) : t('users:state.active')}
        </span>
        <small>{user.lastLoginAt ? t('users:lastLogin', { date: formatShort(user.lastLoginAt, lang) }) : t('users:neverLoggedIn')}</small>
      </div>
      <form className="user-role" onSubmit={changeRole}>
        <label htmlFor={roleId}>{t('users:role')}</label>
        <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => <option key={r} value={r}>{t(`users:roles.${r}`)}</option>)}
        </select>
        <button type="submit" disabled={busy || role === user.role}>{t('users:changeRole')}</button>
      </form>
      <div className="row-actions">
        {user.lockedUntil ? <button type="button" disabled={busy} onClick={() => void apply({ unlock: true }, 'unlocked')}>{t('users:unlock')}</button> : null}
        {user.disabled ? (
          <button type="button" disabled={busy} onClick={() => void apply({ disabled: false }, 'enabled')}>{t('users:enable')}</button>
        ) : (
          <button type="button" className="danger" disabled={busy} onClick={() => void apply({ disabled: true }, 'disabled')}>{t('users:disable')}</button>
        )}
        <button type="button" aria-expanded={resetting} disabled={busy} onClick={() => setResetting((r) => !r)}>{t('users:resetPassword')}</button>
      </div>
      {resetting ? (
        <PasswordResetForm
          user={user}
          onReset={(password) => onChange({ password })}
          onDone={(password) => {
            setResetting(false);
            onNotice({ kind: 'info', key: 'users:done.reset', values: { name: user.name, password } });
          }}
          onCancel={() => setResetting(false)}
        />
      ) : null}
    </li>
  );
}
