import type { ErrorRequestHandler, RequestHandler } from 'express';
import { MulterError } from 'multer';
import { ZodError } from 'zod';
import { redactUrl, type Logger } from '../core/logger';
import { isDatabaseUnavailable } from '../db/errors';
import { StaleTicketError } from '../db/repositories/ticket.repository';
import type { ErrorCode } from '../domain/error-codes';
import type { Refusal } from '../domain/ticket-rules';

/** An error the client can act on: a stable code, an HTTP status, and details. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A domain rule's refusal (domain/ticket-rules.ts) as the client sees it. */
export function refused(refusal: Refusal): AppError {
  switch (refusal.reason) {
    case 'invalid_transition':
      return new AppError(409, 'invalid_transition', `A ${refusal.from} ticket cannot become ${refusal.to}.`, { from: refusal.from, to: refusal.to });
    case 'reopen_first':
      return new AppError(409, 'invalid_transition', 'Reopen the ticket before replying.', { from: refusal.status, to: 'in_progress' });
    case 'only_resolved_reopens':
      return new AppError(409, 'invalid_transition', 'Only a resolved ticket can be reopened.', { from: refusal.status, to: 'in_progress' });
    case 'already_resolved':
      return new AppError(409, 'already_resolved', 'This ticket is already resolved; reopen it first to change the outcome.', { status: refusal.status });
    case 'amount_unknown':
      return new AppError(422, 'amount_unknown', 'Record the amount paid before refunding.');
    case 'refund_exceeds_payment':
      return new AppError(422, 'refund_exceeds_payment', 'The refund cannot be more than what was paid.', { paidCents: refusal.paidCents });
  }
}

export const notFound = (what = 'ticket') => new AppError(404, 'not_found', `No such ${what}.`);
export const unauthenticated = () => new AppError(401, 'unauthenticated', 'Sign in first.');
export const forbidden = (message = 'Your role does not allow this.') => new AppError(403, 'forbidden', message);
export const invalidBody = (message = 'Send a JSON object or multipart/form-data.') => new AppError(400, 'invalid_body', message);

export function validationError(error: ZodError, message = 'Some fields are invalid.'): AppError {
  const details = error.issues.map((issue) => ({
    field: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : ''),
    code: issue.code,
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  return new AppError(400, 'validation_failed', message, details);
}

const multerErrors: Record<string, [number, ErrorCode, string]> = {
  LIMIT_FILE_SIZE: [413, 'file_too_large', 'Each file must be at most 10 MB.'],
  LIMIT_FILE_COUNT: [400, 'too_many_files', 'At most 5 files can be sent at once.'],
  LIMIT_UNEXPECTED_FILE: [400, 'unexpected_file', 'Files go in the field "evidence" (a reply\'s: "attachments").'],
  LIMIT_FIELD_COUNT: [400, 'too_many_fields', 'Too many fields.'],
  LIMIT_FIELD_VALUE: [413, 'field_too_large', 'A field is too long.'],
  LIMIT_PART_COUNT: [400, 'too_many_parts', 'Too many parts in the form.'],
};

/** Maps anything thrown to one JSON shape: `{ error: { code, message, details } }`. */
function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  // A ZodError is not here: client input is parsed by validate() (or with validationError), so
  // one thrown elsewhere comes from our own parsing (a job payload, a stored row): a bug, a 500.
  if (err instanceof StaleTicketError) {
    return new AppError(409, 'stale_write', 'The ticket was changed meanwhile; reload it and try again.');
  }
  if (isDatabaseUnavailable(err)) {
    return new AppError(503, 'database_unavailable', 'Our database is unavailable for a moment; nothing was recorded. Send the request again shortly.');
  }
  if (err instanceof MulterError) {
    const [status, code, message] = multerErrors[err.code] ?? [400, 'bad_upload', err.message];
    return new AppError(status, code, message, err.field ? { field: err.field } : undefined);
  }
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (e?.type === 'entity.parse.failed') return new AppError(400, 'invalid_json', 'The request body is not valid JSON.');
  if (e?.type === 'entity.too.large') return new AppError(413, 'body_too_large', 'The request body is too large.');
  // The router could not decode a path segment (`/api/tickets/%ZZ`): the address is the client's mistake.
  if (err instanceof URIError && e.status === 400) return new AppError(400, 'malformed_url', 'The address has a malformed %-escape.');
  // A static file that is not there (the web app being rebuilt, say): express says 404 without exposing it.
  if (e?.status === 404) return new AppError(404, 'not_found', 'Not found.');
  if (e?.status && e.status >= 400 && e.status < 500 && e.expose) {
    return new AppError(e.status, 'bad_request', e.message ?? 'Bad request.');
  }
  // busboy's own complaints about a malformed multipart body
  if (e?.message && /^(Malformed part header|Unexpected end of form|Multipart: Boundary not found)/.test(e.message)) {
    return new AppError(400, 'malformed_multipart', 'The multipart body is malformed.');
  }
  return null;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toAppError(err);
    if (known) {
      if (known.status === 503) res.set('Retry-After', '5');
      res.status(known.status).json({ error: { code: known.code, message: known.message, details: known.details ?? null } });
      return;
    }
    logger.error({ err, method: req.method, url: redactUrl(req.originalUrl) }, 'unexpected error');
    res.status(500).json({ error: { code: 'internal_error', message: 'Something went wrong on our side.', details: null } });
  };
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `No route for ${req.method} ${req.path}.`));
};
