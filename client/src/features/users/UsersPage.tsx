import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgentBar } from '../../components/AgentBar';
import { Layout } from '../../components/Layout';
import { apiProblem, say } from '../../errors';
import { addNamespaces } from '../../i18n';
import * as queue from '../../i18n/queue';
import * as users from '../../i18n/users';
import { useSession } from '../../session';
import { useUsers } from './use-users';
import { UserCreateForm } from './UserCreateForm';
import { UserItem, type Notice } from './UserItem';

addNamespaces({ queue, users });

/** `/admin/users`: the admins' user administration. Layout only: `useUsers` reads and changes. */
export function UsersPage() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const { users: list, problem, create, change } = useUsers();
  const [notice, setNotice] = useState<Notice | null>(null);

  return (
    <Layout wide actions={<AgentBar />}>
      <h1>{t('users:title')}</h1>
      <p className="hint">{t('users:intro')}</p>
      <div aria-live="polite">
        {notice?.kind === 'info' ? <p className="banner info" role="status">{t(notice.key, notice.values)}</p> : null}
      </div>
      {notice?.kind === 'error' ? <p className="banner error-banner" role="alert">{say(t, apiProblem(notice.err))}</p> : null}
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
      <div className="users-grid">
        <UserCreateForm onCreate={create} onCreated={(user, password) => setNotice({ kind: 'info', key: 'users:done.created', values: { name: user.name, password } })} />
        <section aria-labelledby="users-list-title">
          <h2 id="users-list-title">{t('users:list')}</h2>
          {list ? (
            list.length ? (
              <ul className="user-list">
                {list.map((u) => <UserItem key={u.id} user={u} self={u.id === me?.id} onChange={(body) => change(u.id, body)} onNotice={setNotice} />)}
              </ul>
            ) : <p className="empty">{t('users:none')}</p>
          ) : <p aria-busy="true">{t('common:loading')}</p>}
        </section>
      </div>
    </Layout>
  );
}
