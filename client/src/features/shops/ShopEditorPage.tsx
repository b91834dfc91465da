import Holidays from 'date-holidays';
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { brandNameSchema } from '../../../../domain/brand-admin.schemas';
import { brandPolicySchema } from '../../../../domain/brand-policy';
import { anomalyTypeLabels } from '../../../../domain/labels';
import { anomalyTypes, cardTypes, languages, type AnomalyType } from '../../../../domain/ticket.schemas';
import { ApiError } from '../../api';
import { AgentBar } from '../../components/AgentBar';
import { describedBy, Field, Layout } from '../../components/Layout';
import { apiProblem, say, type Problem } from '../../errors';
import { cardName, formatBusinessMinutes, formatDateTime } from '../../format';
import { addNamespaces } from '../../i18n';
import * as queue from '../../i18n/queue';
import * as shops from '../../i18n/shops';
import {
  datesBetween,
  detailsByPath,
  draftOf,
  issuesByPath,
  minutesPerDay,
  policyOf,
  priorities,
  problemUnder,
  type PathProblems,
  type PolicyDraft,
  type RuleDraft,
  type TargetsDraft,
} from './policy-draft';
import { ShopHistory } from './ShopHistory';
import { useBrandAdmin } from './use-brand-admin';

addNamespaces({ queue, shops });

/** A control's id from the policy path it edits: `policy.sla.resolutionMinutes` → `p-policy-sla-resolutionMinutes`. */
const idOf = (path: string) => `p-${path.replace(/\./g, '-')}`;
const timeZones: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Focuses the control of a path, or of the nearest section holding it. */
function focusPath(path: string) {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const el = document.getElementById(idOf(p));
    if (el) return el.focus();
  }
}

/**
 * `/shops/:slug` (admins): every rule of one shop, in sections, checked with the domain's policy
 * schema before sending and saved whole; a refusal is said under the field it names. The
 * shop's history of changes is beside it.
 */
export function ShopEditorPage() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const location = useLocation();
  const { brand, problem, events, eventsProblem, save } = useBrandAdmin(slug);
  const [name, setName] = useState('');
  const [draft, setDraft] = useState<PolicyDraft | null>(null);
  const [problems, setProblems] = useState<PathProblems & { form?: Problem }>({});
  const [said, setSaid] = useState<Problem | null>(() => (location.state?.created ? { key: 'shops:editor.created', values: { shop: location.state.created } } : null));
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  // The shop arrives after the page is drawn: the form takes it once, then after each save.
  const loaded = useRef<string | null>(null);
  useEffect(() => {
    if (!brand || loaded.current === brand.slug) return;
    loaded.current = brand.slug;
    setName(brand.name);
    setDraft(draftOf(brand.policy, lang));
  }, [brand, lang]);

  const countries = useMemo(() => Object.entries(new Holidays().getCountries(lang) ?? {}).sort((a, b) => a[1].localeCompare(b[1], lang)), [lang]);
  const regions = useMemo(() => (draft?.holidayCountry ? Object.entries(new Holidays().getStates(draft.holidayCountry, lang) ?? {}).sort((a, b) => a[1].localeCompare(b[1], lang)) : []), [draft?.holidayCountry, lang]);

  if (problem || !brand || !draft) {
    return (
      <Layout wide actions={<AgentBar />}>
        <p><Link to="/shops">← {t('shops:editor.back')}</Link></p>
        {problem ? <p className="banner error-banner" role="alert">{[problem.key].flat().includes('errors:api.not_found') ? t('shops:editor.notFound') : say(t, problem)}</p> : <p aria-busy="true">{t('shops:editor.loading')}</p>}
      </Layout>
    );
  }

  const update = (patch: Partial<PolicyDraft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const err = (path: string) => say(t, problemUnder(problems, path));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (inFlight.current) return;
    setSaid(null);
    const parsedName = brandNameSchema.safeParse(name.trim());
    const policy = policyOf(draft);
    const parsed = brandPolicySchema.safeParse(policy);
    const found: PathProblems = parsed.success ? {} : issuesByPath(parsed.error.issues, policy);
    if (!parsedName.success) found.name = { key: 'shops:errors.required' };
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first || !parsed.success || !parsedName.success) return first ? focusPath(first) : undefined;
    inFlight.current = true;
    setBusy(true);
    try {
      const answer = await save({ name: parsedName.data, policy: parsed.data });
      setName(answer.brand.name);
      setDraft(draftOf(answer.brand.policy, lang));
      setSaid(answer.deadlinesRecomputed > 0 ? { key: 'shops:editor.savedRecomputed', values: { count: answer.deadlinesRecomputed } } : { key: 'shops:editor.saved' });
    } catch (caught) {
      if (caught instanceof ApiError && Array.isArray(caught.details)) {
        const fromApi = detailsByPath(caught.details);
        setProblems({ ...fromApi, form: apiProblem(caught) });
        const firstApi = Object.keys(fromApi)[0];
        if (firstApi) focusPath(firstApi);
      } else setProblems({ form: apiProblem(caught) });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  /** A text input for one path of the policy. */
  const text = (path: string, label: string, value: string, onChange: (v: string) => void, opts: { hint?: ReactNode; required?: boolean; inputMode?: 'numeric' | 'decimal' | 'email'; type?: string; list?: string; readOnly?: boolean; unit?: string } = {}) => {
    const id = idOf(path);
    const error = err(path);
    const input = (
      <input
        id={id}
        type={opts.type ?? 'text'}
        value={value}
        list={opts.list}
        readOnly={opts.readOnly}
        inputMode={opts.inputMode}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, opts.hint, error)}
        onChange={(e) => onChange(e.target.value)}
      />
    );
    return (
      <Field id={id} label={label} hint={opts.hint} error={error} required={opts.required}>
        {opts.unit ? <div className="with-unit">{input}<span aria-hidden="true">{opts.unit}</span></div> : input}
      </Field>
    );
  };

  const perDay = minutesPerDay(draft.windows);
  const targetHint = (minutes: string) => {
    const m = Number(minutes);
    if (!minutes.trim() || !Number.isFinite(m) || m <= 0) return undefined;
    const days = perDay ? Math.round((m / perDay) * 10) / 10 : null;
    return t('shops:fields.targetHint', { duration: formatBusinessMinutes(m), days: days ? t('shops:fields.targetDays', { days: days.toLocaleString(lang) }) : '' });
  };
  const targets = (path: string, value: TargetsDraft, onChange: (v: TargetsDraft) => void) => (
    <div className="targets">
      {text(`${path}.firstResponseMinutes`, t('shops:fields.firstResponseMinutes'), value.first, (first) => onChange({ ...value, first }), { inputMode: 'numeric', required: true, hint: targetHint(value.first) })}
      {text(`${path}.resolutionMinutes`, t('shops:fields.resolutionMinutes'), value.resolution, (resolution) => onChange({ ...value, resolution }), { inputMode: 'numeric', required: true, hint: targetHint(value.resolution) })}
    </div>
  );
  const check = (id: string, label: ReactNode, checked: boolean, onChange: (v: boolean) => void, hintId?: string) => (
    <label className="choice" htmlFor={id}>
      <input type="checkbox" id={id} checked={checked} aria-describedby={hintId} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
  const groupError = (path: string) => (err(path) ? <p className="error" id={`${idOf(path)}-error`} role="alert">{err(path)}</p> : null);

  const setRule = (i: number, patch: Partial<RuleDraft>) => update({ priorityRules: draft.priorityRules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  return (
    <Layout wide actions={<AgentBar />}>
      <p><Link to="/shops">← {t('shops:editor.back')}</Link></p>
      <div className="connection-head">
        <h1>{brand.name}</h1>
        {brand.isDefault ? <span className="pill">{t('shops:isDefault')}</span> : null}
        <span className="hint">{t('shops:editor.updatedAt', { when: formatDateTime(brand.updatedAt, lang) })}</span>
      </div>
      <nav aria-label={t('shops:editor.links')} className="shop-links">
        <Link to="/payments/connections">{t('shops:editor.stripe')}</Link>
        <Link to="/mail/connections">{t('shops:editor.mailbox')}</Link>
        <a href={`/s/${encodeURIComponent(brand.slug)}`}>{t('shops:editor.form', { slug: brand.slug })}</a>
      </nav>
      <div className="shop-editor">
        <form className="card shop-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy || undefined}>
          {problems.form ? <p className="banner error-banner" role="alert">{say(t, problems.form)}</p> : null}

          <fieldset>
            <legend>{t('shops:sections.identity')}</legend>
            {text('name', t('shops:fields.name'), name, setName, { required: true })}
            {text('slug', t('shops:fields.slug'), brand.slug, () => undefined, { readOnly: true, hint: t('shops:fields.slugHint') })}
          </fieldset>

          <fieldset>
            <legend>{t('shops:sections.payments')}</legend>
            <fieldset id={idOf('policy.acceptedCardTypes')} tabIndex={-1} className="inline-group" aria-describedby={describedBy(idOf('policy.acceptedCardTypes'), false, err('policy.acceptedCardTypes'))}>
              <legend>{t('shops:fields.acceptedCardTypes')}</legend>
              {cardTypes.map((c) => check(`p-card-${c}`, cardName(c), draft.acceptedCardTypes.includes(c), (on) => update({ acceptedCardTypes: on ? cardTypes.filter((x) => x === c || draft.acceptedCardTypes.includes(x)) : draft.acceptedCardTypes.filter((x) => x !== c) })))}
              {groupError('policy.acceptedCardTypes')}
            </fieldset>
            {text('policy.currency', t('shops:fields.currency'), draft.currency, (currency) => update({ currency }), { required: true, hint: t('shops:fields.currencyHint') })}
          </fieldset>

          <fieldset>
            <legend>{t('shops:sections.calendar')}</legend>
            {text('policy.calendar.timeZone', t('shops:fields.timeZone'), draft.timeZone, (timeZone) => update({ timeZone }), { required: true, list: 'time-zones', hint: t('shops:fields.timeZoneHint') })}
            <datalist id="time-zones">{timeZones.map((z) => <option key={z} value={z} />)}</datalist>
            <fieldset id={idOf('policy.calendar.openDays')} tabIndex={-1} className="inline-group">
              <legend>{t('shops:fields.openDays')}</legend>
              {WEEKDAYS.map((d) => check(`p-day-${d}`, t(`shops:days.${d}`), draft.openDays.includes(d), (on) => update({ openDays: on ? [...draft.openDays, d].sort() : draft.openDays.filter((x) => x !== d) })))}
              {groupError('policy.calendar.openDays')}
            </fieldset>
            <fieldset id={idOf('policy.calendar.windows')} tabIndex={-1} aria-describedby={`${idOf('policy.calendar.windows')}-hint`}>
              <legend>{t('shops:fields.windows')}</legend>
              <p className="hint" id={`${idOf('policy.calendar.windows')}-hint`}>{t('shops:fields.windowsHint')}</p>
              <ol className="windows">
                {draft.windows.map((w, i) => (
                  <li key={i} className="window-row">
                    {text(`policy.calendar.windows.${i}.start`, t('shops:fields.windowStart', { n: i + 1 }), w.start, (start) => update({ windows: draft.windows.map((x, j) => (j === i ? { ...x, start } : x)) }), { type: 'time' })}
                    {text(`policy.calendar.windows.${i}.end`, t('shops:fields.windowEnd', { n: i + 1 }), w.end, (end) => update({ windows: draft.windows.map((x, j) => (j === i ? { ...x, end } : x)) }), { type: 'time' })}
                    <button type="button" className="link" disabled={draft.windows.length === 1} onClick={() => update({ windows: draft.windows.filter((_, j) => j !== i) })}>{t('shops:fields.removeWindow', { n: i + 1 })}</button>
                  </li>
                ))}
              </ol>
              <button type="button" onClick={() => update({ windows: [...draft.windows, { start: '', end: '' }] })}>{t('shops:fields.addWindow')}</button>
              {perDay ? <p className="hint" data-testid="per-day">{t('shops:fields.perDay', { duration: formatBusinessMinutes(perDay) })}</p> : null}
              {problems['policy.calendar'] ? <p className="error" role="alert">{say(t, problems['policy.calendar'])}</p> : null}
              {groupError('policy.calendar.windows')}
            </fieldset>
            <div className="targets">
              <Field id={idOf('policy.calendar.holidayCountry')} label={t('shops:fields.holidayCountry')} error={err('policy.calendar.holidayCountry')}>
                <select id={idOf('policy.calendar.holidayCountry')} value={draft.holidayCountry} onChange={(e) => update({ holidayCountry: e.target.value, holidayRegion: '' })}>
                  <option value="">{t('shops:fields.holidayCountryNone')}</option>
                  {countries.map(([code, label]) => <option key={code} value={code}>{label} ({code})</option>)}
                </select>
              </Field>
              <Field id={idOf('policy.calendar.holidayRegion')} label={t('shops:fields.holidayRegion')} error={err('policy.calendar.holidayRegion')}>
                <select id={idOf('policy.calendar.holidayRegion')} value={draft.holidayRegion} disabled={!regions.length} onChange={(e) => update({ holidayRegion: e.target.value })}>
                  <option value="">{t('shops:fields.holidayRegionNone')}</option>
                  {regions.map(([code, label]) => <option key={code} value={code}>{label} ({code})</option>)}
                </select>
              </Field>
            </div>
          </fieldset>

          <ClosedDates dates={draft.closedDates} error={err('policy.calendar.closedDates')} lang={lang} onChange={(closedDates) => update({ closedDates })} />

          <fieldset>
            <legend>{t('shops:sections.sla')}</legend>
            {targets('policy.sla', { first: draft.first, resolution: draft.resolution }, (v) => update({ first: v.first, resolution: v.resolution }))}
            {text('policy.sla.warningRatio', t('shops:fields.warningRatio'), draft.warningPercent, (warningPercent) => update({ warningPercent }), { inputMode: 'decimal', required: true, unit: '%', hint: t('shops:fields.warningRatioHint') })}
            <div className="field">
              {check(idOf('policy.sla.pauseWhileAwaitingCustomer'), t('shops:fields.pause'), draft.pause, (pause) => update({ pause }), `${idOf('policy.sla.pauseWhileAwaitingCustomer')}-hint`)}
              <p className="hint" id={`${idOf('policy.sla.pauseWhileAwaitingCustomer')}-hint`}>{t('shops:fields.pauseHint')}</p>
            </div>
            <fieldset id={idOf('policy.sla.byType')} tabIndex={-1}>
              <legend>{t('shops:fields.byType')}</legend>
              <p className="hint">{t('shops:fields.byTypeHint')}</p>
              {anomalyTypes.map((type) => {
                const own = draft.byType[type];
                return (
                  <div key={type} className="override" data-type={type}>
                    {check(`p-own-${type}`, t('shops:fields.ownTargets', { type: anomalyTypeLabels[lang][type] }), !!own, (on) => {
                      const next = { ...draft.byType };
                      if (on) next[type] = { first: draft.first, resolution: draft.resolution, byPriority: {} };
                      else delete next[type];
                      update({ byType: next });
                    })}
                    {own ? targets(`policy.sla.byType.${type}`, own, (v) => update({ byType: { ...draft.byType, [type]: { ...own, ...v } } })) : null}
                    {own ? (
                      <fieldset id={idOf(`policy.sla.byType.${type}.byPriority`)} tabIndex={-1} className="type-priorities">
                        <legend>{t('shops:fields.typeByPriority', { type: anomalyTypeLabels[lang][type] })}</legend>
                        {priorities.map((priority) => {
                          const mine = own.byPriority[priority];
                          const setMine = (v: TargetsDraft | undefined) => {
                            const byPriority = { ...own.byPriority };
                            if (v) byPriority[priority] = v;
                            else delete byPriority[priority];
                            update({ byType: { ...draft.byType, [type]: { ...own, byPriority } } });
                          };
                          return (
                            <div key={priority} className="override" data-priority={priority}>
                              {check(`p-own-${type}-${priority}`, t('shops:fields.ownTypePriority', { type: anomalyTypeLabels[lang][type], priority: t(`shops:priorities.${priority}`) }), !!mine, (on) => setMine(on ? { ...(draft.byPriority[priority] ?? { first: own.first, resolution: own.resolution }) } : undefined))}
                              {mine ? targets(`policy.sla.byType.${type}.byPriority.${priority}`, mine, setMine) : null}
                            </div>
                          );
                        })}
                      </fieldset>
                    ) : null}
                  </div>
                );
              })}
            </fieldset>
            <fieldset id={idOf('policy.sla.byPriority')} tabIndex={-1}>
              <legend>{t('shops:fields.byPriority')}</legend>
              <p className="hint">{t('shops:fields.byPriorityHint')}</p>
              {priorities.map((priority) => {
                const own = draft.byPriority[priority];
                return (
                  <div key={priority} className="override" data-priority={priority}>
                    {check(`p-prio-${priority}`, t('shops:fields.ownPriority', { priority: t(`shops:priorities.${priority}`) }), !!own, (on) => {
                      const next = { ...draft.byPriority };
                      if (on) next[priority] = { first: draft.first, resolution: draft.resolution };
                      else delete next[priority];
                      update({ byPriority: next });
                    })}
                    {own ? targets(`policy.sla.byPriority.${priority}`, own, (v) => update({ byPriority: { ...draft.byPriority, [priority]: v } })) : null}
                  </div>
                );
              })}
            </fieldset>
          </fieldset>

          <fieldset id={idOf('policy.priorityRules')} tabIndex={-1}>
            <legend>{t('shops:sections.priorities')}</legend>
            <p className="hint">{t('shops:fields.rulesHint')}</p>
            {draft.priorityRules.length ? null : <p className="empty">{t('shops:fields.rulesNone')}</p>}
            <ol className="rules">
              {draft.priorityRules.map((r, i) => {
                const base = `policy.priorityRules.${i}`;
                return (
                  <li key={i} className="rule-row" aria-label={t('shops:fields.rule', { n: i + 1 })}>
                    <Field id={idOf(`${base}.when`)} label={t('shops:fields.ruleWhen')} error={err(`${base}.when`)}>
                      <select id={idOf(`${base}.when`)} value={r.when} onChange={(e) => setRule(i, { when: e.target.value as RuleDraft['when'] })}>
                        {(['amount_at_least', 'open_dispute', 'type'] as const).map((w) => <option key={w} value={w}>{t(`shops:fields.when.${w}`)}</option>)}
                      </select>
                    </Field>
                    {r.when === 'amount_at_least' ? text(`${base}.amountCents`, t('shops:fields.ruleAmount', { currency: draft.currency }), r.amount, (amount) => setRule(i, { amount }), { inputMode: 'decimal' }) : null}
                    {r.when === 'type' ? (
                      <Field id={idOf(`${base}.type`)} label={t('shops:fields.ruleType')} error={err(`${base}.type`)}>
                        <select id={idOf(`${base}.type`)} value={r.type} onChange={(e) => setRule(i, { type: e.target.value as AnomalyType })}>
                          {anomalyTypes.map((a) => <option key={a} value={a}>{anomalyTypeLabels[lang][a]}</option>)}
                        </select>
                      </Field>
                    ) : null}
                    <Field id={idOf(`${base}.priority`)} label={t('shops:fields.rulePriority')} error={err(`${base}.priority`)}>
                      <select id={idOf(`${base}.priority`)} value={r.priority} onChange={(e) => setRule(i, { priority: e.target.value as RuleDraft['priority'] })}>
                        {priorities.map((p) => <option key={p} value={p}>{t(`shops:priorities.${p}`)}</option>)}
                      </select>
                    </Field>
                    <button type="button" className="link" onClick={() => update({ priorityRules: draft.priorityRules.filter((_, j) => j !== i) })}>{t('shops:fields.removeRule', { n: i + 1 })}</button>
                  </li>
                );
              })}
            </ol>
            <button type="button" onClick={() => update({ priorityRules: [...draft.priorityRules, { when: 'amount_at_least', amount: '', type: anomalyTypes[0], priority: 'high' }] })}>{t('shops:fields.addRule')}</button>
            {groupError('policy.priorityRules')}
          </fieldset>

          <fieldset>
            <legend>{t('shops:sections.orders')}</legend>
            {text('policy.cancellationWindowHours', t('shops:fields.cancellationWindowHours'), draft.cancellationWindowHours, (cancellationWindowHours) => update({ cancellationWindowHours }), { inputMode: 'decimal', required: true, unit: 'h', hint: t('shops:fields.cancellationWindowHoursHint') })}
            <div className="targets">
              {text('policy.refundPostingDays.min', t('shops:fields.refundMin'), draft.refundMin, (refundMin) => update({ refundMin }), { inputMode: 'numeric', required: true })}
              {text('policy.refundPostingDays.max', t('shops:fields.refundMax'), draft.refundMax, (refundMax) => update({ refundMax }), { inputMode: 'numeric', required: true })}
            </div>
          </fieldset>

          <fieldset>
            <legend>{t('shops:sections.mail')}</legend>
            {text('policy.supportEmail', t('shops:fields.supportEmail'), draft.supportEmail, (supportEmail) => update({ supportEmail }), { type: 'email', required: true })}
            {text('policy.replyFrom', t('shops:fields.replyFrom'), draft.replyFrom, (replyFrom) => update({ replyFrom }), { required: true, hint: t('shops:fields.replyFromHint') })}
            <div className="targets">
              {text('policy.senderName.fr', t('shops:fields.senderFr'), draft.senderFr, (senderFr) => update({ senderFr }), { required: true })}
              {text('policy.senderName.en', t('shops:fields.senderEn'), draft.senderEn, (senderEn) => update({ senderEn }), { required: true })}
            </div>
            <Field id={idOf('policy.defaultLanguage')} label={t('shops:fields.defaultLanguage')} hint={t('shops:fields.defaultLanguageHint')} error={err('policy.defaultLanguage')}>
              <select id={idOf('policy.defaultLanguage')} value={draft.defaultLanguage} aria-describedby={describedBy(idOf('policy.defaultLanguage'), true, err('policy.defaultLanguage'))} onChange={(e) => update({ defaultLanguage: e.target.value as PolicyDraft['defaultLanguage'] })}>
                {languages.map((l) => <option key={l} value={l}>{t(`shops:languages.${l}`)}</option>)}
              </select>
            </Field>
          </fieldset>

          <fieldset>
            <legend>{t('shops:sections.hosts')}</legend>
            <Field id={idOf('policy.hostNames')} label={t('shops:fields.hostNames')} hint={t('shops:fields.hostNamesHint')} error={err('policy.hostNames')}>
              <textarea id={idOf('policy.hostNames')} rows={3} spellCheck={false} value={draft.hostNames} aria-invalid={err('policy.hostNames') ? true : undefined} aria-describedby={describedBy(idOf('policy.hostNames'), true, err('policy.hostNames'))} onChange={(e) => update({ hostNames: e.target.value })} />
            </Field>
          </fieldset>

          <fieldset>
            <legend>{t('shops:sections.retention')}</legend>
            {text('policy.retentionDays', t('shops:fields.retentionDays'), draft.retentionDays, (retentionDays) => update({ retentionDays }), { inputMode: 'numeric', hint: t('shops:fields.retentionDaysHint') })}
          </fieldset>

          <button type="submit" className="primary" disabled={busy}>{busy ? t('shops:editor.saving') : t('shops:editor.save')}</button>
          <p className="status-line" role="status" aria-live="polite" data-testid="shop-saved">{say(t, said ?? undefined) ?? ''}</p>
        </form>
        <ShopHistory events={events} problem={eventsProblem} />
      </div>
    </Layout>
  );
}

/** The extra closed dates: one by one, or each day of a period (a summer closing). */
function ClosedDates({ dates, error, lang, onChange }: { dates: string[]; error?: string; lang: string; onChange: (dates: string[]) => void }) {
  const { t } = useTranslation();
  const [one, setOne] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rangeProblem, setRangeProblem] = useState(false);
  const [added, setAdded] = useState<number | null>(null);
  const add = (more: string[]) => onChange([...new Set([...dates, ...more])].sort());
  const id = idOf('policy.calendar.closedDates');
  const dayLabel = (d: string) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={`${id}-hint`}>
      <legend>{t('shops:sections.closedDates')}</legend>
      <p className="hint" id={`${id}-hint`}>{t('shops:fields.closedDatesHint')}</p>
      {dates.length ? (
        <ul className="closed-dates" data-testid="closed-dates">
          {dates.map((d) => (
            <li key={d} data-date={d}>
              <span>{dayLabel(d)}</span> <button type="button" className="link" aria-label={t('shops:fields.removeDate', { date: dayLabel(d) })} onClick={() => onChange(dates.filter((x) => x !== d))}>×</button>
            </li>
          ))}
        </ul>
      ) : <p className="empty">{t('shops:fields.closedDatesNone')}</p>}
      {error ? <p className="error" id={`${id}-error`} role="alert">{error}</p> : null}
      <div className="with-button">
        <div className="field">
          <label htmlFor="closed-one">{t('shops:fields.addDate')}</label>
          <input id="closed-one" type="date" value={one} onChange={(e) => setOne(e.target.value)} />
        </div>
        <button type="button" className="align-end" disabled={!one} onClick={() => { add([one]); setOne(''); }}>{t('shops:fields.add')}</button>
      </div>
      <div className="with-button">
        <div className="field">
          <label htmlFor="closed-from">{t('shops:fields.rangeFrom')}</label>
          <input id="closed-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="closed-to">{t('shops:fields.rangeTo')}</label>
          <input id="closed-to" type="date" value={to} aria-invalid={rangeProblem || undefined} aria-describedby={rangeProblem ? 'closed-range-error' : undefined} onChange={(e) => setTo(e.target.value)} />
        </div>
        <button
          type="button"
          className="align-end"
          disabled={!from || !to}
          onClick={() => {
            const range = datesBetween(from, to);
            setRangeProblem(!range);
            if (!range) return setAdded(null);
            add(range);
            setAdded(range.length);
            setFrom('');
            setTo('');
          }}
        >
          {t('shops:fields.addRange')}
        </button>
      </div>
      {rangeProblem ? <p className="error" id="closed-range-error" role="alert">{t('shops:errors.rangeOrder')}</p> : null}
      <p className="status-line" role="status">{added ? t('shops:fields.rangeAdded', { count: added }) : ''}</p>
    </fieldset>
  );
}
