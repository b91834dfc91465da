import { useTranslation } from 'react-i18next';
import { AgentBar } from '../../components/AgentBar';
import { Layout } from '../../components/Layout';
import { say } from '../../errors';
import { addNamespaces } from '../../i18n';
import * as mailboxes from '../../i18n/mailboxes';
import * as queue from '../../i18n/queue';
import { MailboxCard } from './MailboxCard';
import { useMailboxes } from './use-mailboxes';

addNamespaces({ queue, mailboxes });

/** `/mail/connections` (admins): each shop's support mailbox, which Guichet reads by IMAP. */
export function MailboxConnectionsPage() {
  const { t } = useTranslation();
  const { shops, problem, save, disconnect } = useMailboxes();

  return (
    <Layout wide actions={<AgentBar />}>
      <h1>{t('mailboxes:title')}</h1>
      <p className="hint">{t('mailboxes:intro')}</p>
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
      {shops === null ? <p aria-busy="true">{t('mailboxes:loading')}</p> : null}
      {shops && !shops.length ? <p className="empty">{t('mailboxes:none')}</p> : null}
      {shops?.map((s) => (
        <MailboxCard key={s.shop.slug} shop={s.shop} mailbox={s.mailbox} problem={s.problem} onSave={(input) => save(s.shop.slug, input)} onDisconnect={() => disconnect(s.shop.slug)} />
      ))}
    </Layout>
  );
}
