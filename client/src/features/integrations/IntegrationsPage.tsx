import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { webhookEventTypes, webhookFormats, type WebhookEventType, type WebhookFormat } from '../../../../domain/webhook-events';
import { AgentBar } from '../../components/AgentBar';
import { Layout } from '../../components/Layout';
import { apiProblem, say, type Problem } from '../../errors';
import { formatShort } from '../../format';
import { addNamespaces } from '../../i18n';
import * as integrations from '../../i18n/integrations';
import * as queue from '../../i18n/queue';
import * as users from '../../i18n/users';
import { useShops } from '../payments/use-shops';
import './integrations.css';
import { useApiTokens, useDeliveries, useWebhooks, type WebhookEndpointView } from './use-integrations';

addNamespaces({ queue, users, integrations });

/** A secret shown once, with a button that copies it. */
function ShownOnce({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="banner info" role="status">
      <p>{label}</p>
      <p>
        <code data-testid={testId} className="secret-once">{value}</code>{' '}
        <button type="button" onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}>
          {copied ? t('integrations:tokens.copied') : t('integrations:tokens.copy')}
        </button>
      </p>
    </div>
  );
}

function ApiTokensSection() {
  const { t, i18n } = useTranslation();
  const { tokens, problem, issue, revoke } = useApiTokens();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  const [expires, setExpires] = useState('');
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await issue({ name, scope, ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}) });
      setIssued(created.token);
      setName('');
    } catch (err) {
      setError(apiProblem(err));
    }
  };
  const date = (iso: string) => formatShort(iso, i18n.language);
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('integrations:tokens.title')}</h2>
      <p className="hint">{t('integrations:tokens.hint')}</p>
      {issued ? <ShownOnce label={t('integrations:tokens.shownOnce')} value={issued} testId="issued-token" /> : null}
      {notice ? <p className="banner info" role="status">{notice}</p> : null}
      {error || problem ? <p className="banner error-banner" role="alert">{say(t, error ?? problem!)}</p> : null}
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label>
          {t('integrations:tokens.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
        </label>
        <label>
          {t('integrations:tokens.scope')}
          <select value={scope} onChange={(e) => setScope(e.target.value as 'read' | 'write')}>
            <option value="read">{t('integrations:tokens.scopes.read')}</option>
            <option value="write">{t('integrations:tokens.scopes.write')}</option>
          </select>
        </label>
        <label>
          {t('integrations:tokens.expiresAt')}
          <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </label>
        <button type="submit">{t('integrations:tokens.issue')}</button>
      </form>
      {tokens ? (
        tokens.length ? (
          <ul className="user-list" aria-label={t('integrations:tokens.title')}>
            {tokens.map((tok) => (
              <li key={tok.id} data-testid="api-token">
                <strong>{tok.name}</strong> <code>{tok.prefix}…</code> · {t(`integrations:tokens.scopes.${tok.scope}`)} · {t(`integrations:tokens.states.${tok.state}`)}
                <br />
                <small>
                  {t('integrations:tokens.created', { date: date(tok.createdAt), who: tok.createdBy ?? '—' })} ·{' '}
                  {tok.lastUsedAt ? t('integrations:tokens.lastUsed', { date: date(tok.lastUsedAt) }) : t('integrations:tokens.neverUsed')}
                  {tok.expiresAt ? ` · ${t('integrations:tokens.expires', { date: date(tok.expiresAt) })}` : ''}
                </small>{' '}
                {tok.state === 'active' ? (
                  <button type="button" className="link" onClick={() => void revoke(tok.id).then(() => setNotice(t('integrations:tokens.revoked', { name: tok.name })), (err: unknown) => setError(apiProblem(err)))}>
                    {t('integrations:tokens.revoke')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : <p className="empty">{t('integrations:tokens.none')}</p>
      ) : <p aria-busy="true">{t('common:loading')}</p>}
    </section>
  );
}

function DeliveryLog({ endpointId }: { endpointId: string }) {
  const { t, i18n } = useTranslation();
  const { deliveries, problem, resend } = useDeliveries(endpointId, true);
  if (problem) return <p className="banner error-banner" role="alert">{say(t, problem)}</p>;
  if (!deliveries) return <p aria-busy="true">{t('common:loading')}</p>;
  if (!deliveries.length) return <p className="empty">{t('integrations:hooks.noDeliveries')}</p>;
  return (
    <ul className="delivery-log" data-testid="delivery-log">
      {deliveries.map((d) => (
        <li key={d.id} data-testid="delivery" data-status={d.status}>
          <strong>{t(`integrations:hooks.eventNames.${d.event}`)}</strong> · {t(`integrations:hooks.statuses.${d.status}`)} · {t('integrations:hooks.attempts', { count: d.attempts })}
          {d.status === 'delivered' || d.status === 'failed' ? (
            <> <button type="button" className="link" onClick={() => void resend(d.id)}>{t('integrations:hooks.resend')}</button></>
          ) : null}
          <ol>
            {d.attemptLog.map((a) => (
              <li key={a.attempt} data-testid="attempt">
                {t('integrations:hooks.attempt', { n: a.attempt, date: formatShort(a.at, i18n.language), ms: a.durationMs })} ·{' '}
                <code>{a.statusCode ?? t('integrations:hooks.noAnswer')}</code>
                {a.error ? ` · ${a.error}` : ''}
                {a.responseSnippet ? <> · <q>{a.responseSnippet.slice(0, 120)}</q></> : null}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ul>
  );
}

function EndpointItem({ endpoint, actions, onSecret, onNotice, onError }: {
  endpoint: WebhookEndpointView;
  actions: ReturnType<typeof useWebhooks>;
  onSecret: (url: string, secret: string) => void;
  onNotice: (text: string) => void;
  onError: (p: Problem) => void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const fail = (err: unknown) => onError(apiProblem(err));
  const date = (iso: string) => formatShort(iso, i18n.language);
  return (
    <li data-testid="webhook">
      <strong>{endpoint.url}</strong> · {t(`integrations:hooks.formats.${endpoint.format}`)} · {endpoint.enabled ? t('integrations:hooks.enabled') : t('integrations:hooks.disabledAdmin')}
      {endpoint.description ? <><br /><small>{endpoint.description}</small></> : null}
      <br />
      <small>{endpoint.events.map((e) => t(`integrations:hooks.eventNames.${e}`)).join(', ')}</small>
      {endpoint.disabledReason === 'failing' && endpoint.disabledAt ? (
        <p className="banner error-banner" role="alert">{t('integrations:hooks.disabledFailing', { date: date(endpoint.disabledAt), since: endpoint.failingSince ? date(endpoint.failingSince) : '—' })}</p>
      ) : endpoint.failingSince ? <p className="hint">{t('integrations:hooks.failing', { date: date(endpoint.failingSince) })}</p> : null}
      <p className="actions">
        {endpoint.enabled ? (
          <button type="button" onClick={() => void actions.test(endpoint.id).then(() => { onNotice(t('integrations:hooks.testSent')); setOpen(true); }, fail)}>{t('integrations:hooks.test')}</button>
        ) : null}
        <button type="button" onClick={() => void actions.change(endpoint.id, { enabled: !endpoint.enabled }).catch(fail)}>
          {endpoint.enabled ? t('integrations:hooks.disable') : t('integrations:hooks.enable')}
        </button>
        <button type="button" onClick={() => void actions.rotate(endpoint.id).then((r) => onSecret(r.url, r.secret), fail)}>{t('integrations:hooks.rotate')}</button>
        <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open}>{open ? t('integrations:hooks.hideLog') : t('integrations:hooks.log')}</button>
        <button type="button" className="link" onClick={() => void actions.remove(endpoint.id).catch(fail)}>{t('integrations:hooks.remove')}</button>
      </p>
      {open ? <DeliveryLog endpointId={endpoint.id} /> : null}
    </li>
  );
}

function WebhooksSection() {
  const { t } = useTranslation();
  const { shops } = useShops();
  const [brand, setBrand] = useState<string | null>(null);
  useEffect(() => {
    if (!brand && shops?.length) setBrand((shops.find((s) => s.isDefault) ?? shops[0]).slug);
  }, [shops, brand]);
  const actions = useWebhooks(brand);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['ticket.created', 'sla.breached']);
  const [format, setFormat] = useState<WebhookFormat>('json');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!brand) return;
    setError(null);
    try {
      const created = await actions.create({ brand, url, events, format, ...(description.trim() ? { description } : {}) });
      setSecret({ url: created.url, secret: created.secret });
      setUrl('');
      setDescription('');
    } catch (err) {
      setError(apiProblem(err));
    }
  };
  const toggle = (ev: WebhookEventType) => setEvents((list) => (list.includes(ev) ? list.filter((x) => x !== ev) : [...list, ev]));
  return (
    <section aria-labelledby="hooks-title">
      <h2 id="hooks-title">{t('integrations:hooks.title')}</h2>
      <p className="hint">{t('integrations:hooks.hint')}</p>
      {secret ? <ShownOnce label={t('integrations:hooks.secretOnce', { url: secret.url })} value={secret.secret} testId="webhook-secret" /> : null}
      {notice ? <p className="banner info" role="status">{notice}</p> : null}
      {error || actions.problem ? <p className="banner error-banner" role="alert">{say(t, error ?? actions.problem!)}</p> : null}
      <label>
        {t('integrations:hooks.shop')}
        <select value={brand ?? ''} onChange={(e) => setBrand(e.target.value)}>
          {(shops ?? []).map((s) => <option key={s.slug} value={s.slug}>{s.name}</option>)}
        </select>
      </label>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label>
          {t('integrations:hooks.url')}
          <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required maxLength={2048} placeholder="https://" />
        </label>
        <fieldset className="inline-group">
          <legend>{t('integrations:hooks.events')}</legend>
          {webhookEventTypes.map((ev) => (
            <label key={ev}>
              <input type="checkbox" checked={events.includes(ev)} onChange={() => toggle(ev)} /> {t(`integrations:hooks.eventNames.${ev}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('integrations:hooks.format')}
          <select value={format} onChange={(e) => setFormat(e.target.value as WebhookFormat)}>
            {webhookFormats.map((f) => <option key={f} value={f}>{t(`integrations:hooks.formats.${f}`)}</option>)}
          </select>
        </label>
        <label>
          {t('integrations:hooks.description')}
          <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
        </label>
        <button type="submit" disabled={!brand || !events.length}>{t('integrations:hooks.create')}</button>
      </form>
      {actions.endpoints ? (
        actions.endpoints.length ? (
          <ul className="user-list">
            {actions.endpoints.map((ep) => (
              <EndpointItem key={ep.id} endpoint={ep} actions={actions} onSecret={(u, s) => setSecret({ url: u, secret: s })} onNotice={setNotice} onError={setError} />
            ))}
          </ul>
        ) : <p className="empty">{t('integrations:hooks.none')}</p>
      ) : brand ? <p aria-busy="true">{t('common:loading')}</p> : null}
    </section>
  );
}

/** `/integrations` (admins): API tokens, and the shops' outgoing webhooks with their delivery log. */
export function IntegrationsPage() {
  const { t } = useTranslation();
  return (
    <Layout wide actions={<AgentBar />}>
      <h1>{t('integrations:title')}</h1>
      <p className="hint">{t('integrations:intro')}</p>
      <div className="integrations-grid">
        <ApiTokensSection />
        <WebhooksSection />
      </div>
    </Layout>
  );
}
