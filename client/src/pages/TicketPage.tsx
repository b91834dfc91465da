import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { outcomes } from '../../../domain/agent-actions.schemas';
import type { EvidenceItem } from '../../../domain/evidence-checklist';
import { anomalyTypeLabels, evidenceLabels } from '../../../domain/labels';
import { ApiError, call, type AgentTicket, type SessionUser, type TimelineEntry, type Viewer } from '../api';
import { PaymentFactsForm } from '../features/ticket/PaymentFactsForm';
import { AgentBar, SlaBadge } from '../components/AgentBar';
import { Field, Layout } from '../components/Layout';
import { apiProblem, say, type Problem } from '../errors';
import { formatMoney, formatShort } from '../format';
import { addNamespaces } from '../i18n';
import * as queue from '../i18n/queue';
import * as ticketStrings from '../i18n/ticket';
import { useSession } from '../session';
import { agentSocket, useAgentEvents } from '../socket';

addNamespaces({ queue, ticket: ticketStrings });

type Tab = 'reply' | 'request' | 'note' | 'resolve';
type TicketDetail = AgentTicket;
type TimelineEvent = TimelineEntry;
const CARD_NAMES: Record<string, string> = { visa: 'Visa', mastercard: 'MasterCard', paypal: 'PayPal', klarna: 'Klarna', webmoney: 'WebMoney' };

/** The line under an event's name: who, what changed, which target. */
function eventDetail(e: TimelineEvent, t: TFunction): string | null {
  const d = e.data ?? {};
  switch (e.type) {
    case 'assigned':
      return d.assigneeName ? t('ticket:eventDetails.assignedTo', { name: d.assigneeName }) : null;
    case 'status_changed':
      return d.from && d.to ? t('ticket:eventDetails.statusFromTo', { from: d.from, to: d.to }) : null;
    case 'possible_duplicate':
      return d.reference ? t('ticket:eventDetails.duplicateOf', { reference: d.reference }) : null;
    case 'sla_warning':
    case 'sla_breached':
      return d.target ? t([`ticket:eventDetails.target.${d.target}`, 'ticket:events.other']) : null;
    case 'redacted':
      return Array.isArray(d.fields) && d.fields.length
        ? t('ticket:eventDetails.redactedFields', { fields: d.fields.map((f: { field?: string }) => t([`ticket:facts.${f.field}`, `report:fields.${f.field}`, 'ticket:events.other'])).join(', ') })
        : null;
    case 'payment_facts_corrected':
      return Array.isArray(d.changes) && d.changes.length
        ? t('ticket:eventDetails.correctedFields', { fields: d.changes.map((c: { field?: string }) => t([`ticket:facts.${c.field}`, `ticket:facts.${String(c.field).replace(/Cents$/, '')}`, 'ticket:events.other'])).join(', ') })
        : null;
    case 'reminder_sent':
      return d.reminder ? t('ticket:eventDetails.reminder', { n: d.reminder }) : null;
    case 'email_sent':
      return d.subject ? String(d.subject) : null;
    default:
      return null;
  }
}

export function TicketPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const { user } = useSession();
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [users, setUsers] = useState<SessionUser[]>([]);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [tab, setTab] = useState<Tab>('reply');
  const [draft, setDraft] = useState({ reply: '', note: '', message: '', refund: '', duplicateOf: '' });
  const [items, setItems] = useState<EvidenceItem[]>([]);
  const [outcome, setOutcome] = useState<string>('');
  const [banner, setBanner] = useState<{ kind: 'error' | 'info'; problem: Problem } | null>(null);
  const [notFound, setNotFound] = useState(false);

  const load = useCallback(() => {
    call<TicketDetail>('GET', `/api/tickets/${id}`).then(
      (next) => {
        setTicket(next);
        setViewers(next.viewers);
        setItems((current) => (current.length ? current : (next.checklist.missing as EvidenceItem[])));
      },
      (err: ApiError) => err.status === 404 && setNotFound(true),
    );
  }, [id]);
  useEffect(load, [load]);
  useEffect(() => {
    void call<{ items: SessionUser[] }>('GET', '/api/users').then((r) => setUsers(r.items), () => undefined);
  }, []);

  // Presence: say we are here (and whether we are replying) every 20 s, and that we left.
  const activity = draft.reply || draft.message ? 'replying' : 'viewing';
  useEffect(() => {
    if (!ticket) return;
    const socket = agentSocket();
    const say = () => socket.emit('presence', { ticketId: ticket.id, activity });
    say();
    const beat = setInterval(say, 20_000);
    return () => clearInterval(beat);
  }, [ticket?.id, activity]);
  useEffect(() => () => void (ticket && agentSocket().emit('presence', { ticketId: ticket.id, activity: null })), [ticket?.id]);

  useAgentEvents((event, payload) => {
    if (event === 'ticket.presence' && payload.ticketId === ticket?.id) setViewers(payload.viewers);
    else if (event === 'reconnected' || ('ticket' in payload ? payload.ticket.id : payload.ticketId) === ticket?.id) load();
  });

  if (notFound) return <Layout wide actions={<AgentBar />}><p className="banner error-banner">404</p></Layout>;
  if (!ticket) return <Layout wide actions={<AgentBar />}><p aria-busy="true">…</p></Layout>;

  /** Sends an action against the version on screen; a stale version is reported, the draft kept. */
  const act = async (path: string, body: Record<string, unknown>, clear?: () => void) => {
    setBanner(null);
    try {
      await call('POST', `/api/tickets/${ticket.id}/${path}`, { body: { version: ticket.version, ...body } });
      clear?.();
      setBanner({ kind: 'info', problem: { key: 'ticket:done' } });
    } catch (err) {
      setBanner({ kind: 'error', problem: apiProblem(err) });
    }
    load();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (tab === 'reply') void act('replies', { body: draft.reply }, () => setDraft((d) => ({ ...d, reply: '' })));
    if (tab === 'request') void act('information-requests', { items, ...(draft.message ? { message: draft.message } : {}) }, () => setDraft((d) => ({ ...d, message: '' })));
    if (tab === 'note') {
      setBanner(null);
      void call('POST', `/api/tickets/${ticket.id}/notes`, { body: { body: draft.note } }).then(
        () => { setDraft((d) => ({ ...d, note: '' })); load(); },
        (err: unknown) => setBanner({ kind: 'error', problem: apiProblem(err) }),
      );
    }
    if (tab === 'resolve') {
      const extra =
        outcome === 'refunded'
          ? { refundAmountCents: Math.round(Number(draft.refund.replace(',', '.')) * 100) }
          : outcome === 'duplicate_of'
            ? { duplicateOfReference: draft.duplicateOf.trim() }
            : {};
      void act('resolve', { outcome, ...extra, ...(draft.message ? { message: draft.message } : {}) });
    }
  };

  const others = viewers.filter((v) => v.userId !== user?.id);
  const open = !['resolved', 'closed'].includes(ticket.status);
  const missing = new Set(ticket.checklist.missing);
  const when = (iso?: string | null) => (iso ? formatShort(iso, lang) : null);
  const cancellation = ticket.type === 'cancellation_request';
  const secondDebit = [when(ticket.secondDebitTime), ticket.secondDebitAmountCents != null ? formatMoney(ticket.secondDebitAmountCents, ticket.currency, lang) : null].filter(Boolean).join(' · ');
  /** Every fact the customer gave, and the ones this kind of case calls for even when not given yet. */
  const facts: Array<[key: string, value: string | null, shown: boolean]> = [
    ['orderNumber', ticket.orderNumber, true],
    ['orderTime', when(ticket.orderTime), cancellation || !!ticket.orderTime],
    [ticket.type === 'failed_payment' ? 'attemptTime' : 'paymentTime', when(ticket.paymentTime), !cancellation || !!ticket.paymentTime],
    ['amount', ticket.amountCents != null ? formatMoney(ticket.amountCents, ticket.currency, lang) : null, !cancellation || ticket.amountCents != null],
    ['card', ticket.cardType ? `${CARD_NAMES[ticket.cardType] ?? ticket.cardType}${ticket.cardLast4 ? ` •••• ${ticket.cardLast4}` : ''}` : null, !cancellation || !!ticket.cardType],
    ['secondDebit', secondDebit || null, ticket.type === 'double_charge' || !!secondDebit],
    ['refundDate', when(ticket.refundDate), ticket.type === 'refund_not_received' || !!ticket.refundDate],
    ['debited', ticket.debited == null ? null : ticket.debited ? t('common:yes') : t('common:no'), ticket.debited != null || ticket.type === 'failed_payment'],
    ['errorMessage', ticket.errorMessage, !!ticket.errorMessage],
  ];
  return (
    <Layout wide actions={<AgentBar />}>
      <p>
        <Link to="/agent">← {t('ticket:back')}</Link>
      </p>
      <div className="ticket-head">
        <h1>
          {ticket.reference} <small>{anomalyTypeLabels[lang][ticket.type as keyof (typeof anomalyTypeLabels)['fr']]}</small>
        </h1>
        <span className="pill" data-testid="ticket-status">{t(`queue:states.${ticket.status}`)}</span>
        {ticket.nextDueAt ? <SlaBadge state={ticket.slaState} minutesLeft={ticket.businessMinutesLeft} /> : null}
      </div>
      <p className="presence" role="status" aria-live="polite">
        {others.length ? t('ticket:alsoHere', { names: others.map((v) => `${v.name} (${t(`ticket:${v.activity}`)})`).join(', ') }) : '\u00a0'}
      </p>
      {banner ? <p className={`banner ${banner.kind === 'error' ? 'error-banner' : 'info'}`} role={banner.kind === 'error' ? 'alert' : 'status'}>{say(t, banner.problem)}</p> : null}

      <div className="ticket-grid">
        <div className="ticket-main">
          <section className="card">
            <h2>{t('ticket:customer')}</h2>
            <dl className="facts">
              <dt>{t('ticket:facts.customerName')}</dt><dd>{ticket.customerName}</dd>
              <dt>{t('ticket:facts.customerEmail')}</dt><dd>{ticket.customerEmail}</dd>
              <dt>{t('ticket:facts.language')}</dt><dd>{ticket.language.toUpperCase()}</dd>
            </dl>
          </section>
          <section className="card">
            <h2>{t('ticket:payment')}</h2>
            <dl className="facts" data-testid="payment-facts">
              {facts.filter(([, , shown]) => shown).map(([key, value]) => (
                <Fragment key={key}>
                  <dt>{t(`ticket:facts.${key}`)}</dt>
                  <dd data-fact={key} className={value ? undefined : 'unknown'}>{value ?? t('ticket:facts.unknown')}</dd>
                </Fragment>
              ))}
            </dl>
            {open ? <PaymentFactsForm ticket={ticket} onSaved={() => { setBanner({ kind: 'info', problem: { key: 'ticket:done' } }); load(); }} /> : null}
            {ticket.description ? <blockquote>{ticket.description}</blockquote> : null}
          </section>
          <section className="card">
            <h2>{t('ticket:checklist')}</h2>
            <ul className="checklist" data-testid="checklist">
              {ticket.checklist.required.map((item) => (
                <li key={item} className={missing.has(item) ? 'missing-item' : 'present-item'}>
                  <span aria-hidden="true">{missing.has(item) ? '✗' : '✓'}</span> {evidenceLabels[lang][item as EvidenceItem]}{' '}
                  <em>({missing.has(item) ? t('ticket:missing') : t('ticket:present')})</em>
                </li>
              ))}
            </ul>
          </section>
          {ticket.files.length ? (
            <section className="card">
              <h2>{t('ticket:files')}</h2>
              <ul className="files">
                {ticket.files.map((f) => (
                  <li key={f.id}>
                    {f.mimeType.startsWith('image/') ? (
                      <a href={f.url} target="_blank" rel="noreferrer"><img src={f.url} alt={f.name} loading="lazy" /></a>
                    ) : (
                      <object data={f.url} type="application/pdf" aria-label={f.name} className="pdf-preview"><a href={f.url}>{f.name}</a></object>
                    )}
                    <a href={f.url} target="_blank" rel="noreferrer">{f.name}</a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {ticket.duplicates.length ? (
            <section className="card">
              <h2>{t('ticket:duplicates')}</h2>
              <ul>{ticket.duplicates.map((d) => <li key={d.id}><Link to={`/agent/tickets/${d.id}`}>{d.reference}</Link> — {t(`queue:states.${d.status}`)}</li>)}</ul>
            </section>
          ) : null}
        </div>

        <div className="ticket-side">
          <section className="card">
            <div className="assign">
              {!ticket.assigneeId ? <button type="button" onClick={() => void act('claim', {})}>{t('ticket:claim')}</button> : null}
              <label>
                {t('ticket:assignTo')}{' '}
                <select value={ticket.assigneeId ?? ''} onChange={(e) => void act('assign', { assigneeId: e.target.value || null })}>
                  <option value="">{t('ticket:nobody')}</option>
                  {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
                </select>
              </label>
              {ticket.status === 'resolved' ? <button type="button" onClick={() => void act('reopen', {})}>{t('ticket:reopen')}</button> : null}
            </div>
            <dl className="facts handling">
              <dt>{t('ticket:facts.createdAt')}</dt><dd>{formatShort(ticket.createdAt, lang)}</dd>
              {ticket.firstRespondedAt ? (<><dt>{t('ticket:facts.firstRespondedAt')}</dt><dd>{formatShort(ticket.firstRespondedAt, lang)}</dd></>) : null}
              {ticket.resolvedAt ? (<><dt>{t('ticket:facts.resolvedAt')}</dt><dd>{formatShort(ticket.resolvedAt, lang)}</dd></>) : null}
            </dl>
            {ticket.firstResponseBusinessMinutes != null ? <p className="hint">{t('ticket:first', { minutes: ticket.firstResponseBusinessMinutes })}</p> : null}
            {ticket.resolutionBusinessMinutes != null ? <p className="hint">{t('ticket:resolution', { minutes: ticket.resolutionBusinessMinutes })}</p> : null}
          </section>

          {open ? (
            <form className="card actions" onSubmit={submit}>
              <div className="tabs" role="tablist">
                {(['reply', 'request', 'note', 'resolve'] as Tab[]).map((k) => (
                  <button key={k} type="button" role="tab" aria-selected={tab === k} onClick={() => setTab(k)}>{t(`ticket:${k}`)}</button>
                ))}
              </div>
              {tab === 'reply' ? (
                <Field id="a-reply" label={t('ticket:reply')}>
                  <textarea id="a-reply" rows={5} required value={draft.reply} onChange={(e) => setDraft((d) => ({ ...d, reply: e.target.value }))} />
                </Field>
              ) : null}
              {tab === 'note' ? (
                <Field id="a-note" label={t('ticket:note')}>
                  <textarea id="a-note" rows={4} required value={draft.note} onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))} />
                </Field>
              ) : null}
              {tab === 'request' ? (
                <fieldset>
                  <legend>{t('ticket:items')}</legend>
                  {(['orderNumber', 'paymentTime', 'amount', 'cardType', 'customerEmail', 'debited', 'refundDate', 'orderTime', 'proof'] as EvidenceItem[]).map((item) => (
                    <label key={item} className="choice">
                      <input type="checkbox" checked={items.includes(item)} onChange={(e) => setItems((list) => (e.target.checked ? [...list, item] : list.filter((i) => i !== item)))} /> {evidenceLabels[lang][item]}
                    </label>
                  ))}
                </fieldset>
              ) : null}
              {tab === 'resolve' ? (
                <>
                  <Field id="a-outcome" label={t('ticket:outcome')}>
                    <select id="a-outcome" required value={outcome} onChange={(e) => setOutcome(e.target.value)}>
                      <option value="">{t('common:choose')}</option>
                      {outcomes.map((o) => <option key={o} value={o}>{t(`queue:outcomes.${o}`)}</option>)}
                    </select>
                  </Field>
                  {outcome === 'refunded' ? (
                    <Field id="a-refund" label={t('ticket:refundAmount')}>
                      <input id="a-refund" inputMode="decimal" required value={draft.refund} placeholder={ticket.amountCents ? String(ticket.amountCents / 100) : ''} onChange={(e) => setDraft((d) => ({ ...d, refund: e.target.value }))} />
                    </Field>
                  ) : null}
                  {outcome === 'duplicate_of' ? (
                    <Field id="a-dup" label={t('ticket:duplicateOf')}>
                      <input id="a-dup" required value={draft.duplicateOf} onChange={(e) => setDraft((d) => ({ ...d, duplicateOf: e.target.value }))} />
                    </Field>
                  ) : null}
                </>
              ) : null}
              {tab === 'request' || tab === 'resolve' ? (
                <Field id="a-message" label={t('ticket:message')}>
                  <textarea id="a-message" rows={3} value={draft.message} onChange={(e) => setDraft((d) => ({ ...d, message: e.target.value }))} />
                </Field>
              ) : null}
              <button type="submit" className="primary" data-testid="send-action">{t(tab === 'resolve' ? 'ticket.resolve' : tab === 'request' ? 'ticket.request' : 'ticket.send')}</button>
            </form>
          ) : null}

          <section className="card">
            <h2>{t('ticket:timeline')}</h2>
            <ol className="timeline" data-testid="timeline">
              {[...ticket.timeline].reverse().map((e) => (
                <li key={e.id} className={e.isPublic ? 'public' : 'internal'}>
                  <time dateTime={e.at}>{formatShort(e.at, lang)}</time> <strong data-event={e.type}>{t([`ticket:events.${e.type}`, 'ticket:events.other'])}</strong>
                  {eventDetail(e, t) ? <span className="event-detail"> {eventDetail(e, t)}</span> : null}
                  {e.data.authorName ? <span> — {String(e.data.authorName)}</span> : null}
                  {e.data.body ? <blockquote>{String(e.data.body)}</blockquote> : null}
                  {e.data.message ? <blockquote>{String(e.data.message)}</blockquote> : null}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </Layout>
  );
}
