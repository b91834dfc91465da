import { DisconnectControl } from '../../components/DisconnectControl';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { describedBy, Field } from '../../components/Layout';
import { apiProblem, fieldProblem, say, type FieldIssue, type Problem } from '../../errors';
import { formatDateTime } from '../../format';
import { closedReplyPolicies, mailboxSchema, type ClosedReplyPolicy, type MailboxInput } from '../../../../domain/mailbox.schemas';
import type { BrandChoice } from '../payments/use-shops';
import type { MailboxView } from './use-mailboxes';

/** The form as typed: text fields as strings (the port too), parsed by the shared schema on sending. */
interface Draft {
  host: string;
  port: string;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
  doneFolder: string;
  closedReplies: ClosedReplyPolicy;
  plusAddressing: boolean;
}
type Fields = keyof Draft;
type FormProblems = Partial<Record<Fields | 'form', Problem>>;

const FIELDS: readonly Fields[] = ['host', 'port', 'secure', 'username', 'password', 'folder', 'doneFolder', 'closedReplies', 'plusAddressing'];
/** The ports of IMAP with TLS from the first byte, and of IMAP with STARTTLS. */
const TLS_PORT = '993';
const STARTTLS_PORT = '143';

/** What the form starts from: the saved settings (never the password), or the schema's defaults. */
function draftOf(mailbox: MailboxView | null): Draft {
  if (mailbox?.configured) {
    return { host: mailbox.host, port: String(mailbox.port), secure: mailbox.secure, username: mailbox.username, password: '', folder: mailbox.folder, doneFolder: mailbox.doneFolder ?? '', closedReplies: mailbox.closedReplies, plusAddressing: mailbox.plusAddressing };
  }
  // The defaults are the schema's own (993, TLS, INBOX, a new ticket…): parsed from the fewest fields it needs.
  const d = mailboxSchema.parse({ host: 'x', username: 'x', password: 'x' });
  return { host: '', port: String(d.port), secure: d.secure, username: '', password: '', folder: d.folder, doneFolder: '', closedReplies: d.closedReplies, plusAddressing: d.plusAddressing };
}

/** A field's error: this screen's words for the field and issue when it has them, else the shared ones. */
function mailboxProblem(issue: FieldIssue): Problem {
  const base = fieldProblem(issue);
  return { key: [`mailboxes:errors.${issue.field}.${issue.code}`, `mailboxes:errors.${issue.field}.any`, ...[base.key].flat()], values: base.values };
}

/** Problems by field from issues (the client's own, or the API's `validation_failed` details); the first of a field wins. */
function fieldProblems(issues: ReadonlyArray<Record<string, unknown>>, fieldOf: (issue: Record<string, unknown>) => string): FormProblems {
  const out: FormProblems = {};
  for (const issue of issues) {
    const field = fieldOf(issue) as Fields;
    if (!FIELDS.includes(field)) continue;
    out[field] ??= mailboxProblem({ ...issue, field, code: String(issue.code) } as FieldIssue);
  }
  return out;
}

/** A refusal under the fields it names, else in the card's banner. */
function refusalProblems(err: unknown): FormProblems {
  if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
    const out = fieldProblems(err.details as Array<Record<string, unknown>>, (d) => String(d.field ?? ''));
    if (Object.keys(out).length) return out;
  }
  return { form: apiProblem(err) };
}

interface Props {
  shop: BrandChoice;
  /** null while it is read (or when it could not be: then `problem`). */
  mailbox: MailboxView | null;
  problem: Problem | null;
  onSave: (input: MailboxInput) => Promise<MailboxView>;
  onDisconnect: () => Promise<MailboxView>;
}

/**
 * One shop's support mailbox: whether Guichet reads it (which account, where it got to, when
 * it was last changed), the form that sets it — prefilled with the saved settings but never
 * the password, which every save needs again and which leaves the page once saved — and
 * disconnecting, confirmed first.
 */
export function MailboxCard({ shop, mailbox, problem, onSave, onDisconnect }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [draft, setDraft] = useState<Draft>(() => draftOf(mailbox));
  const [problems, setProblems] = useState<FormProblems>({});
  const [busy, setBusy] = useState<'saving' | 'disconnecting' | null>(null);
  const [said, setSaid] = useState<Problem | null>(null);
  const inFlight = useRef(false);
  const id = (name: string) => `mb-${shop.slug}-${name}`;

  // The settings arrive after the card is drawn: the form takes them once, before anything is typed.
  const loaded = useRef(mailbox !== null);
  useEffect(() => {
    if (loaded.current || mailbox === null) return;
    loaded.current = true;
    setDraft(draftOf(mailbox));
  }, [mailbox]);


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
    const port = draft.port.trim();
    const parsed = mailboxSchema.safeParse({ ...draft, port: /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN, doneFolder: draft.doneFolder.trim() || null });
    if (!parsed.success) {
      const found = fieldProblems(parsed.error.issues as unknown as Array<Record<string, unknown>>, (issue) => String((issue.path as PropertyKey[])[0] ?? ''));
      setProblems(found);
      const first = FIELDS.find((f) => found[f]);
      return first ? document.getElementById(id(first))?.focus() : undefined;
    }
    setProblems({});
    void run('saving', async () => {
      try {
        const view = await onSave(parsed.data);
        setDraft(draftOf(view));
        setSaid({ key: 'mailboxes:saved', values: { shop: shop.name } });
      } catch (err) {
        const found = refusalProblems(err);
        setProblems(found);
        const first = FIELDS.find((f) => found[f]);
        if (first) document.getElementById(id(first))?.focus();
      }
    });
  };

  /** True once disconnected (the confirmation then closes). */
  const disconnect = async () => {
    let done = false;
    await run('disconnecting', async () => {
      try {
        const view = await onDisconnect();
        done = true;
        setProblems({});
        setDraft(draftOf(view));
        setSaid({ key: 'mailboxes:disconnected', values: { shop: shop.name } });
      } catch (err) {
        setProblems({ form: apiProblem(err) });
      }
    });
    return done;
  };

  /** TLS ticked or not: the port follows when it was the other mode's usual one. */
  const setSecure = (secure: boolean) =>
    setDraft((d) => ({ ...d, secure, port: secure && d.port.trim() === STARTTLS_PORT ? TLS_PORT : !secure && d.port.trim() === TLS_PORT ? STARTTLS_PORT : d.port }));

  const text = (name: 'host' | 'port' | 'username' | 'password' | 'folder' | 'doneFolder', extra: Record<string, unknown> = {}) => ({
    id: id(name),
    value: draft[name],
    spellCheck: false,
    autoCapitalize: 'off',
    'aria-invalid': problems[name] ? true : undefined,
    'aria-describedby': describedBy(id(name), true, problems[name]),
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
    ...extra,
  });
  const titleId = id('title');
  // One live region per shop, under the form: what was saved or disconnected.
  const status = <p className="status-line" role="status" aria-live="polite">{say(t, said ?? undefined) ?? ''}</p>;
  const configured = mailbox?.configured ?? false;

  return (
    <section className="card mailbox-connection" aria-labelledby={titleId} data-shop={shop.slug} aria-busy={busy ? true : undefined}>
      <div className="connection-head">
        <h2 id={titleId} tabIndex={-1}>{shop.name}</h2>
        {mailbox ? (
          <span className={`pill ${configured ? 'state-active' : 'state-disabled'}`} data-testid="mailbox-state" data-configured={configured}>
            {t(configured ? 'mailboxes:state.connected' : 'mailboxes:state.notConnected')}
          </span>
        ) : null}
      </div>
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
      {!mailbox && !problem ? <p aria-busy="true">{t('common:loading')}</p> : null}

      {mailbox ? (
        <>
          {mailbox.configured ? (
            <>
              <p data-testid="mailbox-detail">{t('mailboxes:connectedDetail', { username: mailbox.username, host: mailbox.host, port: mailbox.port, folder: mailbox.folder })}</p>
              <dl className="facts" data-testid="mailbox-facts">
                <dt>{t('mailboxes:lastUid')}</dt>
                <dd data-fact="lastUid">{mailbox.lastUid > 0 ? t('mailboxes:lastUidValue', { uid: mailbox.lastUid }) : t('mailboxes:lastUidNone')}</dd>
                <dt>{t('mailboxes:updatedAt')}</dt>
                <dd data-fact="updatedAt">{formatDateTime(mailbox.updatedAt, lang)}</dd>
                <dt>{t('mailboxes:lastFetch')}</dt>
                <dd data-fact="lastFetch">
                  {mailbox.lastFetchedAt === null
                    ? t('mailboxes:lastFetchNever')
                    : t(mailbox.lastError ? 'mailboxes:lastFetchFailed' : 'mailboxes:lastFetchOk', { when: formatDateTime(mailbox.lastFetchedAt, lang) })}
                </dd>
              </dl>
              {mailbox.lastError ? (
                <p className="banner error-banner" role="alert" data-testid="mailbox-last-error">
                  {t('mailboxes:lastError', { error: mailbox.lastError })}
                </p>
              ) : null}
            </>
          ) : (
            <p data-testid="mailbox-detail">{t('mailboxes:notConnectedDetail')}</p>
          )}

          <form className="connection-form" onSubmit={submit} noValidate aria-labelledby={id('form-title')}>
            <h3 id={id('form-title')}>{t(configured ? 'mailboxes:formTitleReplace' : 'mailboxes:formTitle')}</h3>
            {configured ? <p className="hint">{t('mailboxes:formHint')}</p> : null}
            {problems.form ? <p className="banner error-banner" role="alert">{say(t, problems.form)}</p> : null}

            <fieldset>
              <legend>{t('mailboxes:server')}</legend>
              <Field id={id('host')} label={t('mailboxes:host')} hint={t('mailboxes:hostHint')} error={say(t, problems.host)} required>
                <input {...text('host', { autoComplete: 'off', inputMode: 'url' })} />
              </Field>
              <div className="port-tls">
                <Field id={id('port')} label={t('mailboxes:port')} hint={t('mailboxes:portHint')} error={say(t, problems.port)} required>
                  <input {...text('port', { inputMode: 'numeric', autoComplete: 'off' })} />
                </Field>
                <div className="field">
                  <label className="choice" htmlFor={id('secure')}>
                    <input type="checkbox" id={id('secure')} checked={draft.secure} aria-describedby={`${id('secure')}-hint`} onChange={(e) => setSecure(e.target.checked)} /> {t('mailboxes:secure')}
                  </label>
                  <p className="hint" id={`${id('secure')}-hint`}>{t('mailboxes:secureHint')}</p>
                </div>
              </div>
            </fieldset>

            <fieldset>
              <legend>{t('mailboxes:account')}</legend>
              <Field id={id('username')} label={t('mailboxes:username')} hint={t('mailboxes:usernameHint')} error={say(t, problems.username)} required>
                <input {...text('username', { autoComplete: 'off' })} />
              </Field>
              <Field id={id('password')} label={t('mailboxes:password')} hint={t('mailboxes:passwordHint')} error={say(t, problems.password)} required>
                <input {...text('password', { type: 'password', autoComplete: 'new-password' })} />
              </Field>
            </fieldset>

            <fieldset>
              <legend>{t('mailboxes:folders')}</legend>
              <Field id={id('folder')} label={t('mailboxes:folder')} hint={t('mailboxes:folderHint')} error={say(t, problems.folder)} required>
                <input {...text('folder', { autoComplete: 'off' })} />
              </Field>
              <Field id={id('doneFolder')} label={t('mailboxes:doneFolder')} hint={t('mailboxes:doneFolderHint')} error={say(t, problems.doneFolder)}>
                <input {...text('doneFolder', { autoComplete: 'off' })} />
              </Field>
            </fieldset>

            <fieldset id={id('closedReplies')} tabIndex={-1} aria-describedby={`${id('closedReplies')}-hint`}>
              <legend>{t('mailboxes:closedReplies')}</legend>
              <p className="hint" id={`${id('closedReplies')}-hint`}>{t('mailboxes:closedRepliesHint')}</p>
              {closedReplyPolicies.map((policy) => (
                <label key={policy} className="choice" htmlFor={id(`closed-${policy}`)}>
                  <input type="radio" id={id(`closed-${policy}`)} name={id('closedReplies')} value={policy} checked={draft.closedReplies === policy} onChange={() => setDraft((d) => ({ ...d, closedReplies: policy }))} />
                  <span>
                    {t(`mailboxes:closedReply.${policy}`)}
                    <br />
                    <small className="hint">{t(`mailboxes:closedReply.${policy}Hint`)}</small>
                  </span>
                </label>
              ))}
              {problems.closedReplies ? <p className="error" role="alert">{say(t, problems.closedReplies)}</p> : null}
            </fieldset>

            <div className="field">
              <label className="choice" htmlFor={id('plusAddressing')}>
                <input type="checkbox" id={id('plusAddressing')} checked={draft.plusAddressing} aria-describedby={`${id('plusAddressing')}-hint`} onChange={(e) => setDraft((d) => ({ ...d, plusAddressing: e.target.checked }))} /> {t('mailboxes:plusAddressing')}
              </label>
              <p className="hint" id={`${id('plusAddressing')}-hint`}>{t('mailboxes:plusAddressingHint')}</p>
            </div>

            <button type="submit" className="primary" disabled={busy !== null}>
              {busy === 'saving' ? t('mailboxes:saving') : t(configured ? 'mailboxes:saveReplace' : 'mailboxes:save')}
            </button>
          </form>
          {status}

          {configured ? (
            <DisconnectControl
              labels={{ disconnect: t('mailboxes:disconnect'), confirm: t('mailboxes:confirmDisconnect', { shop: shop.name }), doIt: t('mailboxes:doDisconnect'), doing: t('mailboxes:disconnecting'), cancel: t('mailboxes:cancel') }}
              busy={busy !== null}
              disconnecting={busy === 'disconnecting'}
              headingId={titleId}
              onConfirm={disconnect}
            />
          ) : null}
        </>
      ) : null}
      {mailbox ? null : status}
    </section>
  );
}
