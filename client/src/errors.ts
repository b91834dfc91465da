import type { TFunction } from 'i18next';
import type { ErrorCode } from '../../domain/error-codes';
import { ApiError } from './api';
import type * as customerErrors from './i18n/errors';
import type * as loginStrings from './i18n/login';
import type * as ticketStrings from './i18n/ticket';
import type * as userStrings from './i18n/users';

/** Where each API error code is worded: the first namespace of `apiProblem`'s chain that has it. */
type Worded = keyof (typeof ticketStrings)['fr']['errors'] | keyof (typeof userStrings)['fr']['errors'] | keyof (typeof loginStrings)['fr']['errors'] | keyof (typeof customerErrors)['fr']['api'];
/** Compile-time check: a code added to domain/error-codes.ts without words here does not compile. */
const everyCodeWorded: [Exclude<ErrorCode, Worded>] extends [never] ? true : { missing: Exclude<ErrorCode, Worded> } = true;
void everyCodeWorded;

/**
 * A problem to show, as a translation key (or keys, the first found wins) and its values:
 * kept as data and put into words at render time, so it follows a change of language.
 */
export interface Problem {
  key: string | string[];
  values?: Record<string, unknown>;
}
export type Problems = Record<string, Problem | undefined>;

/** The words of a problem in the reader's language. */
export const say = (t: TFunction, problem: Problem | undefined): string | undefined => (problem ? String(t(problem.key, problem.values ?? {})) : undefined);

/** A zod issue as the client validation has it, or a field of the API's `validation_failed` details. */
export interface FieldIssue {
  field: string;
  code: string;
  maximum?: unknown;
  minimum?: unknown;
  origin?: unknown;
  format?: unknown;
}

/** What the shop the form is filed with accepts: makes some messages precise. */
export interface FieldContext {
  acceptedCardTypes?: readonly string[];
}

const AMOUNT_FIELDS = new Set(['amount', 'secondDebitAmount', 'refundAmountCents']);
const DATE_FIELDS = new Set(['paymentTime', 'refundDate', 'orderTime', 'secondDebitTime']);
const CARD_NAMES: Record<string, string> = { visa: 'Visa', mastercard: 'MasterCard', paypal: 'PayPal', klarna: 'Klarna', webmoney: 'WebMoney' };
const f = (name: string, values?: Record<string, unknown>): Problem => ({ key: `errors:fields.${name}`, values });

/**
 * A field's error from the issue code and its parameters. The shared schemas' own
 * (`custom`) rules are told apart by the field they guard: each of those fields has one rule.
 */
export function fieldProblem(issue: FieldIssue, context: FieldContext = {}): Problem {
  const { field, code } = issue;
  switch (code) {
    // The form sends strings only: a value of another type is a value not given.
    case 'invalid_type':
      return { key: [`errors:required.${field}`, 'errors:fields.required'] };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return { key: [`errors:required.${field}`, 'errors:fields.required'] };
      return issue.origin === 'string' ? f('tooShort', { minimum: issue.minimum }) : f('tooSmall', { minimum: issue.minimum });
    case 'too_big':
      return issue.origin === 'string' ? f('tooLong', { maximum: issue.maximum }) : f('tooLarge', { maximum: issue.maximum });
    case 'invalid_format':
      if (issue.format === 'email' || field === 'customerEmail') return f('email');
      if (field === 'cardLast4') return f('cardLast4');
      return f('invalid');
    case 'invalid_value':
    case 'invalid_union':
      if (AMOUNT_FIELDS.has(field)) return f('amount');
      return f('choice');
    case 'unrecognized_keys':
      return f('unknownField');
    case 'custom':
      if (AMOUNT_FIELDS.has(field)) return f('amount');
      if (DATE_FIELDS.has(field)) return f('date');
      if (field === 'cardType') {
        const list = context.acceptedCardTypes?.map((c) => CARD_NAMES[c] ?? c).join(', ');
        return list ? f('cardNotAccepted', { list }) : f('cardNotAcceptedHere');
      }
      // The one rule of the shared text fields beyond their length: no NUL character.
      return f('nul');
    case 'unknown_brand':
      return f('unknownBrand');
    case 'invalid_file_name':
      return f('fileName');
    case 'unknown_user':
      return f('unknownUser');
    default:
      return f('invalid');
  }
}

/** Problems by field from the client's own zod issues (the first issue of a field wins). */
export function issueProblems(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string } & Record<string, unknown>>, context?: FieldContext): Problems {
  const out: Problems = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    out[field] ??= fieldProblem({ ...issue, field } as FieldIssue, context);
  }
  return out;
}

/** Where an API error goes on a form: under its fields when it names them, else in the banner. */
export function apiProblems(err: unknown, context?: FieldContext): Problems {
  const details = err instanceof ApiError ? err.details : null;
  if (Array.isArray(details)) {
    const out: Problems = {};
    for (const d of details as FieldIssue[]) out[d.field] ??= fieldProblem(d, context);
    return out;
  }
  const field = details && typeof details === 'object' && 'field' in details ? String((details as { field: unknown }).field) : 'form';
  return { [field]: apiProblem(err) };
}

/**
 * An API error in words, by its code and details: the agents', user administration's and
 * sign-in codes live in their own namespaces (loaded with their pages), the rest in `errors`.
 */
export function apiProblem(err: unknown): Problem {
  if (!(err instanceof ApiError)) return { key: 'errors:api.network_error' };
  const { code } = err;
  const details = (err.details && typeof err.details === 'object' ? err.details : {}) as Record<string, unknown>;
  const values: Record<string, unknown> = { code };
  if (code === 'invalid_transition' && details.from && details.to) {
    return { key: 'ticket:errors.invalid_transition_to', values: { from: details.from, to: details.to } };
  }
  if (code === 'rate_limited' || code === 'account_locked') values.minutes = Math.max(1, Math.ceil(Number(details.retryAfterSeconds ?? 60) / 60));
  if (code === 'ticket_closed' && details.status === 'resolved') return { key: 'errors:api.ticket_resolved' };
  if (code === 'unsupported_file_type') {
    if (!details.file) return { key: 'errors:api.unsupported_file_type_any' };
    values.file = details.file;
  }
  if (code === 'refund_exceeds_payment' && typeof details.paidCents === 'number') values.paid = details.paidCents / 100;
  if (code === 'refund_exceeds_refundable' && typeof details.refundableCents === 'number') values.refundable = details.refundableCents / 100;
  if (code === 'payment_provider_refused' && typeof details.reason === 'string') values.reason = details.reason;
  return { key: [`ticket:errors.${code}`, `users:errors.${code}`, `login:errors.${code}`, `errors:api.${code}`, 'errors:api.unknown'], values };
}
