import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AgentTicket, TimelineEntry } from '../../api';
import type { EvidenceItem } from '../../../../domain/evidence-checklist';
import { anomalyTypeLabels, evidenceLabels } from '../../../../domain/labels';
import { MAX_PROOF_BYTES, MAX_PROOF_FILES } from '../../../../domain/proof-files';
import { formatBusinessMinutes, formatDay, formatMoney, formatShort } from '../../format';
import { MergedFromMark, mergeEventDetail } from './merge-timeline';

type TicketFile = AgentTicket['files'][number];

/**
 * Another ticket, named by its reference, opened on the agent's ticket page (main.tsx's route).
 * Its tag in the strings is `<ticketLink>`: Trans parses as HTML, where `<link>` is an empty element.
 */
const TicketLink = ({ ticketId, children }: { ticketId: string; children?: ReactNode }) => <Link to={`/agent/tickets/${encodeURIComponent(ticketId)}`}>{children}</Link>;

/** A ticket an event points to (`{ ticketId, reference }`), when the event carries both. */
function ticketRef(value: unknown): { ticketId: string; reference: string } | null {
  if (!value || typeof value !== 'object') return null;
  const { ticketId, reference } = value as Record<string, unknown>;
  return typeof ticketId === 'string' && typeof reference === 'string' ? { ticketId, reference } : null;
}

/** The event's name; a follow-up says which new ticket it opened, as a link. */
function eventLabel(e: TimelineEntry, t: TFunction): ReactNode {
  const next = e.type === 'follow_up_opened' ? ticketRef(e.data) : null;
  if (next) return <Trans t={t} i18nKey="ticket:eventDetails.followUpOpened" values={{ reference: next.reference }} components={{ ticketLink: <TicketLink ticketId={next.ticketId} /> }} />;
  return t([`ticket:events.${e.type}`, 'ticket:events.other']);
}

/** The line under an event's name: who, what changed, which target. */
function eventDetail(e: TimelineEntry, t: TFunction, lang: string): ReactNode {
  const d = e.data ?? {};
  switch (e.type) {
    case 'created': {
      if (d.source !== 'email') return null;
      const previous = ticketRef(d.followUpOf);
      // A type read from the words, or the default one: the agent is told it was a guess.
      const type = anomalyTypeLabels[lang as 'fr' | 'en'][d.type as keyof (typeof anomalyTypeLabels)['fr']] ?? String(d.type ?? '');
      const guess = d.typeGuessed === 'words' || d.typeGuessed === 'default' ? t(d.typeGuessed === 'words' ? 'ticket:eventDetails.typeGuessedWords' : 'ticket:eventDetails.typeGuessedDefault', { type }) : null;
      return (
        <>
          {previous ? (
            <Trans t={t} i18nKey="ticket:eventDetails.createdFromEmailFollowUp" values={{ reference: previous.reference }} components={{ ticketLink: <TicketLink ticketId={previous.ticketId} /> }} />
          ) : (
            t('ticket:eventDetails.createdFromEmail')
          )}
          {guess ? ` ${guess}` : null}
        </>
      );
    }
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
    case 'payment_checked':
      return d.verdict ? t([`ticket:verdicts.${d.verdict}`, 'ticket:events.other']) : null;
    case 'refund_issued': {
      if (typeof d.amountCents !== 'number') return null;
      const amount = formatMoney(d.amountCents, String(d.currency ?? 'EUR'), lang);
      return d.provider === 'manual' ? t('ticket:eventDetails.refundManual', { amount, reference: d.arn ?? '—' }) : t('ticket:eventDetails.refund', { amount });
    }
    case 'money_traced': {
      const amount = typeof d.amountCents === 'number' ? formatMoney(d.amountCents, String(d.currency ?? 'EUR'), lang) : '—';
      const date = typeof d.refundedAt === 'string' ? formatDay(d.refundedAt, lang) : '—';
      return t(d.arn ? 'ticket:eventDetails.moneyTraced' : 'ticket:eventDetails.moneyTracedNoArn', { amount, date, arn: d.arn });
    }
    case 'money_not_back':
      return t('ticket:eventDetails.moneyNotBack', {
        date: typeof d.expectedBy === 'string' ? formatDay(d.expectedBy, lang) : '—',
        verdict: t([`ticket:verdicts.${d.verdict}`, 'ticket:events.other']),
      });
    case 'reopened':
      if (d.reason === 'money_not_back') return t('ticket:eventDetails.reopenedMoneyNotBack');
      if (d.reason === 'customer_email') return t('ticket:eventDetails.reopenedByEmail');
      return e.actor === 'system' ? t('ticket:eventDetails.bySystem') : null;
    case 'email_sent':
      return d.subject ? String(d.subject) : null;
    case 'sla_paused':
      return typeof d.minutesLeft === 'number' ? t('ticket:eventDetails.slaPaused', { left: formatBusinessMinutes(d.minutesLeft) }) : null;
    case 'sla_resumed':
      return typeof d.minutesLeft === 'number' && typeof d.dueAt === 'string'
        ? t('ticket:eventDetails.slaResumed', { left: formatBusinessMinutes(d.minutesLeft), date: formatShort(d.dueAt, lang) })
        : null;
    case 'priority_changed':
      return d.from && d.to ? t(d.by === 'rule' ? 'ticket:eventDetails.priorityByRule' : 'ticket:eventDetails.priorityFromTo', { from: d.from, to: d.to }) : null;
    default:
      return mergeEventDetail(e, t);
  }
}

/** What a `customer_message` event holds (core/inbound-import.ts), read defensively: fields absent from older events are empty. */
interface CustomerMessage {
  from: string | null;
  subject: string;
  text: string;
  original: string;
  files: Array<{ id: string; name: string }>;
  /** Names only: the files an older import judged acceptable without keeping them. */
  keptNames: string[];
  refused: Array<{ name: string | null; reason: string }>;
  missingEvidence: string[] | null;
  /** The ticket's facts the import read out of the text (an order number). */
  fields: string[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** An event's `files` (`[{ id, name }]`: a customer's e-mail, an agent's reply), read defensively. */
const fileRefs = (v: unknown) => list(v).filter((f): f is { id: string; name: string } => !!f && typeof (f as { id?: unknown }).id === 'string').map((f) => ({ id: f.id, name: str(f.name) }));

/** Files an event names, each as the ticket's own file link when the ticket still lists it. */
function FileLinks({ refs, files, className }: { refs: ReadonlyArray<{ id: string; name: string }>; files: readonly TicketFile[]; className: string }) {
  return (
    <ul className={className}>
      {refs.map((f) => {
        const url = files.find((x) => x.id === f.id)?.url;
        return <li key={f.id}>{url ? <a href={url} target="_blank" rel="noreferrer">{f.name}</a> : f.name}</li>;
      })}
    </ul>
  );
}

/** The attachments an agent sent with a reply (sent with the e-mail too). */
function ReplyFiles({ data, files }: { data: Record<string, unknown>; files: readonly TicketFile[] }) {
  const { t } = useTranslation();
  const refs = fileRefs(data.files);
  if (!refs.length) return null;
  return (
    <div className="reply-files" data-testid="reply-files">
      <p className="email-list-title">{t('ticket:replyFiles')}</p>
      <FileLinks refs={refs} files={files} className="email-files" />
    </div>
  );
}

function customerMessage(d: Record<string, unknown>): CustomerMessage {
  const attachments = (d.attachments && typeof d.attachments === 'object' ? d.attachments : {}) as Record<string, unknown>;
  const files = fileRefs(d.files);
  return {
    from: typeof d.from === 'string' ? d.from : null,
    subject: str(d.subject),
    text: str(d.text),
    original: str(d.original),
    files,
    keptNames: files.length ? [] : list(attachments.kept).filter((n): n is string => typeof n === 'string'),
    refused: list(d.refused ?? attachments.refused).map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>) : {})).map((r) => ({ name: typeof r.name === 'string' && r.name ? r.name : null, reason: str(r.reason) })),
    missingEvidence: Array.isArray(d.missingEvidence) ? d.missingEvidence.filter((m): m is string => typeof m === 'string') : null,
    fields: list(d.fields).filter((f): f is string => typeof f === 'string'),
  };
}

/**
 * A customer's e-mail: what they wrote this time (quotes and signature cut), the whole
 * message behind a toggle, the attachments kept as evidence (the ticket's own file links)
 * and the ones refused, with why, and what the checklist still lacks after it.
 */
function CustomerEmail({ data, files }: { data: Record<string, unknown>; files: readonly TicketFile[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const m = customerMessage(data);
  const reason = (r: string) => t([`ticket:email.reasons.${r}`, 'ticket:events.other'], { mb: Math.round(MAX_PROOF_BYTES / (1024 * 1024)), max: MAX_PROOF_FILES });
  return (
    <div className="customer-email" data-testid="customer-email">
      <p className="email-head">
        <span className="email-subject">{t('ticket:email.subject', { subject: m.subject || t('ticket:email.noSubject') })}</span>
        {m.from ? <span className="email-from"> · {t('ticket:email.from', { from: m.from })}</span> : null}
      </p>
      {m.text.trim() ? <blockquote data-testid="email-text">{m.text}</blockquote> : <p className="hint">{t('ticket:email.empty')}</p>}
      {m.original && m.original !== m.text ? (
        <details className="email-original">
          <summary>{t('ticket:email.full')}</summary>
          <pre data-testid="email-original" tabIndex={0}>{m.original}</pre>
        </details>
      ) : null}
      {m.files.length || m.keptNames.length ? (
        <>
          <p className="email-list-title">{t('ticket:email.kept')}</p>
          {m.files.length ? <FileLinks refs={m.files} files={files} className="email-files" /> : null}
          {m.keptNames.length ? <ul className="email-files">{m.keptNames.map((name, i) => <li key={`kept-${i}`}>{name}</li>)}</ul> : null}
        </>
      ) : null}
      {m.refused.length ? (
        <>
          <p className="email-list-title">{t('ticket:email.refused')}</p>
          <ul className="email-refused" data-testid="email-refused">
            {m.refused.map((r, i) => (
              <li key={i}>
                {r.name ?? t('ticket:email.unnamed')} — {reason(r.reason)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {m.fields.length ? <p className="hint">{t('ticket:email.fieldsTaken', { fields: m.fields.map((f) => t([`ticket:facts.${f}`, 'ticket:events.other'])).join(', ') })}</p> : null}
      {m.missingEvidence?.length ? (
        <>
          <p className="email-list-title">{t('ticket:email.stillMissing')}</p>
          <ul className="email-missing" data-testid="email-missing">
            {m.missingEvidence.map((i) => <li key={i}>{evidenceLabels[lang][i as EvidenceItem] ?? i}</li>)}
          </ul>
        </>
      ) : m.missingEvidence ? (
        <p className="hint">{t('ticket:email.nothingMissing')}</p>
      ) : null}
    </div>
  );
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * A mail of ours the customer's server sent back: a warning, since their address may be wrong.
 * `reason` is how the import recognised a bounce (its sender, its report type); the server's
 * own words (`diagnostic`, `recipient`), when the event carries them, say why it failed.
 */
function MailBounced({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const [diagnostic, recipient, reason] = [text(data.diagnostic), text(data.recipient), text(data.reason)];
  return (
    <div className="banner warn mail-bounced" data-testid="mail-bounced">
      <p>
        <span aria-hidden="true">⚠ </span>
        {diagnostic ? t('ticket:email.bounceDiagnostic', { diagnostic }) : t('ticket:email.bounceNoReason')}
      </p>
      {recipient ? <p>{t('ticket:email.bounceRecipient', { recipient })}</p> : null}
      <p>{t('ticket:email.bounceHint')}</p>
      {reason ? <p className="bounce-detected">{t('ticket:email.bounceDetectedBy', { reason })}</p> : null}
    </div>
  );
}

/** The ticket's whole timeline, newest first: public lines and internal ones told apart. */
export function Timeline({ events, files = [] }: { events: TimelineEntry[]; files?: readonly TicketFile[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  return (
  <section className="card">
    <h2>{t('ticket:timeline')}</h2>
    <ol className="timeline" data-testid="timeline">
      {[...events].reverse().map((e) => {
        const detail = eventDetail(e, t, lang);
        return (
          <li key={e.id} className={`${e.isPublic ? 'public' : 'internal'}${e.type === 'mail_bounced' ? ' warning' : ''}`}>
            <time dateTime={e.at}>{formatShort(e.at, lang)}</time> <strong data-event={e.type}>{eventLabel(e, t)}</strong>
            {detail ? <span className="event-detail"> {detail}</span> : null}
            <MergedFromMark data={e.data} t={t} />
            {e.data.authorName ? <span> — {String(e.data.authorName)}</span> : null}
            {isMacro(e.data.macro) ? <span className="event-macro"> ({t('ticket:byMacro', { name: e.data.macro.name })})</span> : null}
            {e.data.body ? <blockquote>{String(e.data.body)}</blockquote> : null}
            {e.data.message ? <blockquote>{String(e.data.message)}</blockquote> : null}
            {e.type === 'reply' ? <ReplyFiles data={e.data} files={files} /> : null}
            {e.type === 'customer_message' ? <CustomerEmail data={e.data} files={files} /> : null}
            {e.type === 'mail_bounced' ? <MailBounced data={e.data} /> : null}
          </li>
        );
      })}
    </ol>
  </section>
  );
}

/** A reply a macro wrote names it. */
const isMacro = (v: unknown): v is { name: string } => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string';
