/**
 * What a database error means for the caller, whatever the driver: TypeORM wraps a failed
 * statement in QueryFailedError (the driver's error in `driverError`); a failed connection
 * surfaces as the driver's own error.
 */
const causeOf = (err: unknown) => ((err as { driverError?: unknown })?.driverError ?? err) as { code?: string; errno?: number; message?: string };

/** PostgreSQL SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P (operator intervention). */
const PG_UNAVAILABLE = /^(08|53|57P)/;
const NODE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
/** SQLite: locked past the busy timeout and retries, or the disk failing or full. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)/;
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|the database system is (shutting down|starting up|in recovery mode)|Client has encountered a connection error|Connection is not established|SQLITE_(BUSY|IOERR|FULL|CANTOPEN)/;

/** The database could not be reached or cannot work right now: the request may succeed later. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const cause = causeOf(err);
  if (!cause) return false;
  const code = typeof cause.code === 'string' ? cause.code : '';
  return PG_UNAVAILABLE.test(code) || NODE_UNAVAILABLE.has(code) || SQLITE_UNAVAILABLE.test(code) || UNAVAILABLE_MESSAGE.test(String(cause.message ?? ''));
}

/**
 * The statement broke a unique constraint or primary key (PostgreSQL SQLSTATE 23505; SQLite
 * SQLITE_CONSTRAINT saying "UNIQUE constraint failed", a code NOT NULL and foreign keys
 * share): another writer got there first and the caller's check-then-insert lost the race.
 */
export function isUniqueViolation(err: unknown): boolean {
  const cause = causeOf(err);
  if (!cause) return false;
  if (cause.code === '23505') return true;
  return cause.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed/.test(String(cause.message ?? ''));
}

/** A connection URL fit for a message: no password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}
