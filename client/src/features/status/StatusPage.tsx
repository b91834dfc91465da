import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { EvidenceItem } from '../../../../domain/evidence-checklist';
import { evidenceLabels, outcomeMessage } from '../../../../domain/labels';
import { redact } from '../../../../domain/redaction';
import { ApiError } from '../../api';
import { useCustomerTicket } from './use-customer-ticket';
import { MergedNote, SatisfactionCard } from './SatisfactionCard';
import { useScoreFromLink } from './use-satisfaction';
import { describedBy, Field, Layout } from '../../components/Layout';
import { ProofPicker } from '../../components/ProofPicker';
import { apiProblem, apiProblems, say, type Problem, type Problems } from '../../errors';
import { formatDateTime, formatDay, formatMoney, formatShort } from '../../format';

/**
 * Events the API keeps for agents (it sends the customer only public ones): never shown here,
 * even if one came, whatever its data says (a refund's provider ids, a verdict).
 */
const AGENTS_ONLY = new Set(['refund_issued', 'money_not_back', 'payment_checked', 'note', 'mail_bounced', 'follow_up_opened']);

/** Fields a customer can add from the status page, for the items still missing. */
const INPUTS: Partial<Record<EvidenceItem, 'text' | 'datetime' | 'amount' | 'card' | 'yesno'>> = {
  orderNumber: 'text',
  paymentTime: 'datetime',
  amount: 'amount',
  cardType: 'card',
  refundDate: 'datetime',
  orderTime: 'datetime',
  debited: 'yesno',
};

export function StatusPage() {
  const { reference = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const linkScore = useScoreFromLink(); // before the token handling clears the address bar
  const { ticket, failure, addEvidence, readFile, requestDataExport } = useCustomerTicket(reference);
  const [values, setValues] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<File[]>([]);
  const [problems, setProblems] = useState<Problems>({});
  const [progress, setProgress] = useState<number | null>(null);
  const [sent, setSent] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const form = new FormData();
    for (const [k, v] of Object.entries(values)) if (v.trim()) form.append(k, k.endsWith('Time') || k === 'refundDate' ? new Date(v).toISOString() : v);
    for (const f of files) form.append('evidence', f, f.name);
    setProgress(0);
    try {
      await addEvidence(form, setProgress);
      setValues({});
      setFiles([]);
      setProblems({});
      setSent(true);
    } catch (err) {
      setSent(false);
      setProblems(apiProblems(err));
    } finally {
      setProgress(null);
    }
  };

  if (failure) {
    return (
      <Layout>
        <h1>{t('status:title', { reference })}</h1>
        <p className="banner error-banner">{say(t, failure)}</p>
      </Layout>
    );
  }
  if (!ticket) return <Layout><p aria-busy="true">…</p></Layout>;

  const open = !['resolved', 'closed'].includes(ticket.status);
  const missing = ticket.missingEvidence as EvidenceItem[];
  const errors = Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, say(t, p)]));
  return (
    <Layout>
      <h1>{t('status:title', { reference: ticket.reference })}</h1>
      <MergedNote from={(ticket as { mergedFrom?: string }).mergedFrom} into={ticket.reference} />
      <div className={`card status status-${ticket.status}`}>
        <p className="status-words" data-testid="status">
          {t(`status:states.${ticket.status}`)}
        </p>
        {open ? <p>{t('status:expect', { date: formatDateTime(ticket.firstResponseDueAt, lang) })}</p> : null}
        {ticket.moneyExpectedBy ? <p className="money-expected" data-testid="money-expected">{t('status:moneyExpected', { date: formatDay(ticket.moneyExpectedBy, lang) })}</p> : null}
      </div>

      {ticket.outcome ? (
        <div className="card outcome" data-testid="outcome">
          <h2>{t('status:outcome')}</h2>
          <p>{outcomeMessage(ticket.outcome, ticket.outcomeDetails ?? {}, ticket.brand, lang)}</p>
        </div>
      ) : null}

      <SatisfactionCard reference={reference} status={ticket.status} preselected={linkScore} />

      {open && (missing.length || sent) ? (
        <form className="card" onSubmit={submit} noValidate>
          {missing.length ? (
            <>
              <h2>{t('status:missing')}</h2>
              <ul className="missing">
                {missing.map((m) => (
                  <li key={m}>{evidenceLabels[lang][m]}</li>
                ))}
              </ul>
            </>
          ) : null}
          {sent ? <p className="banner info" role="status">{t('status:sent')}</p> : null}
          {errors.form ? <p className="banner error-banner" role="alert">{errors.form}</p> : null}
          {missing.map((m) => {
            const kind = INPUTS[m];
            if (!kind) return null;
            const id = `s-${m}`;
            const label = evidenceLabels[lang][m];
            const common = { id, 'aria-invalid': !!errors[m], 'aria-describedby': describedBy(id, null, errors[m]), value: values[m] ?? '', onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [m]: redact(e.target.value).text })) };
            return (
              <Field key={m} id={id} label={label} error={errors[m === 'amount' ? 'amount' : m]}>
                {kind === 'datetime' ? <input type="datetime-local" {...common} /> : kind === 'yesno' ? (
                  <select {...common}>
                    <option value="" />
                    <option value="true">{t('common:yes')}</option>
                    <option value="false">{t('common:no')}</option>
                  </select>
                ) : kind === 'card' ? (
                  <select {...common}>
                    <option value="">{t('common:choose')}</option>
                    <option value="visa">Visa</option>
                    <option value="mastercard">MasterCard</option>
                  </select>
                ) : (
                  <input inputMode={kind === 'amount' ? 'decimal' : undefined} autoComplete="off" {...common} />
                )}
              </Field>
            );
          })}
          <Field id="s-evidence" label={t('report:fields.evidence')} hint={t('report:fields.evidenceHint')} error={errors.evidence}>
            <ProofPicker id="s-evidence" files={files} describedBy={describedBy('s-evidence', true, errors.evidence)} onChange={(next, problem) => { setFiles(next); setProblems((p) => ({ ...p, evidence: problem })); }} />
          </Field>
          <Field id="s-message" label={t('status:message')}>
            <textarea id="s-message" rows={3} value={values.message ?? ''} onChange={(e) => setValues((v) => ({ ...v, message: redact(e.target.value).text }))} />
          </Field>
          <button type="submit" className="primary" disabled={progress !== null}>
            {progress === null ? t('status:add') : t('report:uploading', { percent: Math.round(progress * 100) })}
          </button>
        </form>
      ) : null}

      <section className="card">
        <h2>{t('status:timeline')}</h2>
        <ol className="timeline">
          {ticket.timeline.filter((e) => !AGENTS_ONLY.has(e.type)).map((e, i) => (
            <li key={i} data-event={e.type}>
              <time dateTime={e.at}>{formatShort(e.at, lang)}</time> <strong>{t([`status:events.${e.type}`, 'status:events.other'])}</strong>
              {e.type === 'reply' && e.data.body ? <blockquote>{String(e.data.body)}</blockquote> : null}
              {e.type === 'reply' ? <ReplyAttachments files={e.data.files} readFile={readFile} /> : null}
              {/* Their own words of this time only: the quote of our mail and their signature are not repeated. */}
              {e.type === 'customer_message' && typeof e.data.text === 'string' && e.data.text.trim() ? <blockquote>{e.data.text}</blockquote> : null}
              {e.type === 'information_requested' && Array.isArray(e.data.items) ? (
                <ul>{(e.data.items as EvidenceItem[]).map((m) => <li key={m}>{evidenceLabels[lang][m]}</li>)}</ul>
              ) : null}
              {e.type === 'information_requested' && e.data.message ? <blockquote>{String(e.data.message)}</blockquote> : null}
              {e.type === 'money_traced' ? <MoneyTraced data={e.data} /> : null}
            </li>
          ))}
        </ol>
      </section>

      <PersonalData request={requestDataExport} />
    </Layout>
  );
}

/** "Télécharger mes données": the link goes to the request's e-mail address, never to this page (whoever holds the page's link is not proven to own the address). */
function PersonalData({ request }: { request: () => Promise<{ expiresAt: string }> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const [busy, setBusy] = useState(false);
  const [sentUntil, setSentUntil] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const ask = async () => {
    setBusy(true);
    setProblem(null);
    try {
      setSentUntil((await request()).expiresAt);
    } catch (err) {
      setProblem(apiProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" data-testid="personal-data">
      <h2>{t('status:personalData.title')}</h2>
      <p>{t('status:personalData.explain')}</p>
      {sentUntil ? <p className="banner info" role="status">{t('status:personalData.sent', { date: formatDateTime(sentUntil, lang) })}</p> : null}
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
      <button type="button" onClick={ask} disabled={busy}>{t('status:personalData.button')}</button>
    </section>
  );
}

/** How long an attachment's object URL lives once its download started (the browser reads it meanwhile). */
const OBJECT_URL_LIFETIME_MS = 60_000;

/**
 * The files an agent sent with a reply, each a button: the file needs the private token, which a
 * plain link cannot send, so it is read as a blob and saved through an object URL, revoked soon after.
 */
function ReplyAttachments({ files, readFile }: { files: unknown; readFile: (fileId: string) => Promise<Blob> }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, Problem | undefined>>({});
  const urls = useRef(new Set<string>());
  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), []);
  const refs = (Array.isArray(files) ? files : []).filter((f): f is { id: string; name: string } => !!f && typeof f.id === 'string' && typeof f.name === 'string');
  if (!refs.length) return null;

  const download = async (file: { id: string; name: string }) => {
    if (busy) return; // one at a time; the button stays focusable meanwhile
    setBusy(file.id);
    setProblems((p) => ({ ...p, [file.id]: undefined }));
    try {
      const url = URL.createObjectURL(await readFile(file.id));
      urls.current.add(url);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => {
        URL.revokeObjectURL(url);
        urls.current.delete(url);
      }, OBJECT_URL_LIFETIME_MS);
    } catch (err) {
      const problem = err instanceof ApiError && err.code === 'network_error' ? { key: 'status:downloadFailed', values: { name: file.name } } : apiProblem(err);
      setProblems((p) => ({ ...p, [file.id]: problem }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="reply-attachments" data-testid="reply-attachments">
      <p className="attachments-title">{t('status:attachments')}</p>
      <ul>
        {refs.map((f) => (
          <li key={f.id}>
            <button type="button" className="attachment" aria-describedby={problems[f.id] ? `file-${f.id}-error` : undefined} aria-busy={busy === f.id} onClick={() => void download(f)}>
              <span aria-hidden="true">⤓ </span>
              {busy === f.id ? t('status:downloading', { name: f.name }) : t('status:download', { name: f.name })}
            </button>
            {problems[f.id] ? <p className="error" id={`file-${f.id}-error`} role="alert">{say(t, problems[f.id])}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The refund reached the customer's bank: when, how much, and the reference their bank can trace it by. */
function MoneyTraced({ data }: { data: Record<string, unknown> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const date = typeof data.refundedAt === 'string' ? formatDay(data.refundedAt, lang) : '—';
  const amount = typeof data.amountCents === 'number' ? formatMoney(data.amountCents, String(data.currency ?? 'EUR'), lang) : null;
  const arn = typeof data.arn === 'string' && data.arn ? data.arn : null;
  return (
    <div className="money-traced">
      <p>{amount ? t('status:moneyTraced.amount', { amount, date }) : t('status:moneyTraced.noAmount', { date })}</p>
      <p>{arn ? <>{t('status:moneyTraced.arn')} <strong className="arn">{arn}</strong></> : t('status:moneyTraced.noArn')}</p>
    </div>
  );
}
