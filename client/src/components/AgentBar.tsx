import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatShort } from '../format';
import { addNamespaces } from '../i18n';
import * as macros from '../i18n/macros';
import * as profile from '../i18n/profile';
import * as integrations from '../i18n/integrations';
import { useSession } from '../session';
import { closeAgentSocket } from '../socket';

// The bar links to the profile page in every agent screen: its namespace comes with the bar.
addNamespaces({ profile, macros });
addNamespaces({ integrations });

export function AgentBar() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  if (!user) return null;
  return (
    <span className="agent-bar">
      <Link to="/agent" className="link-light">{t('queue:nav.queue')}</Link>
      {user.role !== 'agent' ? <Link to="/manager" className="link-light">{t('queue:nav.manager')}</Link> : null}
      {user.role !== 'agent' ? <Link to="/payments/import" className="link-light">{t('queue:nav.payments')}</Link> : null}
      {user.role !== 'agent' ? <Link to="/macros" className="link-light">{t('macros:nav')}</Link> : null}
      {user.role === 'admin' ? <Link to="/shops" className="link-light">{t('queue:nav.shops')}</Link> : null}
      {user.role === 'admin' ? <Link to="/payments/connections" className="link-light">{t('queue:nav.connections')}</Link> : null}
      {user.role === 'admin' ? <Link to="/mail/connections" className="link-light">{t('queue:nav.mailboxes')}</Link> : null}
      {user.role === 'admin' ? <Link to="/admin/users" className="link-light">{t('queue:nav.users')}</Link> : null}
      {user.role === 'admin' ? <Link to="/integrations" className="link-light">{t('integrations:nav')}</Link> : null}
      {user.role === 'admin' ? <a href="/admin/queues" className="link-light">BullMQ</a> : null}
      <Link to="/api-docs" className="link-light">API</Link>
      <Link to="/agent/profile" className="link-light" title={t('profile:nav')}>{user.name}</Link>
      <button type="button" className="link" onClick={() => void signOut().then(() => { closeAgentSocket(); navigate('/login'); })}>
        {t('queue:nav.signOut')}
      </button>
    </span>
  );
}

export function SlaBadge({ state, minutesLeft }: { state: 'ok' | 'warning' | 'breached'; minutesLeft: number | null }) {
  const { t } = useTranslation();
  const time = minutesLeft == null ? '' : formatLeft(minutesLeft);
  return (
    <span className={`sla sla-${state}`}>
      <span className="sla-state">{t(`queue:sla.${state}`)}</span>
      {minutesLeft == null ? null : <span className="sla-left">{minutesLeft < 0 ? t('queue:late', { time }) : t('queue:left', { time })}</span>}
    </span>
  );
}

/** An open chargeback's evidence deadline: said in words (and marked), never by colour alone. */
export function DisputeBadge({ due }: { due: string }) {
  const { t, i18n } = useTranslation();
  return (
    <span className="dispute-badge" data-testid="dispute-badge">
      <span aria-hidden="true">⚠ </span>
      {t('queue:dispute', { date: formatShort(due, i18n.language) })}
    </span>
  );
}

function formatLeft(minutes: number) {
  const m = Math.abs(minutes);
  const h = Math.floor(m / 60);
  return h ? `${h} h ${String(m % 60).padStart(2, '0')}` : `${m} min`;
}
