import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app';
import { errorCodes } from '../../domain/error-codes';
import { startHarness, type Harness } from '../support/harness';
import { openApiChecker } from '../support/openapi-checker';
import { mountedRoutes } from '../support/openapi-routes';
import { coverageSoFar } from '../support/openapi-recorder';

/*
 * The OpenAPI document (server/openapi/, served at /api/openapi.json): valid OpenAPI 3.1, one
 * operation for every route Express mounts and no operation for a route that does not exist,
 * each with a success answer, its error codes and who may call it.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(() => h.close());

const checker = openApiChecker();
const doc = checker.doc;

/** @seriousme/openapi-schema-validator is an ES module: run in a Node of its own on the served document. */
function validateOpenApi(document: unknown): { valid: boolean; errors?: unknown } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-openapi-')), 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(document));
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    import { readFileSync } from 'node:fs';
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(readFileSync(process.argv[1], 'utf8')));
    console.log(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, file], { cwd: path.join(__dirname, '../..'), encoding: 'utf8' });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return JSON.parse(out) as { valid: boolean; errors?: unknown };
}

describe('the OpenAPI document', () => {
  test('GET /api/openapi.json serves it, public, and it is valid OpenAPI 3.1', async () => {
    const res = await h.http().get('/api/openapi.json').expect(200).expect('Content-Type', /json/);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
    const result = validateOpenApi(res.body);
    expect(result.errors ?? null).toBeNull();
    expect(result.valid).toBe(true);
  });

  test('a document that is not valid OpenAPI is refused by the same check (the check can fail)', () => {
    const broken = JSON.parse(JSON.stringify(doc));
    broken.paths['/api/tickets'].post.responses = 'none';
    expect(validateOpenApi(broken).valid).toBe(false);
  });

  test('every route Express mounts is documented, and every documented operation is a mounted route', () => {
    const { routes, opaqueMounts } = mountedRoutes(() => createApp(h.ctx));
    expect(routes.length).toBeGreaterThan(40);
    const mounted = new Set(routes.map((r) => `${r.method} ${r.path.replace(/\{[^}]+\}/g, '{}')}`));
    const documented = new Set(checker.operations.map((o) => `${o.method.toUpperCase()} ${o.template.replace(/\{[^}]+\}/g, '{}')}`));
    const undocumented = [...mounted].filter((r) => !documented.has(r)).sort();
    const missing = [...documented].filter((o) => !mounted.has(o) && !opaqueMounts.some((m) => o === `GET ${m}`)).sort();
    expect({ undocumented, missing }).toEqual({ undocumented: [], missing: [] });
    // The queue board is a sub-app: documented as its page.
    expect(opaqueMounts).toEqual(['/admin/queues']);
  });

  test('every operation says who may call it, has a success answer and error answers listing known codes', () => {
    const problems: string[] = [];
    for (const op of checker.operations) {
      const o = op.operation as Record<string, unknown> & { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
      if (!o.summary) problems.push(`${op.key}: no summary`);
      if (!o.tags || !(o.tags as string[]).length) problems.push(`${op.key}: no tag`);
      if (!Array.isArray(o.security)) problems.push(`${op.key}: no security`);
      const statuses = Object.keys(o.responses);
      if (!statuses.some((s) => /^[23]/.test(s))) problems.push(`${op.key}: no success answer`);
      if (!statuses.some((s) => /^[45]/.test(s))) problems.push(`${op.key}: no error answer`);
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        const schema = o.responses[status].content?.['application/json']?.schema as { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } | undefined;
        const codes = schema?.properties?.error?.properties?.code?.enum;
        if (!codes?.length) {
          if (!(op.template === '/healthz' && status === '503')) problems.push(`${op.key} ${status}: no error codes`);
          continue;
        }
        for (const code of codes) if (!(errorCodes as readonly string[]).includes(code)) problems.push(`${op.key} ${status}: unknown code ${code}`);
      }
      // What any route may answer is there on every one.
      for (const [status, code] of [['500', 'internal_error'], ['503', 'database_unavailable'], ['400', 'invalid_json']]) {
        const codes = (o.responses[status]?.content?.['application/json']?.schema as { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } | undefined)?.properties?.error?.properties?.code?.enum;
        if (!(op.template === '/healthz' && status === '503') && !codes?.includes(code)) problems.push(`${op.key}: ${status} ${code} not listed`);
      }
      const security = o.security as Array<Record<string, unknown>>;
      if (security.some((s) => 'session' in s) && !(o.responses['401'] && o.responses['403'])) problems.push(`${op.key}: signed-in but no 401/403`);
    }
    expect(problems).toEqual([]);
  });

  test('the response check finds what differs from the document (an undocumented path, status, field or type)', () => {
    const json = (v: unknown) => Buffer.from(JSON.stringify(v));
    expect(checker.check('GET', '/api/nowhere', 200, 'application/json', json({})).mismatch?.problem).toMatch(/no documented path/);
    // …but the unknown route's own 404 is what such a path answers.
    expect(checker.check('GET', '/api/nowhere', 404, 'application/json', json({ error: { code: 'not_found', message: 'No route for GET /api/nowhere.', details: null } })).mismatch).toBeNull();
    expect(checker.check('GET', '/api/nowhere', 404, 'application/json', json({ error: { code: 'not_found', message: 'No such ticket.', details: null } })).mismatch).not.toBeNull();
    expect(checker.check('GET', '/api/sla/due', 418, 'application/json', json({})).mismatch?.problem).toMatch(/status 418 not documented/);
    const due = { due: '2026-11-24T09:00:00.000Z', brand: 'sofimix', timeZone: 'Europe/Paris' };
    expect(checker.check('GET', '/api/sla/due', 200, 'application/json; charset=utf-8', json(due)).mismatch).toBeNull();
    expect(checker.check('GET', '/api/sla/due', 200, 'application/json', json({ ...due, secret: 'x' })).mismatch?.problem).toMatch(/additional/);
    expect(checker.check('GET', '/api/sla/due', 200, 'application/json', json({ ...due, due: 42 })).mismatch?.problem).toMatch(/\/due must be string/);
    expect(checker.check('GET', '/api/sla/due', 200, 'text/html', Buffer.from('<p>')).mismatch?.problem).toMatch(/media type text\/html/);
    const error = (code: string) => json({ error: { code, message: 'm', details: null } });
    expect(checker.check('GET', '/api/sla/due', 400, 'application/json', error('validation_failed')).mismatch).toBeNull();
    expect(checker.check('GET', '/api/sla/due', 400, 'application/json', error('slug_taken')).mismatch?.problem).toMatch(/allowed values/);
    expect(checker.check('DELETE', '/api/sla/due', 404, 'application/json', error('not_found')).mismatch?.problem).toMatch(/method not documented/);
    // The literal path wins over a parameter: /api/brands/current is not /api/brands/{slug}.
    expect((checker.find('GET', '/api/brands/current') as { template: string }).template).toBe('/api/brands/current');
  });

  // Run last in a suite (`OPENAPI_COVERAGE_SUMMARY=1 jest --runInBand … test/integration/openapi.test.ts`): which operations the files before it exercised.
  test('coverage of the document by the test files run so far (a summary, with OPENAPI_COVERAGE_SUMMARY=1)', () => {
    // This file's own requests are recorded too (appended to the run's file when it closes).
    expect(h.openapi!.exercised.get('GET /api/openapi.json 200')).toBeGreaterThan(0);
    const { exercised, never } = coverageSoFar(checker.operations.map((o) => o.key));
    if (process.env.OPENAPI_COVERAGE_SUMMARY) {
      const successes = checker.operations.filter((o) => [...(exercised.get(o.key) ?? [])].some((s) => s < 300)).length;
      process.stderr.write(
        `OpenAPI coverage: ${exercised.size} of ${checker.operations.length} operations exercised, ${successes} with a success; never: ${never.join(', ') || 'none'}\n`,
      );
    }
  });
});
