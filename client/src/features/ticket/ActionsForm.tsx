import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { outcomes, type Outcome } from '../../../../domain/agent-actions.schemas';
import type { EvidenceItem } from '../../../../domain/evidence-checklist';
import { evidenceLabels } from '../../../../domain/labels';
import { ApiError, type AgentTicket } from '../../api';
import { describedBy, Field } from '../../components/Layout';
import { ProofPicker } from '../../components/ProofPicker';
import { apiProblem, say, type Problem } from '../../errors';
import { parseAmountInput } from '../../format';
import type { Activity } from './use-ticket';
import { MacroPicker } from './MacroPicker';

type Tab = 'reply' | 'request' | 'note' | 'resolve';
const REQUESTABLE: EvidenceItem[] = ['orderNumber', 'paymentTime', 'amount', 'cardType', 'customerEmail', 'debited', 'refundDate', 'orderTime', 'proof'];
/** The API's refusals of a reply's files: said under the picker, the reply and its files kept. */
const FILE_REFUSALS = new Set<string>(['unsupported_file_type', 'file_too_large', 'too_many_files', 'unexpected_file', 'bad_upload']);

/** What an action asks of the API: its path, its body, and whether it goes against the version on screen. */
export interface ActionRequest {
  path: string;
  body: Record<string, unknown>;
  /** A reply's attachments: with any, the action goes as a form. */
  files?: readonly File[];
  versioned?: boolean;
  /** Said when it succeeded (a note is not: it shows in the timeline). */
  announce?: boolean;
  /** Says a refusal in the form itself (true) instead of the page's banner. */
  onRefused?: (err: unknown) => boolean;
}

/** What the payment panel (or the cancellation's standing) puts into a form: a new object each time, so the same suggestion can be put in again. */
export type Prefill = { tab: 'reply'; body: string } | { tab: 'request'; items: EvidenceItem[] } | { tab: 'resolve'; outcome: Outcome; refundAmount?: string; refundedAt?: string };

/**
 * The agent's actions on an open ticket, one tab each: reply, request information (the
 * missing items preselected), internal note, resolve with an outcome. Drafts are kept when an
 * action is refused; the request and resolve tabs share one message draft. A `prefill` (from the
 * payment panel) opens its tab with the suggestion in it, and never throws away what the agent
 * had typed: a suggested reply goes after it. A reply may carry attachments, checked in the
 * browser as the customer's proofs are (count, size, PNG/JPEG/PDF by their bytes).
 */
export function ActionsForm({ ticket, run, onActivity, prefill }: { ticket: AgentTicket; run: (action: ActionRequest) => Promise<boolean>; onActivity: (activity: Activity) => void; prefill?: Prefill | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const [tab, setTab] = useState<Tab>('reply');
  const [draft, setDraft] = useState({ reply: '', note: '', message: '', refund: '', refundedAt: '', duplicateOf: '' });
  const [items, setItems] = useState<EvidenceItem[]>(ticket.checklist.missing as EvidenceItem[]);
  const [outcome, setOutcome] = useState<string>('');
  /** A macro picked in the reply tab: it sends the reply box itself (MacroPicker). */
  const [macroId, setMacroId] = useState<string | null>(null);
  const [attachments, setAttachments] = useState<File[]>([]);
  const [attachProblem, setAttachProblem] = useState<Problem | undefined>();
  /** An action on its way (a reply's files can take a while): a second press does not send it again. */
  const sending = useRef(false);
  const missing = ticket.checklist.missing.join();
  // The checklist's gaps stay preselected until the agent picks items of their own.
  useEffect(() => setItems((current) => (current.length ? current : (ticket.checklist.missing as EvidenceItem[]))), [missing]);
  const activity: Activity = draft.reply || draft.message || attachments.length ? 'replying' : 'viewing';
  useEffect(() => onActivity(activity), [activity]);

  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!prefill) return;
    setTab(prefill.tab);
    if (prefill.tab === 'reply') {
      const { body } = prefill;
      setDraft((d) => ({ ...d, reply: !d.reply.trim() ? body : d.reply.includes(body) ? d.reply : `${d.reply.trimEnd()}\n\n${body}` }));
      focusNext.current = 'a-reply';
    } else if (prefill.tab === 'request') {
      setItems(prefill.items);
      focusNext.current = 'a-message';
    } else {
      setOutcome(prefill.outcome);
      setDraft((d) => ({ ...d, refund: prefill.refundAmount ?? d.refund, refundedAt: prefill.refundedAt ?? d.refundedAt }));
      focusNext.current = 'a-outcome';
    }
  }, [prefill]);
  // Where the typing goes once the prefilled tab is on screen.
  useEffect(() => {
    const target = focusNext.current && document.getElementById(focusNext.current);
    if (!target) return; // not rendered yet: the tab opens on the next render
    target.focus();
    focusNext.current = null;
  });

  const clear = (field: keyof typeof draft) => setDraft((d) => ({ ...d, [field]: '' }));
  const fileRefused = (err: unknown) => {
    if (!(err instanceof ApiError) || !FILE_REFUSALS.has(err.code)) return false;
    setAttachProblem(apiProblem(err));
    document.getElementById('a-attachments')?.focus();
    return true;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (sending.current) return;
    sending.current = true;
    try {
      await act();
    } finally {
      sending.current = false;
    }
  };
  const act = async () => {
    const message = draft.message ? { message: draft.message } : {};
    if (tab === 'reply' && (await run({ path: 'replies', body: { body: draft.reply }, files: attachments, onRefused: fileRefused }))) {
      clear('reply');
      setAttachments([]);
      setAttachProblem(undefined);
    }
    if (tab === 'request' && (await run({ path: 'information-requests', body: { items, ...message } }))) clear('message');
    if (tab === 'note' && (await run({ path: 'notes', body: { body: draft.note }, versioned: false, announce: false }))) clear('note');
    if (tab === 'resolve') {
      const extra =
        outcome === 'refunded'
          ? { refundAmountCents: parseAmountInput(draft.refund) ?? Number.NaN, ...(draft.refundedAt ? { refundedAt: new Date(draft.refundedAt).toISOString() } : {}) }
          : outcome === 'duplicate_of'
            ? { duplicateOfReference: draft.duplicateOf.trim() }
            : {};
      await run({ path: 'resolve', body: { outcome, ...extra, ...message } });
    }
  };

  return (
    <form className="card actions" onSubmit={(e) => void submit(e)}>
      <div className="tabs" role="tablist">
        {(['reply', 'request', 'note', 'resolve'] as Tab[]).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} onClick={() => setTab(k)}>{t(`ticket:${k}`)}</button>
        ))}
      </div>
      {tab === 'reply' ? (
        <MacroPicker ticket={ticket} text={draft.reply} setText={(reply) => setDraft((d) => ({ ...d, reply }))} onActive={setMacroId} onSent={() => clear('reply')}>
        <Field id="a-reply" label={t('ticket:reply')}>
          <textarea id="a-reply" rows={5} required value={draft.reply} onChange={(e) => setDraft((d) => ({ ...d, reply: e.target.value }))} />
        </Field>
        </MacroPicker>
      ) : null}
      {tab === 'reply' && !macroId ? (
        <Field id="a-attachments" label={t('ticket:attach')} hint={t('ticket:attachHint')} error={say(t, attachProblem)}>
          <ProofPicker
            id="a-attachments"
            files={attachments}
            describedBy={describedBy('a-attachments', true, attachProblem)}
            onChange={(next, problem) => {
              setAttachments(next);
              setAttachProblem(problem);
            }}
          />
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
          {REQUESTABLE.map((item) => (
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
          {outcome === 'refunded' ? (
            <Field id="a-refunded-at" label={t('ticket:refundedAt')}>
              <input id="a-refunded-at" type="datetime-local" value={draft.refundedAt} onChange={(e) => setDraft((d) => ({ ...d, refundedAt: e.target.value }))} />
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
      {tab === 'reply' && macroId ? null : <button type="submit" className="primary" data-testid="send-action">{t(tab === 'resolve' ? 'ticket:resolve' : tab === 'request' ? 'ticket:request' : 'ticket:send')}</button>}
    </form>
  );
}
