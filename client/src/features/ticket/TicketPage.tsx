import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { priorities } from '../../../../domain/priorities';
import type { EvidenceItem } from '../../../../domain/evidence-checklist';
import { anomalyTypeLabels, evidenceLabels } from '../../../../domain/labels';
import { AgentBar, SlaBadge } from '../../components/AgentBar';
import type { AgentTicket } from '../../api';
import { Layout } from '../../components/Layout';
import { apiProblem, say, type Problem } from '../../errors';
import { cardName, formatBusinessMinutes, formatDateTime, formatDay, formatMoney, formatShort } from '../../format';
import { addNamespaces } from '../../i18n';
import * as queue from '../../i18n/queue';
import * as ticketStrings from '../../i18n/ticket';
import { useSession } from '../../session';
import { ActionsForm, type ActionRequest, type Prefill } from './ActionsForm';
import { CancellationPanel } from './CancellationPanel';
import { PaymentFactsForm } from './PaymentFactsForm';
import { PaymentPanel } from './PaymentPanel';
import { Timeline } from './Timeline';
import { MergePanel } from './MergePanel';
import { useTicket, type Activity } from './use-ticket';

addNamespaces({ queue, ticket: ticketStrings });

export function TicketPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const { user } = useSession();
  const [activity, setActivity] = useState<Activity>('viewing');
  const { ticket, users, viewers, notFound, load, send } = useTicket(id, activity);
  const [banner, setBanner] = useState<{ kind: 'error' | 'info'; problem: Problem } | null>(null);
  const [prefill, setPrefill] = useState<Prefill | null>(null);

  if (notFound) return <Layout wide actions={<AgentBar />}><p className="banner error-banner">404</p></Layout>;
  if (!ticket) return <Layout wide actions={<AgentBar />}><p aria-busy="true">…</p></Layout>;

  /** Runs an action, says how it went (a stale version is reported, the draft kept) and reads the ticket again. */
  const run = async ({ path, body, files, versioned = true, announce = true, onRefused }: ActionRequest): Promise<boolean> => {
    setBanner(null);
    try {
      await send(path, body, { versioned, files });
      if (announce) setBanner({ kind: 'info', problem: { key: 'ticket:done' } });
      return true;
    } catch (err) {
      if (!onRefused?.(err)) setBanner({ kind: 'error', problem: apiProblem(err) });
      return false;
    } finally {
      load();
    }
  };

  const others = viewers.filter((v) => v.userId !== user?.id);
  const open = !['resolved', 'closed'].includes(ticket.status);
  const missing = new Set(ticket.checklist.missing);
  /** The money watch put it back in the queue (the money was not back in time): the last reopening, when it is that one. */
  const lastOf = (type: string) => ticket.timeline.filter((e) => e.type === type).at(-1);
  const moneyNotBack = lastOf('reopened')?.data.reason === 'money_not_back' ? lastOf('money_not_back') : undefined;
  const when = (iso?: string | null) => (iso ? formatShort(iso, lang) : null);
  const cancellation = ticket.type === 'cancellation_request';
  const secondDebit = [when(ticket.secondDebitTime), ticket.secondDebitAmountCents != null ? formatMoney(ticket.secondDebitAmountCents, ticket.currency, lang) : null].filter(Boolean).join(' · ');
  /** Every fact the customer gave, and the ones this kind of case calls for even when not given yet. */
  const facts: Array<[key: string, value: string | null, shown: boolean]> = [
    ['orderNumber', ticket.orderNumber, true],
    ['orderTime', when(ticket.orderTime), cancellation || !!ticket.orderTime],
    [ticket.type === 'failed_payment' ? 'attemptTime' : 'paymentTime', when(ticket.paymentTime), !cancellation || !!ticket.paymentTime],
    ['amount', ticket.amountCents != null ? formatMoney(ticket.amountCents, ticket.currency, lang) : null, !cancellation || ticket.amountCents != null],
    ['card', ticket.cardType ? `${cardName(ticket.cardType)}${ticket.cardLast4 ? ` •••• ${ticket.cardLast4}` : ''}` : null, !cancellation || !!ticket.cardType],
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
      {ticket.source === 'chargeback' ? <p className="banner" data-testid="chargeback-source">{t('ticket:fromChargeback')}</p> : null}
      {ticket.disputeDueAt ? <p className="banner error-banner" data-testid="dispute-due">{t('ticket:disputeDue', { date: formatDateTime(ticket.disputeDueAt, lang) })}</p> : null}
      {open && moneyNotBack ? <p className="banner warn" data-testid="money-not-back">{t('ticket:moneyNotBack', { date: typeof moneyNotBack.data.expectedBy === 'string' ? formatDay(moneyNotBack.data.expectedBy, lang) : '—' })}</p> : null}
      {banner ? <p className={`banner ${banner.kind === 'error' ? 'error-banner' : 'info'}`} role={banner.kind === 'error' ? 'alert' : 'status'}>{say(t, banner.problem)}</p> : null}

      <div className="ticket-grid">
        <div className="ticket-main">
          <MergePanel ticketId={ticket.id} version={ticket.version} onMerged={load} />
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
          <CancellationPanel ticket={ticket} open={open} onPrefill={setPrefill} />
          <PaymentPanel
            ticket={ticket}
            open={open}
            canImport={user?.role === 'manager' || user?.role === 'admin'}
            onPrefill={setPrefill}
            onRefunded={(problem) => {
              setBanner({ kind: 'info', problem });
              load();
            }}
            onStale={load}
          />
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
              {/* The customer's proofs count for the checklist; what agents attached to replies does not. */}
              <FileGroup title={t('ticket:filesFromCustomer')} files={ticket.files.filter((f) => f.addedBy !== 'agent')} testId="customer-files" />
              <FileGroup title={t('ticket:filesFromAgents')} files={ticket.files.filter((f) => f.addedBy === 'agent')} testId="agent-files" />
            </section>
          ) : null}
        </div>

        <div className="ticket-side">
          <section className="card">
            <div className="assign">
              {!ticket.assigneeId ? <button type="button" onClick={() => void run({ path: 'claim', body: {} })}>{t('ticket:claim')}</button> : null}
              <label>
                {t('ticket:assignTo')}{' '}
                <select value={ticket.assigneeId ?? ''} onChange={(e) => void run({ path: 'assign', body: { assigneeId: e.target.value || null } })}>
                  <option value="">{t('ticket:nobody')}</option>
                  {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
                </select>
              </label>
              {ticket.status === 'resolved' ? <button type="button" onClick={() => void run({ path: 'reopen', body: {} })}>{t('ticket:reopen')}</button> : null}
              <label>
                {t('ticket:priority')}{' '}
                <select data-testid="ticket-priority" value={ticket.priority} disabled={!open} onChange={(e) => void run({ path: 'priority', body: { priority: e.target.value } })}>
                  {priorities.map((p) => <option key={p} value={p}>{t(`ticket:priorities.${p}`)}</option>)}
                </select>
              </label>
            </div>
            {ticket.slaPausedAt ? (
              <p className="banner info" data-testid="sla-paused">
                {t('ticket:paused', { date: formatShort(ticket.slaPausedAt, lang), left: formatBusinessMinutes(ticket.resolutionMinutesLeft ?? 0) })}
              </p>
            ) : null}
            <dl className="facts handling">
              <dt>{t('ticket:facts.createdAt')}</dt><dd>{formatShort(ticket.createdAt, lang)}</dd>
              {ticket.firstRespondedAt ? (<><dt>{t('ticket:facts.firstRespondedAt')}</dt><dd>{formatShort(ticket.firstRespondedAt, lang)}</dd></>) : null}
              {ticket.resolvedAt ? (<><dt>{t('ticket:facts.resolvedAt')}</dt><dd>{formatShort(ticket.resolvedAt, lang)}</dd></>) : null}
              {ticket.disputeDueAt ? (<><dt>{t('ticket:facts.disputeDueAt')}</dt><dd data-fact="disputeDueAt">{formatShort(ticket.disputeDueAt, lang)}</dd></>) : null}
              {ticket.moneyExpectedBy ? (<><dt>{t('ticket:facts.moneyExpectedBy')}</dt><dd data-fact="moneyExpectedBy">{formatDay(ticket.moneyExpectedBy, lang)}</dd></>) : null}
            </dl>
            {ticket.firstResponseBusinessMinutes != null ? <p className="hint">{t('ticket:first', { minutes: ticket.firstResponseBusinessMinutes })}</p> : null}
            {ticket.resolutionBusinessMinutes != null ? <p className="hint">{t('ticket:resolution', { minutes: ticket.resolutionBusinessMinutes })}</p> : null}
          </section>

          {open ? <ActionsForm ticket={ticket} run={run} onActivity={setActivity} prefill={prefill} /> : null}

          <Timeline events={ticket.timeline} files={ticket.files} />
        </div>
      </div>
    </Layout>
  );
}

type TicketFile = AgentTicket['files'][number];

/** A group of the ticket's files (the customer's proofs, or the agents' attachments), each previewed and linked. */
function FileGroup({ title, files, testId }: { title: string; files: readonly TicketFile[]; testId: string }) {
  if (!files.length) return null;
  return (
    <>
      <h3 className="files-group">{title}</h3>
      <ul className="files" data-testid={testId}>
        {files.map((f) => (
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
    </>
  );
}
