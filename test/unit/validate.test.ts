import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { logger } from '../../core/logger';
import { errorCodes } from '../../domain/error-codes';
import { errorHandler } from '../../server/errors';
import { validate } from '../../server/validate';

/** A tiny app with the product's validator and error middleware. */
function app() {
  const a = express();
  a.use(express.json());
  a.post(
    '/things/:n',
    validate({ params: z.strictObject({ n: z.coerce.number().int() }), query: z.strictObject({ dry: z.enum(['yes', 'no']).default('no') }), body: z.strictObject({ name: z.string().min(1) }) }, ({ params, query, body }, _req, res) => {
      res.status(201).json({ n: params.n, dry: query.dry, name: body.name });
    }),
  );
  // A ZodError from our own parsing (a stored row, a job payload) is a bug, not the client's fault.
  a.get('/internal', () => {
    z.strictObject({ stored: z.string() }).parse({ stored: 42 });
  });
  a.use(errorHandler(logger));
  return a;
}

describe('validate({ params, query, body })', () => {
  it('hands the handler the parsed values', async () => {
    const res = await request(app()).post('/things/7?dry=yes').send({ name: 'x' }).expect(201);
    expect(res.body).toEqual({ n: 7, dry: 'yes', name: 'x' });
  });

  it('answers 400 validation_failed naming the field of whichever part is wrong', async () => {
    for (const [path, body, field] of [
      ['/things/seven', { name: 'x' }, 'n'],
      ['/things/7?dry=maybe', { name: 'x' }, 'dry'],
      ['/things/7', { name: '' }, 'name'],
    ] as const) {
      const res = await request(app()).post(path).send(body).expect(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ field })] });
    }
  });
});

describe('the error catalogue', () => {
  it('answers 500 internal_error, not 400, to a ZodError of our own parsing', async () => {
    const res = await request(app()).get('/internal').expect(500);
    expect(res.body).toEqual({ error: { code: 'internal_error', message: expect.any(String), details: null } });
  });

  it('lists each code once', () => {
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
  });
});
