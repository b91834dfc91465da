import express from 'express';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { createLogger, httpLogSerializers, redactLogValue, redactUrl, serializeError } from '../../core/logger';
import { errorHandler } from '../../server/errors';

/** A logger writing JSON lines into an array, as the server's does to stdout. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** What TypeORM throws when an INSERT fails: the SQL and its parameters ride along. */
function queryFailed() {
  const driverError = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
    code: '23505',
    detail: 'Key (email)=(jean.dupont@example.fr) already exists.',
    parameters: ['Jean Dupont', 'jean.dupont@example.fr'],
  });
  return new QueryFailedError('INSERT INTO "users"("name", "email") VALUES ($1, $2)', ['Jean Dupont', 'jean.dupont@example.fr', '4111111111111111'], driverError);
}

describe('log redaction', () => {
  it.each([
    ['/api/tickets/4111111111111111', '/api/tickets/•••• •••• •••• 1111'],
    ['/api/tickets?q=4192%202721%209748%208948', '/api/tickets?q=•••• •••• •••• 8948'],
    ['/api/tickets?q=4192+2721+9748+8948&limit=5', '/api/tickets?q=•••• •••• •••• 8948&limit=5'],
    ['/api/tickets?q=4111%C2%A01111%C2%A01111%C2%A01111', '/api/tickets?q=•••• •••• •••• 1111'],
    ['/api/tickets/%ZZ?q=4111%2F1111%2F1111%2F1111', '/api/tickets/%ZZ?q=•••• •••• •••• 1111'],
    ['/api/tickets/%C3?q=%20x', '/api/tickets/%C3?q= x'],
    ['/api/tickets/SFX-10042?after=12', '/api/tickets/SFX-10042?after=12'],
  ])('decodes then redacts the URL %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  it('keeps name, message, code and stack of an error, never its SQL or parameters', () => {
    const serialized = serializeError(queryFailed()) as Record<string, unknown>;
    expect(Object.keys(serialized).sort()).toEqual(['code', 'message', 'name', 'stack']);
    expect(serialized).toMatchObject({ name: 'QueryFailedError', code: '23505', message: expect.stringContaining('users_email_key') });
    expect(serializeError(new Error('carte 4111 1111 1111 1111 refusée'))).toMatchObject({ message: 'carte •••• •••• •••• 1111 refusée' });
  });

  it('redacts every string of a log object, at any depth, and serializes the errors inside', () => {
    const cyclic: Record<string, unknown> = { note: 'ok' };
    cyclic.self = cyclic;
    const safe = redactLogValue({
      ticket: { description: '4111\u00a01111\u00a01111\u00a01111', tags: ['4111-1111-1111-1111', 'SFX-10042'], amount: 12.5 },
      at: new Date('2026-11-23T09:00:00Z'),
      nested: { error: queryFailed() },
      cyclic,
    });
    expect(JSON.stringify(safe)).not.toMatch(/4111.?1111|Jean|jean\.dupont|INSERT/);
    expect(safe).toMatchObject({
      ticket: { description: '•••• •••• •••• 1111', tags: ['•••• •••• •••• 1111', 'SFX-10042'], amount: 12.5 },
      at: new Date('2026-11-23T09:00:00Z'),
      nested: { error: { name: 'QueryFailedError' } },
      cyclic: { note: 'ok', self: '[Circular]' },
    });
  });

  it('masks card numbers in messages, interpolated values, bindings and error messages', () => {
    const { logger, lines } = capturedLogger();
    logger.child({ customer: '4111 1111 1111 1111' }).info({ q: '5555 5555 5555 4444' }, 'searched for %s', '4242 4242 4242 4242');
    logger.error(new Error('card 4111 1111 1111 1111 declined'));
    logger.error({ err: queryFailed() });
    const text = lines.join('');
    expect(text).not.toMatch(/4111 1111|5555 5555|4242 4242|Jean|jean\.dupont|INSERT|"parameters"|"query"|"detail"|driverError/);
    expect(text).toContain('searched for •••• •••• •••• 4242');
    expect(text).toContain('"msg":"card •••• •••• •••• 1111 declined"');
  });

  it('writes no card number and no SQL parameter for a request that fails with a 500', async () => {
    const { logger, records, lines } = capturedLogger();
    const app = express();
    app.use(pinoHttp({ logger, serializers: httpLogSerializers }));
    app.get('/api/tickets/:id', () => {
      throw queryFailed();
    });
    app.use(errorHandler(logger));

    await request(app).get('/api/tickets/4111111111111111?q=4192%202721%209748%208948').expect(500);
    await request(app).get('/api/tickets/4111%C2%A01111%C2%A01111%C2%A01111?q=4192+2721+9748+8948').expect(500);

    const text = lines.join('');
    expect(text).not.toMatch(/4111(?:%C2%A0|\s)?1111|4192|2721|Jean|jean\.dupont|INSERT|"parameters"|"query"|"detail"|driverError/);
    const unexpected = records().filter((r) => r.msg === 'unexpected error');
    expect(unexpected).toHaveLength(2);
    expect(unexpected[0]).toMatchObject({
      url: '/api/tickets/•••• •••• •••• 1111?q=•••• •••• •••• 8948',
      err: { name: 'QueryFailedError', code: '23505' },
    });
    const completed = records().filter((r) => r.res);
    expect(completed.map((r) => (r.req as { url: string }).url)).toEqual([
      '/api/tickets/•••• •••• •••• 1111?q=•••• •••• •••• 8948',
      '/api/tickets/•••• •••• •••• 1111?q=•••• •••• •••• 8948',
    ]);
  });
});
