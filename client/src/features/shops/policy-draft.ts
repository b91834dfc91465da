import type { BrandPolicy, PriorityRule } from '../../../../domain/brand-policy';
import { priorities, type Priority } from '../../../../domain/priorities';
import { anomalyTypes, type AnomalyType, type CardType, type Language } from '../../../../domain/ticket.schemas';
import { fieldProblem, type FieldIssue, type Problem } from '../../errors';
import { amountInput, parseAmountInput } from '../../format';

/** Two targets as typed (minutes, as the policy stores them). */
export interface TargetsDraft {
  first: string;
  resolution: string;
}
/** A per-type override: its own targets, and the per-priority ones within the type. */
export interface TypeTargetsDraft extends TargetsDraft {
  byPriority: Partial<Record<Priority, TargetsDraft>>;
}
export interface RuleDraft {
  when: PriorityRule['when'];
  amount: string;
  type: AnomalyType;
  priority: Priority;
}

/** The editor's form: a policy with every number as typed text; parsed by the domain schema on sending. */
export interface PolicyDraft {
  acceptedCardTypes: CardType[];
  currency: string;
  timeZone: string;
  openDays: number[];
  windows: { start: string; end: string }[];
  holidayCountry: string;
  holidayRegion: string;
  closedDates: string[];
  first: string;
  resolution: string;
  warningPercent: string;
  pause: boolean;
  byType: Partial<Record<AnomalyType, TypeTargetsDraft>>;
  byPriority: Partial<Record<Priority, TargetsDraft>>;
  priorityRules: RuleDraft[];
  cancellationWindowHours: string;
  refundMin: string;
  refundMax: string;
  supportEmail: string;
  replyFrom: string;
  senderFr: string;
  senderEn: string;
  defaultLanguage: Language;
  hostNames: string;
  retentionDays: string;
}

const str = (n: number | null | undefined) => (n == null ? '' : String(n));
/** Typed text as a number: blank is no value (the schema says it is needed), anything else not a number is NaN. */
const num = (s: string): number | undefined => {
  const t = s.trim().replace(',', '.');
  return t === '' ? undefined : /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
};
const targetsDraft = (t: { firstResponseMinutes: number; resolutionMinutes: number }): TargetsDraft => ({ first: str(t.firstResponseMinutes), resolution: str(t.resolutionMinutes) });
const targetsOf = (d: TargetsDraft) => ({ firstResponseMinutes: num(d.first), resolutionMinutes: num(d.resolution) });
const byPriorityDraft = (b: Partial<Record<Priority, { firstResponseMinutes: number; resolutionMinutes: number }>>): Partial<Record<Priority, TargetsDraft>> =>
  Object.fromEntries(Object.entries(b).map(([k, v]) => [k, targetsDraft(v!)]));
const byPriorityOf = (b: Partial<Record<Priority, TargetsDraft>>) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, targetsOf(v!)]));

export function draftOf(policy: BrandPolicy, language: string): PolicyDraft {
  const c = policy.calendar;
  return {
    acceptedCardTypes: [...policy.acceptedCardTypes],
    currency: policy.currency,
    timeZone: c.timeZone,
    openDays: [...c.openDays],
    windows: c.windows.map((w) => ({ ...w })),
    holidayCountry: c.holidayCountry ?? '',
    holidayRegion: c.holidayRegion ?? '',
    closedDates: [...c.closedDates],
    first: str(policy.sla.firstResponseMinutes),
    resolution: str(policy.sla.resolutionMinutes),
    warningPercent: str(Math.round(policy.sla.warningRatio * 1000) / 10),
    pause: policy.sla.pauseWhileAwaitingCustomer,
    byType: Object.fromEntries(Object.entries(policy.sla.byType).map(([k, v]) => [k, { ...targetsDraft(v!), byPriority: byPriorityDraft(v!.byPriority) }])),
    byPriority: byPriorityDraft(policy.sla.byPriority),
    priorityRules: policy.priorityRules.map((r) => ({
      when: r.when,
      amount: r.when === 'amount_at_least' ? amountInput(r.amountCents, language) : '',
      type: r.when === 'type' ? r.type : anomalyTypes[0],
      priority: r.priority,
    })),
    cancellationWindowHours: str(policy.cancellationWindowHours),
    refundMin: str(policy.refundPostingDays.min),
    refundMax: str(policy.refundPostingDays.max),
    supportEmail: policy.supportEmail,
    replyFrom: policy.replyFrom,
    senderFr: policy.senderName.fr,
    senderEn: policy.senderName.en,
    defaultLanguage: policy.defaultLanguage,
    hostNames: policy.hostNames.join('\n'),
    retentionDays: str(policy.retentionDays),
  };
}

/** The draft as a policy to check with brandPolicySchema (not yet checked: numbers may be NaN or missing). */
export function policyOf(d: PolicyDraft): Record<string, unknown> {
  const percent = num(d.warningPercent);
  return {
    acceptedCardTypes: d.acceptedCardTypes,
    currency: d.currency.trim().toUpperCase(),
    calendar: {
      timeZone: d.timeZone.trim(),
      openDays: [...d.openDays].sort(),
      windows: d.windows,
      ...(d.holidayCountry ? { holidayCountry: d.holidayCountry } : {}),
      ...(d.holidayCountry && d.holidayRegion ? { holidayRegion: d.holidayRegion } : {}),
      closedDates: [...d.closedDates].sort(),
    },
    sla: {
      ...targetsOf(d),
      warningRatio: percent === undefined ? undefined : percent / 100,
      byType: Object.fromEntries(Object.entries(d.byType).map(([k, v]) => [k, { ...targetsOf(v!), byPriority: byPriorityOf(v!.byPriority) }])),
      byPriority: byPriorityOf(d.byPriority),
      pauseWhileAwaitingCustomer: d.pause,
    },
    priorityRules: d.priorityRules.map((r) =>
      r.when === 'amount_at_least'
        ? { when: r.when, amountCents: r.amount.trim() ? (parseAmountInput(r.amount) ?? Number.NaN) : undefined, priority: r.priority }
        : r.when === 'type'
          ? { when: r.when, type: r.type, priority: r.priority }
          : { when: r.when, priority: r.priority },
    ),
    cancellationWindowHours: num(d.cancellationWindowHours),
    refundPostingDays: { min: num(d.refundMin), max: num(d.refundMax) },
    supportEmail: d.supportEmail.trim(),
    replyFrom: d.replyFrom.trim(),
    senderName: { fr: d.senderFr, en: d.senderEn },
    defaultLanguage: d.defaultLanguage,
    hostNames: d.hostNames.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean),
    retentionDays: d.retentionDays.trim() === '' ? null : num(d.retentionDays),
  };
}

export { priorities };

/** Problems by the field's full path (`policy.sla.resolutionMinutes`, `policy.calendar.windows.0.start`); the first of a path wins. */
export type PathProblems = Record<string, Problem>;

const e = (name: string, values?: Record<string, unknown>): Problem => ({ key: `shops:errors.${name}`, values });

/** One issue in this screen's words, by its path (numbers: any item) and code; the shared words otherwise. */
export function policyProblem(path: string, issue: { code: string } & Record<string, unknown>): Problem {
  const shape = path.replace(/\.\d+/g, '.*');
  const { code } = issue;
  if (code === 'host_name_taken') return e('host_name_taken');
  if (shape === 'slug') return e('slug');
  if (shape === 'policy.currency') return e('currency');
  if (shape === 'policy.sla.warningRatio' && code !== 'invalid_type') return e('warningRatio');
  if (shape === 'policy.retentionDays' && code !== 'invalid_type') return e('retentionDays');
  if (shape === 'policy.calendar.timeZone' && code === 'custom') return e('timeZone');
  if (shape === 'policy.calendar' && code === 'custom') return e('windows');
  if (/^policy\.calendar\.windows\.\*\.(start|end)$/.test(shape) && code !== 'invalid_type') return e('time');
  if (shape === 'policy.calendar.closedDates.*') return e('date');
  if (shape === 'policy.hostNames.*') return e('hostName');
  switch (code) {
    case 'invalid_type':
      return issue.expected === 'number' && issue.received !== undefined ? e('number') : e('required');
    case 'too_small':
      if (issue.origin === 'array') return e('atLeastOne');
      if (issue.origin === 'number' && issue.inclusive === false) return e('moreThan', { minimum: issue.minimum });
      break;
    case 'too_big':
      if (issue.origin === 'array') return e('tooMany', { maximum: issue.maximum });
      break;
    case 'invalid_format':
      if (issue.format === 'email' || shape === 'policy.supportEmail') return { key: 'errors:fields.email' };
      break;
  }
  if (issue.expected === 'int') return e('wholeNumber');
  return fieldProblem({ ...issue, field: shape } as FieldIssue);
}

/** The value at a path of what was checked (to tell a blank number from one that is not a number). */
const valueAt = (input: unknown, path: ReadonlyArray<PropertyKey>) => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);

/** The client's own zod issues on `input` (paths within the policy), by full path. */
export function issuesByPath(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string }>, input: unknown, prefix = 'policy'): PathProblems {
  const out: PathProblems = {};
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const value = valueAt(input, issue.path);
    const received = typeof value === 'number' && Number.isNaN(value) ? 'NaN' : value === undefined || value === null ? undefined : typeof value;
    out[path] ??= policyProblem(path, { ...(issue as unknown as Record<string, unknown>), code: issue.code, received });
  }
  return out;
}

/** The API's field details (`slug`, `policy.sla.resolutionMinutes`) by path. */
export function detailsByPath(details: unknown[]): PathProblems {
  const out: PathProblems = {};
  for (const d of details as Array<{ field?: unknown; code?: unknown }>) {
    const path = typeof d.field === 'string' ? d.field : '';
    if (path) out[path] ??= policyProblem(path, { ...d, code: String(d.code ?? '') });
  }
  return out;
}

/** The problem of a field: its own path's, or the first of what lies under it (an item of a list). */
export function problemUnder(problems: PathProblems, path: string): Problem | undefined {
  if (problems[path]) return problems[path];
  const key = Object.keys(problems).find((k) => k.startsWith(`${path}.`));
  return key ? problems[key] : undefined;
}

/** Each date from `from` to `to` (yyyy-MM-dd, both included); null when the period is backwards or over a year. */
export function datesBetween(from: string, to: string): string[] | null {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start || end - start > 366 * 86_400_000) return null;
  const out: string[] = [];
  for (let t = start; t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Minutes per business day of a set of windows (HH:mm), 0 when one is not yet a time. */
export function minutesPerDay(windows: { start: string; end: string }[]): number {
  const m = (s: string) => (/^\d{2}:\d{2}$/.test(s) ? Number(s.slice(0, 2)) * 60 + Number(s.slice(3)) : Number.NaN);
  const total = windows.reduce((sum, w) => sum + Math.max(0, m(w.end) - m(w.start)), 0);
  return Number.isNaN(total) ? 0 : total;
}
