import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { requiredEvidence, type EvidenceItem } from '../../../../domain/evidence-checklist';
import { evidenceLabels } from '../../../../domain/labels';
import { redact } from '../../../../domain/redaction';
import { anomalyTypes, intakeSchema, type AnomalyType } from '../../../../domain/ticket.schemas';
import type { Brand, Receipt } from '../../api';
import { describedBy, Field, Layout } from '../../components/Layout';
import { ProofPicker } from '../../components/ProofPicker';
import { apiProblems, issueProblems, say, type Problems } from '../../errors';
import { cardName, formatDateTime } from '../../format';
import { useReport } from './use-report';

/** The fields each situation asks for, in the order a customer finds them on a statement. */
const FIELDS: Record<AnomalyType, string[]> = {
  double_charge: ['orderNumber', 'paymentTime', 'amount', 'cardType', 'cardLast4', 'secondDebitTime', 'secondDebitAmount'],
  debit_without_order: ['paymentTime', 'amount', 'cardType', 'cardLast4', 'orderNumber'],
  failed_payment: ['paymentTime', 'amount', 'cardType', 'debited', 'errorMessage', 'cardLast4'],
  refund_not_received: ['orderNumber', 'refundDate', 'amount', 'cardType', 'cardLast4'],
  cancellation_request: ['orderNumber', 'orderTime'],
};
const DATE_FIELDS = new Set(['paymentTime', 'refundDate', 'orderTime', 'secondDebitTime']);
const TEXT_FIELDS = new Set(['customerName', 'orderNumber', 'errorMessage', 'description']);
const evidenceOf: Record<string, EvidenceItem> = { orderNumber: 'orderNumber', paymentTime: 'paymentTime', amount: 'amount', cardType: 'cardType', debited: 'debited', refundDate: 'refundDate', orderTime: 'orderTime' };
const CARD_LABELS: Record<string, string> = { visa: 'Visa', mastercard: 'MasterCard', paypal: 'PayPal', klarna: 'Klarna', webmoney: 'WebMoney' };

/** `datetime-local` values are the customer's local time: sent as an instant. */
const toInstant = (local: string) => (local ? new Date(local).toISOString() : '');
const nowLocal = () => {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

export function ReportPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  // `/s/<slug>`: that shop's form, filed to it; `/`: the shop of the host name (else the default).
  const { slug } = useParams();
  const { brand, unknownShop, progress, receipt, send } = useReport(slug);
  const [type, setType] = useState<AnomalyType | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<File[]>([]);
  const [problems, setProblems] = useState<Problems>({});
  const [notice, setNotice] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);

  const required = useMemo(
    () => (type ? new Set<string>(requiredEvidence({ type, debited: values.debited === 'true', proofCount: 0 })) : new Set<string>()),
    [type, values.debited],
  );

  const set = (field: string, raw: string) => {
    let value = raw;
    if (TEXT_FIELDS.has(field)) {
      const r = redact(raw);
      if (r.cardNumbers || r.securityCodes) setNotice(t('report:cardMasked'));
      value = r.text;
    }
    if (field === 'cardLast4') value = raw.replace(/\D/g, '').slice(0, 4);
    setValues((v) => ({ ...v, [field]: value }));
    setProblems((p) => ({ ...p, [field]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!type) return;
    const body: Record<string, string> = { type, language: lang };
    if (slug) body.brand = slug;
    for (const field of ['customerName', 'customerEmail', 'description', ...FIELDS[type]]) {
      const value = values[field]?.trim();
      if (value) body[field] = DATE_FIELDS.has(field) ? toInstant(value) : value;
    }
    if (brand) {
      const check = intakeSchema({ acceptedCardTypes: brand.acceptedCardTypes as never, currency: brand.currency, timeZone: brand.timeZone, now: () => new Date() }).safeParse(body);
      if (!check.success) {
        setProblems(issueProblems(check.error.issues as never, brand));
        summary.current?.focus();
        return;
      }
    }
    const form = new FormData();
    for (const [k, v] of Object.entries(body)) form.append(k, v);
    for (const f of files) form.append('evidence', f, f.name);
    try {
      await send(form);
      window.scrollTo(0, 0);
    } catch (err) {
      setProblems(apiProblems(err, brand ?? undefined));
      summary.current?.focus();
    }
  };

  if (receipt) return <Receipted receipt={receipt} />;
  if (unknownShop) return <ShopNotFound />;

  const field = (name: string) => {
    const id = `f-${name}`;
    const error = say(t, problems[name]);
    const needed = required.has(evidenceOf[name] ?? '');
    const label = name === 'paymentTime' && type === 'failed_payment' ? t('report:fields.attemptTime') : t(`report:fields.${name}`);
    const why = evidenceOf[name] && needed ? evidenceLabels[lang][evidenceOf[name]] : undefined;
    const hint = name === 'cardLast4' ? t('report:fields.cardLast4Hint') : why;
    const common = { id, 'aria-invalid': !!error, 'aria-describedby': describedBy(id, hint, error) };
    let control;
    if (name === 'cardType') {
      control = (
        <select {...common} value={values.cardType ?? ''} onChange={(e) => set('cardType', e.target.value)}>
          <option value="">{t('common:choose')}</option>
          {(brand?.acceptedCardTypes ?? ['visa', 'mastercard']).map((c) => (
            <option key={c} value={c}>
              {CARD_LABELS[c] ?? c}
            </option>
          ))}
        </select>
      );
    } else if (name === 'debited') {
      control = (
        <div className="choices" role="radiogroup" aria-labelledby={`${id}-label`} aria-describedby={common['aria-describedby']}>
          {(['true', 'false'] as const).map((v) => (
            <label key={v} className="choice">
              <input type="radio" name="debited" value={v} checked={values.debited === v} onChange={() => set('debited', v)} /> {v === 'true' ? t('common:yes') : t('common:no')}
            </label>
          ))}
        </div>
      );
    } else if (DATE_FIELDS.has(name)) {
      control = <input {...common} type="datetime-local" max={nowLocal()} value={values[name] ?? ''} onChange={(e) => set(name, e.target.value)} />;
    } else if (name === 'amount' || name === 'secondDebitAmount') {
      control = (
        <div className="with-unit">
          <input {...common} inputMode="decimal" autoComplete="off" placeholder="59,90" value={values[name] ?? ''} onChange={(e) => set(name, e.target.value)} />
          <span aria-hidden="true">{brand?.currency ?? 'EUR'}</span>
        </div>
      );
    } else {
      control = (
        <input
          {...common}
          inputMode={name === 'cardLast4' ? 'numeric' : undefined}
          maxLength={name === 'cardLast4' ? 4 : undefined}
          autoComplete="off"
          value={values[name] ?? ''}
          onChange={(e) => set(name, e.target.value)}
        />
      );
    }
    return (
      <Field key={name} id={id} label={<span id={`${id}-label`}>{label}</span>} hint={hint} error={error} required={needed}>
        {control}
      </Field>
    );
  };

  const errors = Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, say(t, p)]));
  const errorCount = Object.values(errors).filter(Boolean).length;
  return (
    <Layout>
      <h1>{t('report:title')}</h1>
      <p className="lead">{t('report:intro')}</p>
      {slug && brand ? <ShopFacts brand={brand} /> : null}
      {!type ? (
        <section aria-labelledby="choose">
          <h2 id="choose">{t('report:choose')}</h2>
          <ul className="types">
            {anomalyTypes.map((k) => {
              const [title, sub] = t(`report:types.${k}`, { returnObjects: true }) as unknown as [string, string];
              return (
                <li key={k}>
                  <button type="button" className="type-card" onClick={() => setType(k)} data-type={k}>
                    <strong>{title}</strong>
                    <span>{sub}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ) : (
        <form onSubmit={submit} noValidate>
          <div className="chosen">
            <strong>{(t(`report:types.${type}`, { returnObjects: true }) as unknown as string[])[0]}</strong>
            <button type="button" className="link" onClick={() => setType(null)}>
              {t('report:change')}
            </button>
          </div>
          <div ref={summary} tabIndex={-1} aria-live="polite">
            {errorCount ? <p className="banner error-banner">{errors.form ?? t('report:fixErrors')}</p> : null}
          </div>
          <p className="banner warn" role="note">
            {t('report:cardWarning')}
          </p>
          {notice ? (
            <p className="banner info" role="status">
              {notice}
            </p>
          ) : null}
          <fieldset>
            <legend>{t('report:you')}</legend>
            <Field id="f-customerName" label={t('report:fields.customerName')} error={errors.customerName} required>
              <input id="f-customerName" autoComplete="name" aria-invalid={!!errors.customerName} aria-describedby={describedBy('f-customerName', null, errors.customerName)} value={values.customerName ?? ''} onChange={(e) => set('customerName', e.target.value)} />
            </Field>
            <Field id="f-customerEmail" label={t('report:fields.customerEmail')} hint={t('report:fields.customerEmailHint')} error={errors.customerEmail} required>
              <input id="f-customerEmail" type="email" autoComplete="email" aria-invalid={!!errors.customerEmail} aria-describedby={describedBy('f-customerEmail', true, errors.customerEmail)} value={values.customerEmail ?? ''} onChange={(e) => set('customerEmail', e.target.value)} />
            </Field>
          </fieldset>
          <fieldset>
            <legend>{t('report:payment')}</legend>
            {FIELDS[type].map(field)}
          </fieldset>
          <fieldset>
            <legend>{t('report:proof')}</legend>
            <Field id="f-evidence" label={t('report:fields.evidence')} hint={required.has('proof') ? `${evidenceLabels[lang].proof}. ${t('report:fields.evidenceHint')}` : t('report:fields.evidenceHint')} error={errors.evidence} required={required.has('proof')}>
              <ProofPicker id="f-evidence" files={files} describedBy={describedBy('f-evidence', true, errors.evidence)} onChange={(next, problem) => { setFiles(next); setProblems((p) => ({ ...p, evidence: problem })); }} />
            </Field>
          </fieldset>
          <fieldset>
            <legend>{t('report:details')}</legend>
            <Field id="f-description" label={t('report:fields.description')} error={errors.description}>
              <textarea id="f-description" rows={4} value={values.description ?? ''} onChange={(e) => set('description', e.target.value)} />
            </Field>
          </fieldset>
          <p className="hint">{t('report:laterOk')}</p>
          <button type="submit" className="primary" disabled={progress !== null}>
            {progress === null ? t('report:send') : files.length ? t('report:uploading', { percent: Math.round(progress * 100) }) : t('report:sending')}
          </button>
          {progress !== null && files.length ? <progress value={progress} max={1} aria-label={t('report:sending')} /> : null}
        </form>
      )}
    </Layout>
  );
}

/** The shop a per-shop form files to: its name, the payments it accepts and its customer service hours. */
function ShopFacts({ brand }: { brand: Brand }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'fr-FR';
  // 1 January 2024 was a Monday: ISO weekday d is that month's day d.
  const day = (d: number) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, d)));
  const open = [...brand.openDays].sort();
  const consecutive = open.length > 2 && open.every((d, i) => i === 0 || d === open[i - 1] + 1);
  const days = consecutive ? t('report:shop.daysRange', { from: day(open[0]), to: day(open[open.length - 1]) }) : new Intl.ListFormat(locale, { type: 'conjunction' }).format(open.map(day));
  const windows = new Intl.ListFormat(locale, { type: 'conjunction' }).format(brand.windows.map((w) => `${w.start}–${w.end}`));
  const zone = brand.timeZone.split('/').pop()!.replace(/_/g, ' ');
  return (
    <section className="card shop-facts" aria-label={t('report:shop.label')} data-testid="shop-facts" data-shop={brand.slug}>
      <p className="shop-name"><strong>{brand.name}</strong></p>
      <p data-fact="cards">{t('report:shop.cards', { list: brand.acceptedCardTypes.map(cardName).join(', ') })}</p>
      <p data-fact="hours">{t('report:shop.hours', { days, windows, zone })}</p>
    </section>
  );
}

/** `/s/<slug>` naming no shop. */
function ShopNotFound() {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Layout>
      <h1 ref={heading} tabIndex={-1}>{t('report:shop.notFoundTitle')}</h1>
      <p className="banner error-banner" role="alert">{t('report:shop.notFound')}</p>
      <Link className="button primary" to="/">{t('report:shop.home')}</Link>
    </Layout>
  );
}

function Receipted({ receipt }: { receipt: Receipt }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const [copied, setCopied] = useState(false);
  const statusPath = new URL(receipt.statusUrl).pathname + new URL(receipt.statusUrl).hash;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Layout>
      <h1 ref={heading} tabIndex={-1}>
        {t('report:done.title')}
      </h1>
      <div className="card receipt">
        <p>{t('report:done.reference')}</p>
        <p className="reference" data-testid="reference">
          {receipt.reference}
        </p>
        <p className="due">{t('report:done.expect', { date: formatDateTime(receipt.firstResponseDueAt, lang) })}</p>
        <p>{t('report:done.mail')}</p>
      </div>
      {receipt.missingEvidence.length ? (
        <div className="card">
          <p>{t('report:done.missing')}</p>
          <ul className="missing">
            {receipt.missingEvidence.map((m) => (
              <li key={m}>{evidenceLabels[lang][m as EvidenceItem]}</li>
            ))}
          </ul>
          <Link className="button primary" to={statusPath}>
            {t('report:done.addNow')}
          </Link>
        </div>
      ) : null}
      <div className="card">
        <p>
          <strong>{t('report:done.link')}</strong>
        </p>
        <p className="link-box">
          <a href={statusPath}>{receipt.statusUrl}</a>
        </p>
        <p className="hint">{t('report:done.keep')}</p>
        <button type="button" onClick={() => void navigator.clipboard?.writeText(receipt.statusUrl).then(() => setCopied(true))}>
          {copied ? t('report:done.copied') : t('report:done.copy')}
        </button>{' '}
        <Link className="button" to={statusPath}>
          {t('report:done.follow')}
        </Link>
      </div>
    </Layout>
  );
}
