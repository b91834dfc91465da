/** The one place the web app talks to the API: JSON in, JSON out, one error shape. */
import type { PaymentCheckView as PaymentCheckAnswer } from '../../core/payment-views';
import type { ErrorCode } from '../../domain/error-codes';

/** What a failed call says: one of the API's codes, or 'network_error' when no answer came. */
export type ClientErrorCode = ErrorCode | 'network_error';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
  /** Field-level messages from a validation error, keyed by field name. */
  get fieldErrors(): Record<string, string> {
    if (!Array.isArray(this.details)) return {};
    return Object.fromEntries((this.details as Array<{ field: string; message: string }>).map((d) => [d.field, d.message]));
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

interface CallOptions {
  body?: unknown;
  token?: string;
  idempotencyKey?: string;
}

async function toError(res: Response): Promise<ApiError> {
  const payload = await res.json().catch(() => null);
  const e = payload?.error;
  return new ApiError(res.status, e?.code ?? 'network_error', e?.message ?? res.statusText, e?.details ?? null);
}

export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (csrfToken && method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch {
    throw new ApiError(0, 'network_error', 'network', null);
  }
  if (!res.ok) throw await toError(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** A file the API serves (a ticket's attachment), as a blob: for a download that needs the Bearer header a link cannot send. */
export async function fetchFile(path: string, options: { token?: string; method?: 'GET' | 'POST' } = {}): Promise<Blob> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetch(path, { method: options.method ?? 'GET', headers, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network_error', 'network', null);
  }
  if (!res.ok) throw await toError(res);
  try {
    return await res.blob();
  } catch {
    throw new ApiError(0, 'network_error', 'network', null); // the connection dropped mid-file
  }
}

/** A multipart upload with progress (fetch cannot report upload progress). */
export function upload<T>(path: string, form: FormData, options: { token?: string; idempotencyKey?: string; onProgress?: (ratio: number) => void }): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    if (options.token) xhr.setRequestHeader('Authorization', `Bearer ${options.token}`);
    if (options.idempotencyKey) xhr.setRequestHeader('Idempotency-Key', options.idempotencyKey);
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => e.lengthComputable && options.onProgress?.(e.loaded / e.total);
    xhr.upload.onload = () => options.onProgress?.(1); // all sent, even when no progress event said so
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'network', null));
    xhr.onload = () => {
      let payload: any = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(payload as T);
      const e = payload?.error;
      reject(new ApiError(xhr.status, e?.code ?? 'network_error', e?.message ?? xhr.statusText, e?.details ?? null));
    };
    xhr.send(form);
  });
}

/* ---------- shapes the API answers with: built once on the server, nothing here copies them ---------- */

export type { ReportReceipt as Receipt } from '../../domain/ticket.schemas';
export type { CustomerStatusView, CustomerTicketView as CustomerTicket, QueueRow, AgentTicketView as AgentTicket, AgentTicketSummary, TimelineEntry } from '../../core/ticket-views';
export type { PublicUser as SessionUser, AdminUserView as AdminUser } from '../../core/user-views';
export type { PublicBrandView as Brand } from '../../core/brand-views';
export type { TransactionView, StripeConnectorView } from '../../core/payment-views';
export type { Viewer } from '../../core/presence';
export type { ErrorCode } from '../../domain/error-codes';

/** A type as JSON carries it: instants become ISO strings (the payment check's dates are `Date`s on the server). */
export type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null | undefined ? string | Exclude<T[K], Date> : T[K] };
/** The answer of GET/POST /api/tickets/:id/payment-check (core/payment-views.ts), as it arrives. */
export type PaymentCheckView = Wire<PaymentCheckAnswer>;
