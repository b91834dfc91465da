import { DisconnectControl } from '../../components/DisconnectControl';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type StripeConnectorView } from '../../api';
import { describedBy, Field } from '../../components/Layout';
import { apiProblem, say, type Problem } from '../../errors';
import { formatDateTime } from '../../format';
import type { BrandChoice } from './use-shops';
import type { StripeSecrets } from './use-stripe-connections';

const EMPTY: StripeSecrets = { secretKey: '', webhookSecret: '' };
type Fields = keyof StripeSecrets;
type FormProblems = Partial<Record<Fields | 'form', Problem>>;

/** A refusal of the secrets under the field it names (the API's validation), else in the card's banner. */
function secretProblems(err: unknown): FormProblems {
  if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
    const out: FormProblems = {};
    for (const d of err.details as Array<{ field?: string }>) {
      if (d.field === 'secretKey' || d.field === 'webhookSecret') out[d.field] ??= { key: `payments:connections.errors.${d.field}` };
    }
    if (Object.keys(out).length) return out;
  }
  return { form: apiProblem(err) };
}

interface Props {
  shop: BrandChoice;
  /** null while it is read (or when it could not be: then `problem`). */
  connector: StripeConnectorView | null;
  problem: Problem | null;
  onSave: (secrets: StripeSecrets) => Promise<StripeConnectorView>;
  onDisconnect: () => Promise<StripeConnectorView>;
}

/**
 * One shop's Stripe connection: whether it is connected (the key's hint, since when), the
 * webhook address to copy into Stripe, the form that sets or replaces both secrets (password
 * fields, never prefilled, emptied once saved: the secrets live on this screen only while
 * typed), and disconnecting, confirmed first.
 */
export function StripeConnectionCard({ shop, connector, problem, onSave, onDisconnect }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [values, setValues] = useState<StripeSecrets>(EMPTY);
  const [problems, setProblems] = useState<FormProblems>({});
  const [busy, setBusy] = useState<'saving' | 'disconnecting' | null>(null);
  const [said, setSaid] = useState<Problem | null>(null);
  const inFlight = useRef(false);
  const urlField = useRef<HTMLInputElement>(null);
  const id = (name: string) => `sc-${shop.slug}-${name}`;


  const run = async (what: 'saving' | 'disconnecting', action: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(what);
    setSaid(null);
    try {
      await action();
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const secrets = { secretKey: values.secretKey.trim(), webhookSecret: values.webhookSecret.trim() };
    const found: FormProblems = {};
    if (!secrets.secretKey) found.secretKey = { key: 'payments:connections.errors.secretKeyMissing' };
    if (!secrets.webhookSecret) found.webhookSecret = { key: 'payments:connections.errors.webhookSecretMissing' };
    setProblems(found);
    if (found.secretKey || found.webhookSecret) return document.getElementById(id(found.secretKey ? 'key' : 'whsec'))?.focus();
    void run('saving', async () => {
      try {
        const view = await onSave(secrets);
        setValues(EMPTY);
        setSaid({ key: 'payments:connections.saved', values: { shop: shop.name, hint: view.keyHint } });
      } catch (err) {
        setProblems(secretProblems(err));
      }
    });
  };

  /** True once disconnected (the confirmation then closes). */
  const disconnect = async () => {
    let done = false;
    await run('disconnecting', async () => {
      try {
        await onDisconnect();
        done = true;
        setProblems({});
        setSaid({ key: 'payments:connections.disconnected', values: { shop: shop.name } });
      } catch (err) {
        setProblems({ form: apiProblem(err) });
      }
    });
    return done;
  };

  const copy = async () => {
    if (!connector) return;
    try {
      await navigator.clipboard.writeText(connector.webhookUrl);
      setSaid({ key: 'payments:connections.copied' });
    } catch {
      urlField.current?.select();
      setSaid({ key: 'payments:connections.copyFailed' });
    }
  };

  const field = (name: Fields, inputId: string) => ({
    id: inputId,
    type: 'password',
    autoComplete: 'off',
    spellCheck: false,
    autoCapitalize: 'off',
    value: values[name],
    'aria-invalid': problems[name] ? true : undefined,
    'aria-describedby': describedBy(inputId, true, problems[name]),
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });
  const titleId = id('title');
  // One live region per shop, under the form: what was saved, copied, or disconnected.
  const status = <p className="status-line" role="status" aria-live="polite">{say(t, said ?? undefined) ?? ''}</p>;
  const configured = connector?.configured ?? false;

  return (
    <section className="card stripe-connection" aria-labelledby={titleId} data-shop={shop.slug} aria-busy={busy ? true : undefined}>
      <div className="connection-head">
        <h2 id={titleId} tabIndex={-1}>{shop.name}</h2>
        {connector ? (
          <span className={`pill ${configured ? 'state-active' : 'state-disabled'}`} data-testid="connection-state" data-configured={configured}>
            {t(configured ? 'payments:connections.state.connected' : 'payments:connections.state.notConnected')}
          </span>
        ) : null}
      </div>
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
      {!connector && !problem ? <p aria-busy="true">{t('common:loading')}</p> : null}

      {connector ? (
        <>
          <p data-testid="connection-detail">
            {configured && connector.keyHint && connector.updatedAt
              ? t('payments:connections.connectedDetail', { hint: connector.keyHint, when: formatDateTime(connector.updatedAt, lang) })
              : t('payments:connections.notConnectedDetail')}
          </p>
          <Field id={id('url')} label={t('payments:connections.webhookUrl')}>
            <div className="with-button">
              <input id={id('url')} ref={urlField} readOnly value={connector.webhookUrl} className="mono" onFocus={(e) => e.target.select()} />
              <button type="button" onClick={() => void copy()}>{t('payments:connections.copy')}</button>
            </div>
          </Field>

          <form className="connection-form" onSubmit={submit} noValidate aria-labelledby={id('form-title')}>
            <h3 id={id('form-title')}>{t(configured ? 'payments:connections.formTitleReplace' : 'payments:connections.formTitle')}</h3>
            {configured ? <p className="hint">{t('payments:connections.formHint')}</p> : null}
            {problems.form ? <p className="banner error-banner" role="alert">{say(t, problems.form)}</p> : null}
            <Field id={id('key')} label={t('payments:connections.secretKey')} hint={t('payments:connections.secretKeyHint')} error={say(t, problems.secretKey)} required>
              <input {...field('secretKey', id('key'))} />
            </Field>
            <Field id={id('whsec')} label={t('payments:connections.webhookSecret')} hint={t('payments:connections.webhookSecretHint')} error={say(t, problems.webhookSecret)} required>
              <input {...field('webhookSecret', id('whsec'))} />
            </Field>
            <button type="submit" className="primary" disabled={busy !== null}>
              {busy === 'saving' ? t('payments:connections.saving') : t(configured ? 'payments:connections.saveReplace' : 'payments:connections.save')}
            </button>
          </form>
          {status}

          {configured ? (
            <DisconnectControl
              labels={{ disconnect: t('payments:connections.disconnect'), confirm: t('payments:connections.confirmDisconnect', { shop: shop.name }), doIt: t('payments:connections.doDisconnect'), doing: t('payments:connections.disconnecting'), cancel: t('payments:connections.cancel') }}
              busy={busy !== null}
              disconnecting={busy === 'disconnecting'}
              headingId={titleId}
              onConfirm={disconnect}
            />
          ) : null}
        </>
      ) : null}
      {connector ? null : status}
    </section>
  );
}
