import { useTranslation } from 'react-i18next';
import { AgentBar } from '../../components/AgentBar';
import { Layout } from '../../components/Layout';
import { say } from '../../errors';
import { addNamespaces } from '../../i18n';
import * as payments from '../../i18n/payments';
import * as queue from '../../i18n/queue';
import { stripeWebhookEvents } from '../../../../domain/stripe-ledger';
import { StripeConnectionCard } from './StripeConnectionCard';
import { useStripeConnections } from './use-stripe-connections';

addNamespaces({ queue, payments });

/** What the restricted key may do: read charges and disputes, create refunds; nothing else. */
const PERMISSIONS = [
  ['charges', 'read'],
  ['refunds', 'write'],
  ['disputes', 'read'],
] as const;

/** `/payments/connections` (admins): each shop's Stripe connection, and how to make one. */
export function PaymentConnectionsPage() {
  const { t } = useTranslation();
  const { shops, problem, save, disconnect } = useStripeConnections();

  return (
    <Layout wide actions={<AgentBar />}>
      <h1>{t('payments:connections.title')}</h1>
      <p className="hint">{t('payments:connections.intro')}</p>
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}

      <div className="connections-grid">
        <section className="card stripe-how" aria-labelledby="stripe-how-title">
          <h2 id="stripe-how-title">{t('payments:connections.howTitle')}</h2>
          <ol>
            <li>
              {t('payments:connections.how.key')}
              <table className="permissions" data-testid="stripe-permissions">
                <caption className="visually-hidden">{t('payments:connections.permissions')}</caption>
                <tbody>
                  {PERMISSIONS.map(([resource, access]) => (
                    <tr key={resource}>
                      <th scope="row">{t(`payments:connections.permission.${resource}`)}</th>
                      <td>{t(`payments:connections.permission.${access}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </li>
            <li>{t('payments:connections.how.webhook')}</li>
            <li>{t('payments:connections.how.paste')}</li>
          </ol>
          <h3 id="stripe-events-title">{t('payments:connections.events', { count: stripeWebhookEvents.length })}</h3>
          <ul className="stripe-events" aria-labelledby="stripe-events-title" data-testid="stripe-events">
            {stripeWebhookEvents.map((e) => <li key={e}><code>{e}</code></li>)}
          </ul>
        </section>

        <div className="connections-list">
          {shops === null ? <p aria-busy="true">{t('payments:connections.loading')}</p> : null}
          {shops && !shops.length ? <p className="empty">{t('payments:connections.none')}</p> : null}
          {shops?.map((s) => (
            <StripeConnectionCard key={s.shop.slug} shop={s.shop} connector={s.connector} problem={s.problem} onSave={(secrets) => save(s.shop.slug, secrets)} onDisconnect={() => disconnect(s.shop.slug)} />
          ))}
        </div>
      </div>
    </Layout>
  );
}
