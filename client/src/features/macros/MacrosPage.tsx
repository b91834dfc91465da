import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { macroExampleFacts, renderMacro } from '../../../../domain/macro';
import { macroOutcomes, macroStatuses, type MacroAssignment } from '../../../../domain/macro.schemas';
import { ApiError, call, type SessionUser } from '../../api';
import { AgentBar } from '../../components/AgentBar';
import { Field, Layout } from '../../components/Layout';
import { say, type Problem } from '../../errors';
import { addNamespaces } from '../../i18n';
import * as macros from '../../i18n/macros';
import * as queue from '../../i18n/queue';
import { useShops } from '../payments/use-shops';
import { createMacro, deleteMacro, macroProblem, updateMacro, useMacroList, type Macro, type MacroDraft } from './use-macros';

addNamespaces({ macros, queue });

type Lang = 'fr' | 'en';
const empty = (language: Lang): MacroDraft => ({ language, name: '', body: '', status: null, outcome: null, assignment: null });

/** `/macros`: managers list, write and delete each shop's macros, per language. */
export function MacrosPage() {
  const { t } = useTranslation();
  const { shops, problem: shopsProblem } = useShops();
  const [shop, setShop] = useState('');
  const [language, setLanguage] = useState<Lang>('fr');
  const [editing, setEditing] = useState<{ id: string | null; version: number; draft: MacroDraft } | null>(null);
  const [notice, setNotice] = useState<{ kind: 'info' | 'error'; problem: Problem } | null>(null);
  useEffect(() => {
    if (!shop && shops?.length) setShop((shops.find((s) => s.isDefault) ?? shops[0]).slug);
  }, [shops]);
  const { list, problem, reload } = useMacroList(shop ? { brand: shop, language } : null);

  const remove = async (m: Macro) => {
    if (!window.confirm(t('macros:confirmDelete', { name: m.name }))) return;
    try {
      await deleteMacro(m.id);
      setNotice({ kind: 'info', problem: { key: 'macros:deleted' } });
    } catch (err) {
      setNotice({ kind: 'error', problem: macroProblem(err) });
    }
    await reload();
  };

  return (
    <Layout wide actions={<AgentBar />}>
      <h1>{t('macros:title')}</h1>
      <p className="hint">{t('macros:intro', { example: '{{customer.name}}' })}</p>
      <div aria-live="polite">{notice?.kind === 'info' ? <p className="banner info" role="status">{say(t, notice.problem)}</p> : null}</div>
      {notice?.kind === 'error' ? <p className="banner error-banner" role="alert">{say(t, notice.problem)}</p> : null}
      {shopsProblem || problem ? <p className="banner error-banner" role="alert">{say(t, shopsProblem ?? problem ?? undefined)}</p> : null}
      <div className="filters">
        <Field id="m-shop" label={t('macros:shop')}>
          <select id="m-shop" value={shop} onChange={(e) => { setShop(e.target.value); setEditing(null); }}>
            {shops?.map((s) => <option key={s.slug} value={s.slug}>{s.name}</option>)}
          </select>
        </Field>
      </div>
      <nav className="tabs" aria-label={t('macros:language')}>
        {(['fr', 'en'] as const).map((l) => (
          <button key={l} type="button" aria-current={language === l ? 'page' : undefined} onClick={() => { setLanguage(l); setEditing(null); }}>
            {t(`macros:languages.${l}`)}
          </button>
        ))}
      </nav>
      <div className="macros-grid">
        <section aria-labelledby="macros-list-title">
          <h2 id="macros-list-title">{t('macros:title')}</h2>
          <button type="button" data-testid="macro-new" onClick={() => setEditing({ id: null, version: 0, draft: empty(language) })}>{t('macros:create')}</button>
          {list ? (
            list.macros.length ? (
              <ul className="macro-list" data-testid="macro-list">
                {list.macros.map((m) => (
                  <li key={m.id} data-macro={m.name}>
                    <strong>{m.name}</strong> {m.seedKey ? <span className="source-badge">{t('macros:seeded')}</span> : null}
                    <p className="hint macro-body">{m.body.slice(0, 160)}{m.body.length > 160 ? '…' : ''}</p>
                    <button type="button" onClick={() => setEditing({ id: m.id, version: m.version, draft: { language: m.language, name: m.name, body: m.body, status: m.status, outcome: m.outcome, assignment: m.assignment } })}>{t('macros:edit')}</button>{' '}
                    <button type="button" onClick={() => void remove(m)}>{t('macros:delete')}</button>
                  </li>
                ))}
              </ul>
            ) : <p className="empty">{t('macros:none')}</p>
          ) : <p aria-busy="true">…</p>}
        </section>
        {editing && list ? (
          <MacroEditor
            key={editing.id ?? 'new'}
            initial={editing.draft}
            variables={list.variables}
            onCancel={() => setEditing(null)}
            onStale={() => void reload()}
            onSave={async (draft) => {
              if (editing.id) await updateMacro(editing.id, editing.version, draft);
              else await createMacro(shop, draft);
              setEditing(null);
              setNotice({ kind: 'info', problem: { key: 'macros:saved' } });
              await reload();
            }}
          />
        ) : null}
      </div>
    </Layout>
  );
}

/** A macro's form: the text with the catalogue of variables beside it and a live preview of the text with example values. */
function MacroEditor({ initial, variables, onSave, onCancel, onStale }: { initial: MacroDraft; variables: Array<{ name: string; fr: { label: string; example: string }; en: { label: string; example: string } }>; onSave: (draft: MacroDraft) => Promise<void>; onCancel: () => void; onStale: () => void }) {
  const { t, i18n } = useTranslation();
  const ui = i18n.language as Lang;
  const [draft, setDraft] = useState<MacroDraft>(initial);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [users, setUsers] = useState<SessionUser[]>([]);
  const body = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    void call<{ items: SessionUser[] }>('GET', '/api/users').then((r) => setUsers(r.items), () => undefined);
  }, []);
  const language = (draft.language ?? 'fr') as Lang;
  const preview = renderMacro(draft.body ?? '', macroExampleFacts, language, 'Europe/Paris');
  const set = (patch: Partial<MacroDraft>) => setDraft((d) => ({ ...d, ...patch }));

  /** Puts `{{name}}` at the cursor, and the cursor after it. */
  const insert = (name: string) => {
    const el = body.current;
    const text = draft.body ?? '';
    const at = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    const token = `{{${name}}}`;
    set({ body: text.slice(0, at) + token + text.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };
  const assignment = draft.assignment as MacroAssignment | null | undefined;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      await onSave(draft);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'stale_write') {
        setProblem({ key: 'macros:stale' });
        onStale();
      } else setProblem(macroProblem(err));
    }
  };

  return (
    <form className="card macro-editor" onSubmit={(e) => void submit(e)} data-testid="macro-editor">
      <Field id="m-name" label={t('macros:name')}>
        <input id="m-name" required maxLength={120} value={draft.name} onChange={(e) => set({ name: e.target.value })} />
      </Field>
      <Field id="m-body" label={t('macros:body')} hint={t('macros:bodyHint')}>
        <textarea id="m-body" ref={body} rows={10} required value={draft.body} onChange={(e) => set({ body: e.target.value })} />
      </Field>
      <fieldset className="macro-catalogue">
        <legend>{t('macros:catalogue')}</legend>
        {variables.map((v) => (
          <button key={v.name} type="button" className="chip" title={v[ui].label} onClick={() => insert(v.name)}>
            <code>{`{{${v.name}}}`}</code> <span className="hint">{v[ui].label}</span>
          </button>
        ))}
      </fieldset>
      <Field id="m-status" label={t('macros:status')}>
        <select id="m-status" value={draft.status ?? ''} onChange={(e) => set({ status: (e.target.value || null) as MacroDraft['status'], ...(e.target.value ? { outcome: null } : {}) })}>
          <option value="">{t('macros:keep')}</option>
          {macroStatuses.map((s) => <option key={s} value={s}>{t(`macros:statuses.${s}`)}</option>)}
        </select>
      </Field>
      <Field id="m-outcome" label={t('macros:outcome')}>
        <select id="m-outcome" value={draft.outcome ?? ''} onChange={(e) => set({ outcome: e.target.value || null, ...(e.target.value ? { status: null } : {}) })}>
          <option value="">{t('macros:keep')}</option>
          {macroOutcomes.map((o) => <option key={o} value={o}>{t(`queue:outcomes.${o}`)}</option>)}
        </select>
      </Field>
      <Field id="m-assign" label={t('macros:assignment')}>
        <select
          id="m-assign"
          value={assignment?.to ?? ''}
          onChange={(e) => {
            const to = e.target.value;
            set({ assignment: to === 'me' || to === 'nobody' ? { to } : to === 'user' ? { to: 'user', userId: users[0]?.id ?? '' } : null });
          }}
        >
          <option value="">{t('macros:keep')}</option>
          {(['me', 'user', 'nobody'] as const).map((to) => <option key={to} value={to}>{t(`macros:assignTo.${to}`)}</option>)}
        </select>
      </Field>
      {assignment?.to === 'user' ? (
        <Field id="m-colleague" label={t('macros:colleague')}>
          <select id="m-colleague" value={assignment.userId} onChange={(e) => set({ assignment: { to: 'user', userId: e.target.value } })}>
            {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </Field>
      ) : null}
      <section aria-labelledby="m-preview-title" className="macro-preview">
        <h3 id="m-preview-title">{t('macros:preview')}</h3>
        {preview.unknown.length ? <p className="error" role="alert" data-testid="macro-unknown">{t('macros:unknown', { list: preview.unknown.map((n) => `{{${n}}}`).join(', ') })}</p> : null}
        <pre className="macro-preview-text" data-testid="macro-live-preview">{preview.text}</pre>
      </section>
      {problem ? <p className="error" role="alert">{say(t, problem)}</p> : null}
      <button type="submit" className="primary" data-testid="macro-save">{t('macros:save')}</button>{' '}
      <button type="button" onClick={onCancel}>{t('macros:cancel')}</button>
    </form>
  );
}
