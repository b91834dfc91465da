import pino, { type DestinationStream } from 'pino';
import { mayHoldCardNumber, redact } from '../domain/redaction';

const redactString = (text: string) => (mayHoldCardNumber(text) ? redact(text).text : text);

/** Decodes the %XX sequences that make valid UTF-8; any other (`%ZZ`, a lone `%C3`) stays as sent. */
function decodeSafely(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (encoded) => {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return encoded.replace(/%[0-7][0-9A-Fa-f]/g, (ascii) => String.fromCharCode(parseInt(ascii.slice(1), 16)));
    }
  });
}

/**
 * A URL fit for a log line: path and query decoded (a `+` in the query is a space), then card
 * numbers masked, so `?q=4192%202721%209748%208948` cannot slip past as percent-escapes.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  return redactString(decodeSafely(q < 0 ? url : url.slice(0, q) + url.slice(q).replace(/\+/g, ' ')));
}

interface ErrorLike {
  name?: unknown;
  type?: unknown;
  message: string;
  code?: unknown;
  stack?: unknown;
  cause?: unknown;
  errors?: unknown;
}
const isErrorLike = (value: unknown): value is ErrorLike =>
  typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';

/**
 * An error as it may be logged: name, message, code and stack, card numbers masked. Nothing
 * else: a TypeORM QueryFailedError carries the SQL `query` and its `parameters` (customers'
 * names, e-mails), PostgreSQL's `detail` quotes the values, and a driver error repeats them.
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!isErrorLike(err)) return typeof err === 'string' ? redactString(err) : err;
  const name = typeof err.name === 'string' ? err.name : typeof err.type === 'string' ? err.type : 'Error';
  const code = typeof err.code === 'string' || typeof err.code === 'number' ? err.code : undefined;
  const nested = depth < 3;
  return {
    name,
    message: redactString(err.message),
    ...(code === undefined ? {} : { code }),
    ...(typeof err.stack === 'string' ? { stack: redactString(err.stack) } : {}),
    ...(nested && err.cause !== undefined ? { cause: serializeError(err.cause, depth + 1) } : {}),
    ...(nested && Array.isArray(err.errors) ? { errors: err.errors.slice(0, 5).map((e) => serializeError(e, depth + 1)) } : {}),
  };
}

/** What a log call carries, made safe: errors serialized, card numbers masked in every string. */
export function redactLogValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return serializeError(value);
  // Requests, responses, dates, buffers: their serializer or toJSON decides what is written.
  if (value instanceof Date || ArrayBuffer.isView(value) || typeof (value as { on?: unknown }).on === 'function' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return value;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth >= 8) return '[too deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactLogValue(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = redactLogValue(v, depth + 1, seen);
  return out;
}

/** pino-http's view of a request and a response: method, decoded-and-redacted URL, status. */
export const httpLogSerializers = {
  req: (req: { method?: string; url?: string }) => ({ method: req.method, url: redactUrl(req.url) }),
  res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
  err: serializeError,
};

/**
 * One logger for every process. Request bodies are never logged; credentials are censored,
 * and every string of every log line has its card numbers masked: what a customer typed is
 * redacted before it is stored, but URLs, error messages and stray values are not.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}) {
  const logger = pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      serializers: { err: serializeError },
      formatters: {
        log: (object) => redactLogValue(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          const object = first instanceof Error ? { err: first } : first;
          // Without a message pino takes the error's own, after this hook: give it the redacted one.
          if (isErrorLike((object as { err?: unknown })?.err) && rest.length === 0) rest.push((object as { err: ErrorLike }).err.message);
          const safe = [typeof object === 'string' ? redactString(object) : object, ...rest.map((v) => redactLogValue(v))];
          return method.apply(this, safe as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
  // A child's bindings skip the formatters: redact them on the way in (children inherit this).
  const child = logger.child;
  logger.child = function (this: typeof logger, bindings, childOptions) {
    return child.call(this, redactLogValue(bindings) as typeof bindings, childOptions);
  } as typeof child;
  return logger;
}

export const logger = createLogger();
export type Logger = typeof logger;
