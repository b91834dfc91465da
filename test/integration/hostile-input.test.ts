import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { EXPORT_LINK_TTL_MS, exportToken } from '../../core/personal-data-export';
import { sofimixPreset } from '../../domain/brand-presets';
import { MAX_DUE_MINUTES } from '../../domain/ticket.schemas';
import { signedEvent, startFakeStripe, type FakeStripe } from '../support/fake-stripe';
import { doubleCharge, PDF_BYTES, PNG_BYTES, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { arbitraryFor, queryArbitrary, type JsonSchema } from '../support/openapi-arbitraries';
import { openApiChecker, type OperationRef } from '../support/openapi-checker';
import { waitFor } from '../support/wait';

/*
 * Bad input never gives a 5xx. For every operation of the OpenAPI document (server/openapi/:
 * a route documented there is fuzzed here, whoever added it), requests are generated from its
 * JSON schemas (test/support/openapi-arbitraries.ts, with real fixtures' values for path
 * parameters and for fields such as `version`), sent valid — whose successes the harness checks
 * against the document's response schema — then mutated: fields of the wrong type, too long,
 * with NUL bytes or odd Unicode, missing or extra (prototype keys too), numbers as strings,
 * arrays and nested objects for scalars, hostile path segments, query strings and headers,
 * broken JSON and multipart. Each goes with the role the operation documents (CSRF token
 * included, so they reach the handlers). Each answer must be a success or a 4xx in the one
 * error shape `{ error: { code, message, details } }`: never a 5xx, an HTML page or a stack
 * trace. Runs are seeded (one seed per operation), so a failure replays the same way in CI.
 */

const SEED = Number(process.env.HOSTILE_INPUT_SEED ?? 11_2026);
/** Per operation (twice for the forms): about as many requests in all as the hand-written routes sent. */
const RUNS = Number(process.env.HOSTILE_INPUT_RUNS ?? 20);
const TIME_LIMIT_MS = 10_000;
fc.configureGlobal({ seed: SEED, numRuns: RUNS });

let h: Harness;
type Who = 'public' | 'customer' | 'agent' | 'manager' | 'admin';
let clients: Record<'agent' | 'manager' | 'admin', SignedInClient>;
interface Fixture {
  id: string;
  reference: string;
  accessToken: string;
  fileId: string;
}
let tickets: Fixture[];
let victimUserId: string;
let queueCursor: string;

/** What was sent and what came back, for the summary at the end (HOSTILE_INPUT_SUMMARY=1). */
const tally = { tried: 0, byStatus: new Map<number, number>(), validSuccess: new Set<string>(), validAnswers: new Map<string, string[]>() };

beforeAll(async () => {
  // Intake limits high enough that generated reports reach the handler rather than a 429.
  // Webhooks to a receiver on 127.0.0.1 that takes every delivery.
  receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/guichet`;
  // The default shop connected to a fake Stripe that holds each fixture's payment, so that refunds and Stripe's webhooks reach their handlers.
  stripe = await startFakeStripe();
  for (let i = 0; i < 3; i++) stripe.addCharge({ id: `ch_fuzz${i}`, amount: 5990, created: new Date('2026-01-20T13:32:00Z'), email: `client${i}@example.fr`, orderId: `SFX-2000${i}` });
  h = await startHarness({ env: { INTAKE_RATE_PER_IP: '100000', INTAKE_RATE_PER_EMAIL: '100000', WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true', WEBHOOK_DISPATCH_INTERVAL_MS: '200', STRIPE_API_URL: stripe.url } });
  // Every sign-in before the login route is fuzzed: its per-address limit would refuse them after.
  clients = { agent: await h.signIn('agent', 'Fuzz Agent'), manager: await h.signIn('manager', 'Fuzz Manager'), admin: await h.signIn('admin', 'Fuzz Admin') };
  await clients.admin.put('/api/brands/sofimix/connectors/stripe', { secretKey: STRIPE_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET }).expect(200);
  tickets = [];
  for (let i = 0; i < 3; i++) {
    const res = await h
      .http()
      .post('/api/tickets')
      .field('type', 'double_charge')
      .field('customerName', `Client ${i}`)
      .field('customerEmail', `client${i}@example.fr`)
      .field('orderNumber', `SFX-2000${i}`)
      .field('paymentTime', '2026-01-20T14:32:00+01:00')
      .field('amount', '59,90')
      .field('cardType', 'visa')
      .attach('evidence', PNG_BYTES, 'sms.png')
      .expect(201);
    const detail = await clients.agent.get(`/api/tickets/${res.body.id}`).expect(200);
    tickets.push({ id: res.body.id, reference: res.body.reference, accessToken: res.body.accessToken, fileId: detail.body.files[0].id });
  }
  const victim = await clients.admin.post('/api/users', { email: 'fuzz.victim@guichet.test', name: 'Fuzz Victim', role: 'agent', password: 'a long enough password' }).expect(201);
  victimUserId = victim.body.id;
  // A shop of its own for the brand routes: what the fuzzer's valid policies change is nobody else's.
  await clients.admin.post('/api/brands', { slug: 'fuzz-shop', name: 'Fuzz Shop', policy: sofimixPreset.policy }).expect(201);
  const shop = (await h.ctx.db.repos.brands.findBySlug('sofimix'))!;
  await waitFor(async () => (await Promise.all(tickets.map((_, i) => h.ctx.db.repos.payments.findByProviderId(shop.id, `ch_fuzz${i}`)))).every(Boolean), 15_000, 'the fixtures’ payments read from Stripe');
  queueCursor = (await clients.agent.get('/api/tickets?limit=1').expect(200)).body.nextCursor;
  await findCollectionIds();
  await ensureWebhook();
}, 60_000);

afterAll(async () => {
  if (process.env.HOSTILE_INPUT_SUMMARY) {
    const statuses = [...tally.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ');
    process.stderr.write(`hostile input on ${process.env.TEST_DATABASE}: ${tally.tried} requests (${statuses}); a valid request succeeded on ${tally.validSuccess.size} of ${routes.length} operations; never: ${routes.filter((r) => !tally.validSuccess.has(r.key)).map((r) => `${r.key} (${[...new Set(tally.validAnswers.get(r.key) ?? [])].join(', ')})`).join('; ')}\n`);
  }
  await h?.close();
  receiver?.close();
  await stripe?.close();
});

/* ---------- hostile values ---------- */

/** Around every column length of the migrations (64, 120, 254, 255, 500, 5000, 10000) and past the body limit. */
const LENGTHS = [4, 5, 20, 21, 36, 37, 64, 65, 120, 121, 200, 201, 254, 255, 256, 500, 501, 1024, 1025, 5000, 5001, 10_000, 10_001, 60_000];
const EDGE_STRINGS = [
  '', ' ', '\t\n', '\u0000', 'a\u0000b', '\u0000\u0000\u0000', '%00', '%ZZ', '%', '\\u0000',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  '1.5', '1e20', '1e300', '-1', '0', '-0', '00', '0x10', '2147483647', '2147483648', '4294967296', '9007199254740993', '9223372036854775808', '-9223372036854775809',
  'NaN', 'Infinity', '-Infinity', 'null', 'undefined', 'true', 'false', '[]', '{}', '[object Object]',
  "' OR '1'='1' --", '"; DROP TABLE tickets; --', '<script>alert(1)</script>', '{{7*7}}', '${7*7}', '../../../etc/passwd', 'C:\\Windows\\win.ini',
  '\ud800', '\udfff', 'a\ud800b', '\u202e', '\ufeff', '\u200b', 'é', 'ß', 'İ', 'ﷺ', '🦄', '👩‍👩‍👧‍👦', 'Ǆ', '\u0085', '\u2028',
  '4111 1111 1111 1111', '4111\u00a01111\u00a01111\u00a01111', '4111111111111111',
  'GCH-0000-0000', 'gch-t0sp-75he', '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  'a@b', 'a@b.c', '@example.fr', 'x@' + 'a'.repeat(250) + '.fr', 'marie\u0000@example.fr', 'MARIE@EXAMPLE.FR ',
  '2026-02-30T25:61:00Z', '2026-01-20T14:32', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', '1969-12-31T23:59:59.999Z', '2026-13-01', '2026-01-01',
  'me', 'unassigned', 'due', 'created', 'csv', 'json', 'refunded', 'duplicate_of', 'visa', 'fr', 'admin',
];
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('a', 'é', '🦄', '9', ' ', '\u0000'), fc.constantFrom(...LENGTHS)).map(([c, n]) => c.repeat(n)) },
);
const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 1.5, 0.1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 1e20, 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', '\u0000', 'a.b', 'a[b]', '$where', 'version', 'role', 'isAdmin'),
  fc.string({ maxLength: 12 }),
);

/** An object whose keys are all its own, `__proto__` included (a spread or an assignment would set the prototype instead). */
function ownObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const { value: hostileValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    { weight: 4, arbitrary: hostileString },
    { weight: 3, arbitrary: hostileNumber },
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 3 }).map(ownObject),
  ),
}));

/** The value as text with a NUL character put in it somewhere (PostgreSQL refuses to store one). */
const withNul = (value: unknown, at: number) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  const i = at % (text.length + 1);
  return `${text.slice(0, i)}\u0000${text.slice(i)}`;
};

/** The valid body, or one mutation of it: a field changed, suffixed, retyped, dropped or added, or another value altogether. */
function mutatedBody(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const extra = fc.tuple(hostileKey, hostileValue).map(([k, v]) => ownObject([...Object.entries(valid), [k, v]]));
  if (!keys.length) return fc.oneof(fc.constant(valid), extra, hostileValue);
  const key = fc.constantFrom(...keys);
  const retyped = (v: unknown): unknown =>
    typeof v === 'number' ? String(v) : typeof v === 'string' && /^-?\d+([.,]\d+)?$/.test(v) ? Number(v.replace(',', '.')) : typeof v === 'boolean' ? String(v) : [v];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(valid) },
    { weight: 4, arbitrary: fc.tuple(key, hostileValue).map(([k, v]) => ({ ...valid, [k]: v })) },
    { weight: 3, arbitrary: fc.tuple(key, hostileString).map(([k, s]) => ({ ...valid, [k]: `${String(valid[k])}${s}` })) },
    { weight: 2, arbitrary: fc.tuple(key, fc.nat()).map(([k, at]) => ({ ...valid, [k]: withNul(valid[k], at) })) },
    key.map((k) => ({ ...valid, [k]: retyped(valid[k]) })),
    key.map((k) => ({ ...valid, [k]: { value: valid[k] } })),
    key.map((k) => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== k))),
    { weight: 2, arbitrary: extra },
    fc.array(fc.tuple(key, hostileValue), { minLength: 2, maxLength: 4 }).map((pairs) => ({ ...valid, ...Object.fromEntries(pairs) })),
    hostileValue,
  );
}

/** Bodies that are not the JSON they claim to be, or are sent as something else. */
const rawBody = fc.record({
  type: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=xyz',
    'application/xml',
  ),
  body: fc.oneof(
    fc.constantFrom(
      '{',
      '{"a":',
      'null',
      '"text"',
      '[]',
      '[{}]',
      '12',
      '{"__proto__":{"role":"admin"}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"version":1e400}',
      '{"version":1,"version":"1"}',
      '\u0000',
      '{"body":"\\u0000"}',
      '{"body":"\\ud800"}',
      '\ufeff{}',
      `${'['.repeat(3000)}${']'.repeat(3000)}`,
      'a=1&b[c]=2',
      '--xyz\r\nContent-Disposition: form-data; name="type"\r\n\r\ndouble_charge\r\n--xyz--',
      '--xyz\r\nContent-Disposition: form-data; name="evidence"; filename="a\u0000.png"\r\nContent-Type: image/png\r\n\r\nxx\r\n--xyz--\r\n',
      '--xyz\r\nContent-Disposition: form-data\r\n\r\n',
    ),
    hostileString,
  ),
});

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes as the bytes of one: not UTF-8. */
function encode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return `${encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'))}%ED%A0%80`;
  }
}

/** A path segment: already encoded, or malformed on purpose. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%ZZ', '%', '%E9', '%C0%80', '%ED%A0%80', '%00', 'a%00b', '%2F', '%2e%2e', '%25', '%FF%FE', '0', '-1', '1e300', 'x'.repeat(3000), 'GCH-0000-0000', '00000000-0000-0000-0000-000000000000'),
  hostileString.map(encode),
);

/** Query-string pieces that no encoder would produce. */
const rawQueryPiece = fc.constantFrom('%', '%ZZ', '%E9', '%C3', '%00=%00', 'a[b]=c', 'a[]=1&a[]=2', '&&', '=', '=x', '__proto__[role]=admin', 'constructor[prototype][x]=1', 'limit=1&limit=2', 'x'.repeat(5000));

/** The valid query, or one mutation of it, as a query string. */
function mutatedQuery(valid: Record<string, string>): fc.Arbitrary<string> {
  const entries = Object.entries(valid);
  const toQuery = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  const asText = fc.oneof(hostileString, hostileNumber.map(String));
  const options: Array<fc.Arbitrary<string> | fc.WeightedArbitrary<string>> = [
    { weight: 2, arbitrary: fc.constant(toQuery(entries)) },
    fc.tuple(hostileKey, asText).map(([k, v]) => toQuery([...entries, [k, v]])),
    fc.tuple(rawQueryPiece, fc.boolean()).map(([raw, first]) => (first ? `${raw}&${toQuery(entries)}` : `${toQuery(entries)}&${raw}`)),
  ];
  if (entries.length) {
    const index = fc.nat(entries.length - 1);
    options.push(
      { weight: 4, arbitrary: fc.tuple(index, asText).map(([i, v]) => toQuery(entries.map(([k, old], j) => [k, i === j ? v : old]))) },
      fc.tuple(index, hostileString).map(([i, s]) => toQuery(entries.map(([k, old], j) => [k, i === j ? old + s : old]))),
      fc.tuple(index, fc.nat()).map(([i, at]) => toQuery(entries.map(([k, old], j) => [k, i === j ? withNul(old, at) : old]))),
      index.map((i) => toQuery(entries.filter((_, j) => j !== i))),
      fc.tuple(index, asText).map(([i, v]) => toQuery([...entries, [entries[i][0], v]])), // the key twice: an array
      index.map((i) => `${encode(entries[i][0])}[x]=${encode(entries[i][1])}`),
    );
  }
  return fc.oneof(...options);
}

/* ---------- routes: every operation of the OpenAPI document ---------- */

/** Markers a generated value holds, replaced when the request is sent by what the fixtures are then. */
const VERSION = '<current version>';
const OTHER_VERSION = '<other version>';
const AGENT_ID = '<agent id>';
const OTHER_REFERENCE = '<other reference>';
const TICKET_ID = '<ticket id>';
const MACRO_ID = '<macro id>';
const CURSOR = '<cursor>';
/** An export link of a fixture's, written afresh before each valid request to it (a link works once). */
let exportTokenNow = '00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const MACRO_VERSION = '<macro version>';
const WEBHOOK_URL = '<webhook url>';
const TRANSACTION_ID = '<transaction id>';
const STRIPE_KEY = `rk_test_${'f'.repeat(24)}`;
const STRIPE_WEBHOOK_SECRET = `whsec_${'e'.repeat(24)}`;
let stripe: FakeStripe;
let receiver: http.Server;
let webhookUrl: string;
const PAST = '2026-01-20T14:32:00+01:00';

/**
 * Values real fixtures hold, by field or query parameter name: a schema says `version` is a
 * positive integer, not which one the ticket is at, so without these every write would stop at
 * 409 and every id at 404, and the handlers behind them would never run.
 */
const hints: Record<string, fc.Arbitrary<unknown>> = {
  version: fc.constant(VERSION),
  intoVersion: fc.constant(OTHER_VERSION),
  assigneeId: fc.constant(AGENT_ID),
  userId: fc.constant(AGENT_ID),
  duplicateOfReference: fc.constant(OTHER_REFERENCE),
  into: fc.constant(OTHER_REFERENCE),
  ticketId: fc.constant(TICKET_ID),
  macroId: fc.constant(MACRO_ID),
  cursor: fc.constant(CURSOR),
  sort: fc.constant('due'),
  brand: fc.constantFrom('sofimix', 'fuzz-shop'),
  cardType: fc.constant('visa'),
  currency: fc.constant('EUR'),
  amount: fc.constantFrom('59,90', 12.5, '1'),
  secondDebitAmount: fc.constant('59.90'),
  paymentTime: fc.constant(PAST),
  refundDate: fc.constant(PAST),
  orderTime: fc.constant(PAST),
  secondDebitTime: fc.constant(PAST),
  refundedAt: fc.constant(PAST),
  customerName: fc.constant('Marie Curie'),
  customerEmail: fc.constantFrom('marie.curie@example.fr', 'client0@example.fr'),
  // Never a fixture's customer: an erasure of theirs would leave the later operations nothing to work on.
  email: fc.constantFrom('nobody.fuzz@example.fr', 'nouvel.agent@guichet.test'),
  password: fc.constant('a long enough password'),
  policy: fc.constantFrom(sofimixPreset.policy, { ...sofimixPreset.policy, hostNames: ['fuzz.example.test'] }),
  start: fc.constant('2026-11-20T14:32:00+01:00'),
  minutes: fc.constantFrom('450', '0', String(MAX_DUE_MINUTES)),
  limit: fc.constantFrom('1', '10', '100'),
  after: fc.constantFrom('0', '5'),
  status: fc.constantFrom('new,triaged,awaiting_customer', 'in_progress'),
  from: fc.constant('2026-01-01'),
  to: fc.constant('2026-12-31'),
  transactionId: fc.constant(TRANSACTION_ID),
  amountCents: fc.constantFrom(100, 250),
  // A mailbox the workers would call: nowhere that answers. A webhook: the test's receiver.
  host: fc.constant('127.0.0.1'),
  port: fc.constant(9),
  url: fc.constant(WEBHOOK_URL),
  secretKey: fc.constant(`rk_test_${'a'.repeat(24)}`),
  webhookSecret: fc.constant(`whsec_${'b'.repeat(24)}`),
};

/** Hints of one operation only, where a name means something else elsewhere (`format`: the reports' json or csv). */
const macroHints = { status: fc.constantFrom('in_progress', 'awaiting_customer', null), to: fc.constantFrom('me', 'nobody', 'user'), userId: fc.constant(AGENT_ID) };
const operationHints: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  'POST /api/payments/import': { format: fc.constant('stripe_payments') },
  'POST /api/macros': macroHints,
  'PUT /api/macros/{id}': { ...macroHints, version: fc.constant(MACRO_VERSION) },
};

interface Route {
  /** `POST /api/tickets/{id}/claim` */
  key: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  template: string;
  who: Who[];
  /** A valid query and body (as the document describes them), before mutation; `exact`: with the fixtures' values wherever a hint names one. */
  valid: fc.Arbitrary<{ query: Record<string, string>; body: Record<string, unknown> | null }>;
  exact: fc.Arbitrary<{ query: Record<string, string>; body: Record<string, unknown> | null }>;
  hasQuery: boolean;
  json: boolean;
  /** The multipart form's file field (`evidence`, `attachments`, `file`), when it takes one. */
  fileField: string | null;
  multipart: boolean;
  idempotent: boolean;
}

const checker = openApiChecker();
const arbitraryOptions = { root: checker.doc, hints };

/** Who the document says may call (`x-guichet-role`, else its security): that role most of the time, nobody now and then. */
function callersOf(operation: Record<string, unknown>, tags: string[]): Who[] {
  const security = (operation.security as Array<Record<string, unknown>> | undefined) ?? [];
  const role = operation['x-guichet-role'] as string | undefined;
  // Signing out or in with the fixtures' sessions would end them.
  if (tags.includes('auth')) return ['public'];
  if (role === 'public' || role === 'stripe' || (!role && !security.length)) return ['public'];
  if (role === 'customer') return security.some((s) => 'session' in s) ? ['customer', 'customer', 'agent', 'public'] : ['customer', 'customer', 'customer', 'public'];
  const staff: Who = role === 'agent' || role === 'manager' || role === 'admin' ? role : security.some((s) => 'apiToken' in s) ? 'agent' : 'admin';
  return [staff, staff, staff, staff, 'public'];
}

function routeOf(op: OperationRef): Route {
  const o = op.operation as unknown as Record<string, unknown> & {
    parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>;
    requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
    tags?: string[];
  };
  const content = o.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  const formSchema = content['multipart/form-data']?.schema;
  const formProps = formSchema?.properties ?? {};
  const fileField =
    Object.entries(formProps).find(([, p]) => p.format === 'binary' || (p as JsonSchema).items?.format === 'binary' || (p.anyOf ?? []).some((b) => b.items?.format === 'binary'))?.[0] ?? null;
  // A form-only route (the payment import): its text fields, generated from the form's schema without the file.
  const bodySchema: JsonSchema | undefined =
    jsonSchema ?? (formSchema ? { ...formSchema, properties: Object.fromEntries(Object.entries(formProps).filter(([k]) => k !== fileField)), required: (formSchema.required ?? []).filter((k) => k !== fileField) } : undefined);
  const parameters = o.parameters ?? [];
  const options = { ...arbitraryOptions, hints: { ...hints, ...operationHints[op.key] } };
  return {
    key: op.key,
    method: op.method as Route['method'],
    template: op.template,
    who: callersOf(o, o.tags ?? []),
    valid: fc.record({
      query: queryArbitrary(parameters, options),
      body: bodySchema ? (arbitraryFor(bodySchema, options) as fc.Arbitrary<Record<string, unknown>>) : fc.constant(null),
    }),
    exact: fc.record({
      query: queryArbitrary(parameters, { ...options, alwaysHint: true }),
      body: bodySchema ? (arbitraryFor(bodySchema, { ...options, alwaysHint: true }) as fc.Arbitrary<Record<string, unknown>>) : fc.constant(null),
    }),
    hasQuery: parameters.some((p) => p.in === 'query'),
    json: Boolean(jsonSchema),
    fileField,
    multipart: Boolean(formSchema),
    idempotent: parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
  };
}

/** Every documented operation but the queue board's page (bull-board's own), sign-in last: its per-address limit answers 429 after 50 attempts. */
const routes = checker.operations
  .filter((op) => !op.template.startsWith('/admin/'))
  .map(routeOf)
  .sort((a, b) => Number(a.key === 'POST /api/auth/login') - Number(b.key === 'POST /api/auth/login'));

/** Path parameters from the fixtures, by the collection they name and their own name. */
function pathValue(template: string, name: string, p: Probe): string {
  const t = ticketOf(p);
  const collection = template.split('/')[2];
  if (collection === 'tickets') {
    if (name === 'fileId') return t.fileId;
    if (name === 'reference') return t.reference.toLowerCase();
    return p.ticket % 2 ? t.reference : t.id;
  }
  if (collection === 'users') return victimUserId;
  if (collection === 'brands') return 'fuzz-shop';
  if (collection === 'payments') return 'sofimix';
  if (collection === 'personal-data') return exportTokenNow;
  if (name === 'deliveryId') return deliveryId ?? '00000000-0000-4000-8000-000000000000';
  return collectionIds.get(collection) ?? '00000000-0000-4000-8000-000000000000';
}

/** For the collections of the other modules (macros, API tokens, webhooks…): the id of a row their own list answers. */
const collectionIds = new Map<string, string>();
async function findCollectionIds() {
  for (const collection of new Set(routes.map((r) => r.template.split('/')[2]))) {
    if (['tickets', 'users', 'brands', 'payments', 'personal-data'].includes(collection)) continue;
    const res = await clients.admin.get(`/api/${collection}`);
    const id = firstId(res.body);
    if (id) collectionIds.set(collection, id);
  }
}
function firstId(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const v of value) {
      const id = firstId(v);
      if (id) return id;
    }
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.id === 'string') return o.id;
    for (const v of Object.values(o)) {
      const id = firstId(v);
      if (id) return id;
    }
  }
  return null;
}

interface Form {
  fields: Array<[string, string]>;
  /** `star`: the name goes as RFC 5987 `filename*=UTF-8''…`, which busboy decodes (NUL included). */
  files: Array<{ field: string; name: string; star: boolean; bytes: Buffer }>;
}

/** A multipart/form-data body written by hand, so names and values go as generated (quotes and CRLF too). */
function multipart(form: Form, boundary: string): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of form.fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const f of form.files) {
    const filename = f.star ? `filename*=UTF-8''${encode(f.name)}` : `filename="${f.name}"`;
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; ${filename}\r\nContent-Type: application/octet-stream\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

interface Probe {
  route: Route;
  /** Whether the request is the valid one generated (its 2xx must match the document: the harness checks). */
  mutated: boolean;
  who: Who;
  ticket: number;
  segments: Array<string | null>;
  query: string | null;
  body: { json: unknown } | { raw: { type: string; body: string } } | { form: Form } | null;
  headers: Array<[string, string]>;
  idempotencyKey: string | null;
}

/** Header values Node's client lets through: visible ASCII, spaces and Latin-1. */
const headerValue = fc.oneof(
  fc.constantFrom('', ' ', 'x', 'Bearer', 'Bearer ', 'Bearer \t x', 'Bearer a b', 'bearer ' + 'x'.repeat(5000), 'Bearer gch_' + 'A'.repeat(43), 'é', '\u00ff'.repeat(300), '6f1c2c4e-8d1b-4a8e-9d1e-2b7f0c1a9e55', '%00'),
  fc.string({ unit: fc.constantFrom(...' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~\u00a0\u00e9\u00ff'.split('')), maxLength: 300 }),
);

const FILE_BYTES = [PNG_BYTES, PDF_BYTES, Buffer.from('GIF89a not really'), Buffer.alloc(0), Buffer.from('<html><script>alert(1)</script></html>')];

const asFields = (b: unknown): Array<[string, string]> =>
  b && typeof b === 'object' && !Array.isArray(b)
    ? Object.entries(b).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''] as [string, string])
    : [['type', String(b)]];

function probes(route: Route): fc.Arbitrary<Probe> {
  const params = route.template.split('/').filter((s) => s.startsWith('{')).length;
  return route.valid.chain((valid) => {
    const mutations = valid.body ? mutatedBody(valid.body) : null;
    const json = route.json && mutations ? mutations.map((b) => ({ json: b })) : null;
    const form = route.multipart
      ? fc
          .record({
            fields: (mutations ?? fc.constant({})).map(asFields),
            files: route.fileField
              ? fc.array(
                  fc.record({
                    field: fc.oneof({ weight: 5, arbitrary: fc.constant(route.fileField) }, hostileKey),
                    name: fc.oneof(fc.constant('relevé 📄.png'), hostileString),
                    star: fc.boolean(),
                    bytes: fc.constantFrom(...FILE_BYTES),
                  }),
                  { maxLength: 6 },
                )
              : fc.constant<Form['files']>([]),
          })
          .map((f): { form: Form } => ({ form: f }))
      : null;
    const body: fc.Arbitrary<Probe['body']> = fc.oneof(
      ...(json ? [{ weight: 6, arbitrary: json }] : [{ weight: 1, arbitrary: fc.constant(null) }]),
      ...(form ? [{ weight: 4, arbitrary: form }] : []),
      ...(route.method !== 'get' ? [{ weight: 2, arbitrary: rawBody.map((raw) => ({ raw })) }] : []),
    );
    return fc.record({
      route: fc.constant(route),
      mutated: fc.constant(true),
      who: fc.constantFrom(...route.who),
      ticket: fc.nat(tickets.length - 1),
      segments: fc.array(fc.option(hostileSegment, { freq: 3 }), { minLength: params, maxLength: params }),
      query: route.hasQuery ? mutatedQuery(valid.query) : fc.option(mutatedQuery({}), { freq: 4 }),
      body,
      // A few keys, so that replays (same body) and reuses (another body) happen too.
      idempotencyKey: route.idempotent
        ? fc.option(fc.oneof(fc.constantFrom('6f1c2c4e-8d1b-4a8e-9d1e-2b7f0c1a9e55', 'hostile-key-0001', 'hostile-key-0002'), headerValue), { freq: 2 })
        : fc.constant(null),
      // Mostly the request keeps its credentials; now and then a hostile header replaces one.
      headers: fc.oneof(
        { weight: 8, arbitrary: fc.constant<Array<[string, string]>>([]) },
        fc.array(fc.tuple(fc.constantFrom('Idempotency-Key', 'Authorization', 'X-CSRF-Token', 'Cookie', 'Accept', 'Accept-Language'), headerValue), { minLength: 1, maxLength: 2 }),
        fc.constantFrom('guichet_session=', 'guichet_session=%ZZ', 'guichet_session="unterminated', `guichet_session=${'x'.repeat(4000)}`, 'a=b; guichet_session=1; guichet_session=2').map((c) => [['Cookie', c] as [string, string]]),
      ),
    });
  });
}

/** A file the field takes: a payment export for the import's `file`, a proof image otherwise. */
const validFile = (field: string) =>
  field === 'file'
    ? { name: 'stripe-payments.csv', star: false, bytes: fs.readFileSync(path.join(__dirname, '../fixtures/payments/stripe-payments.csv')) }
    : { name: 'relevé.png', star: false, bytes: PNG_BYTES };

/** The request exactly as the document describes it: the generated valid one, with the role it needs. */
function validProbes(route: Route): fc.Arbitrary<Probe> {
  const params = route.template.split('/').filter((s) => s.startsWith('{')).length;
  return route.exact.chain((valid) =>
    fc.record({
      route: fc.constant(route),
      mutated: fc.constant(false),
      who: fc.constant(route.who[0]),
      ticket: fc.nat(tickets.length - 1),
      segments: fc.constant(Array<string | null>(params).fill(null)),
      query: fc.constant(Object.keys(valid.query).length ? Object.entries(valid.query).map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&') : null),
      body: fc.constant<Probe['body']>(
        valid.body === null ? null : route.json ? { json: valid.body } : { form: { fields: asFields(valid.body), files: route.fileField ? [{ field: route.fileField, ...validFile(route.fileField) }] : [] } },
      ),
      headers: fc.constant<Array<[string, string]>>([]),
      idempotencyKey: fc.constant(null),
    }),
  );
}

async function currentVersion(ticketId: string): Promise<number> {
  return (await h.ctx.db.repos.tickets.findById(ticketId))?.version ?? 1;
}

async function send(p: Probe): Promise<{ res: request.Response; what: string }> {
  const t = ticketOf(p);
  const other = tickets[(p.ticket + 1) % tickets.length];
  let i = 0;
  const path = p.route.template
    .split('/')
    .map((s) => (s.startsWith('{') ? (p.segments[i++] ?? encodeURIComponent(pathValue(p.route.template, s.slice(1, -1), p))) : s))
    .join('/');
  const [version, otherVersion] = [await currentVersion(t.id), await currentVersion(other.id)];
  const markers: Record<string, string | number> = {
    [VERSION]: version,
    [OTHER_VERSION]: otherVersion,
    [AGENT_ID]: clients.agent.user.id,
    [OTHER_REFERENCE]: other.reference,
    [TICKET_ID]: t.id,
    [MACRO_ID]: collectionIds.get('macros') ?? '',
    [MACRO_VERSION]: collectionIds.has('macros') ? ((await h.ctx.db.repos.macros.findById(collectionIds.get('macros')!))?.version ?? 1) : 1,
    [CURSOR]: queueCursor,
    [WEBHOOK_URL]: webhookUrl,
    [TRANSACTION_ID]: `ch_fuzz${tickets.indexOf(t)}`,
  };
  const fill = (_key: string, v: unknown) => (typeof v === 'string' && v in markers ? markers[v] : v);
  const fillText = (s: string) => Object.entries(markers).reduce((acc, [marker, value]) => acc.split(encodeURIComponent(marker)).join(encodeURIComponent(String(value))).split(marker).join(String(value)), s);
  const query = p.query === null ? null : fillText(p.query);
  // Past 16 KB of headers Node answers 431 before the app sees the request (tested on its own below).
  const url = (query ? `${path}?${query}` : path).slice(0, 12_000);
  const what = `${p.who} ${p.route.method.toUpperCase()} ${url.length > 300 ? `${url.slice(0, 300)}…` : url}${p.mutated ? '' : ' (valid)'}`;

  let req = request(h.url)[p.route.method](url);
  if (p.who === 'agent' || p.who === 'manager' || p.who === 'admin') req = req.set('Cookie', clients[p.who].cookie).set('X-CSRF-Token', clients[p.who].csrfToken);
  if (p.who === 'customer') req = req.set('Authorization', `Bearer ${t.accessToken}`);
  if (p.idempotencyKey !== null) req = req.set('Idempotency-Key', p.idempotencyKey);
  for (const [name, value] of p.headers) req = req.set(name, value);
  // Stripe's webhook, valid: an event signed with the shop's secret (a signature over the body, which no schema generates).
  if (!p.mutated && p.route.key === 'POST /api/payments/webhooks/stripe/{brand}') {
    const { payload, signature } = signedEvent('charge.updated', stripe.charge(`ch_fuzz${p.ticket}`), STRIPE_WEBHOOK_SECRET);
    req = req.set('Stripe-Signature', signature).set('Content-Type', 'application/json').send(payload);
  } else if (p.body && 'json' in p.body) req = req.set('Content-Type', 'application/json').send(JSON.stringify(p.body.json, fill) ?? 'null');
  else if (p.body && 'raw' in p.body) req = req.set('Content-Type', p.body.raw.type).send(p.body.raw.body);
  else if (p.body && 'form' in p.body) {
    const form = { ...p.body.form, fields: p.body.form.fields.map(([k, v]) => [k, fillText(v)] as [string, string]) };
    req = req.set('Content-Type', 'multipart/form-data; boundary=hostile-input-boundary').send(multipart(form, 'hostile-input-boundary'));
  }
  const res = await req.ok(() => true);
  tally.tried++;
  tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
  if (!p.mutated && res.status < 300) tally.validSuccess.add(p.route.key);
  if (!p.mutated) tally.validAnswers.set(p.route.key, [...(tally.validAnswers.get(p.route.key) ?? []), res.status < 300 ? String(res.status) : `${res.status} ${res.body?.error?.code}${Array.isArray(res.body?.error?.details) ? ` ${res.body.error.details.map((d: { field: string }) => d.field).join('+')}` : ''}`]);
  return { res, what };
}

/** Never a 5xx; an error is JSON of exactly `{ error: { code, message, details } }`; never HTML or a stack trace. */
function expectSane(res: request.Response, what: string): void {
  const fail = (why: string) => {
    throw new Error(`${what} → ${res.status}: ${why}\n${(res.text ?? '').slice(0, 600)}`);
  };
  if (res.status >= 500) fail('a server error');
  const text = res.text ?? '';
  if (/<!doctype html|<html[\s>]/i.test(text) && !/^application\/json/.test(String(res.headers['content-type']))) fail('an HTML page');
  if (/\n\s+at [^\n]+:\d+:\d+\)?\n/.test(text) || /node_modules|\.ts:\d+/.test(text)) fail('a stack trace');
  if (res.status >= 400) {
    if (!/^application\/json/.test(String(res.headers['content-type']))) fail(`an error as ${res.headers['content-type']}`);
    const body = res.body as { error?: Record<string, unknown> };
    const ok =
      body &&
      typeof body === 'object' &&
      Object.keys(body).join() === 'error' &&
      body.error &&
      Object.keys(body.error).sort().join() === 'code,details,message' &&
      typeof body.error.code === 'string' &&
      body.error.code.length > 0 &&
      typeof body.error.message === 'string';
    if (!ok) fail('not the one error shape');
  }
}

async function fuzz(route: Route, runs = RUNS): Promise<void> {
  // An earlier operation may have deleted the row a path named (a macro, a token): name one there is now.
  await findCollectionIds();
  // One valid request first, whatever the time limit leaves of the rest; then valid and mutated ones mixed (each 2xx checked against the document's schema by the harness).
  const [first] = fc.sample(validProbes(route), { numRuns: 1, seed: SEED + hash(route.key) });
  await prepare(route, first);
  const sent = await send(first);
  expectSane(sent.res, sent.what);
  await fc.assert(
    fc.asyncProperty(fc.oneof({ weight: 1, arbitrary: validProbes(route) }, { weight: 3, arbitrary: probes(route) }), async (probe) => {
      if (!probe.mutated) await prepare(route, probe);
      const { res, what } = await send(probe);
      expectSane(res, what);
    }),
    { numRuns: runs, seed: SEED + hash(route.key), plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)] },
  );
}

/** The ticket a request names: a fixture, or the one its preparation filed. */
const filedFor = new WeakMap<Probe, Fixture>();
const ticketOf = (p: Probe) => filedFor.get(p) ?? tickets[p.ticket];

/**
 * What a valid request needs to exist at the time it is sent: the row a deletion names, a
 * webhook with a delivery, an unused export link, a duplicate of the other fixture's customer
 * to merge into it (a fixture merged away would leave the later operations one ticket short).
 */
async function prepare(route: Route, probe: Probe): Promise<void> {
  if (route.key === 'POST /api/tickets/{id}/merge') filedFor.set(probe, await fileDuplicateOf(tickets[(probe.ticket + 1) % tickets.length]));
  if (route.method === 'delete') await findCollectionIds();
  if (route.template.startsWith('/api/webhooks/')) await ensureWebhook();
  if (route.template.startsWith('/api/personal-data/exports/')) exportTokenNow = await freshExportLink();
}

/** A webhook of the default shop, on and sending to the test's receiver, and a delivery of it that is not pending (a resend refuses those). */
let deliveryId: string | null = null;
async function ensureWebhook(): Promise<void> {
  await findCollectionIds();
  let id = collectionIds.get('webhooks');
  if (!id) {
    id = (await clients.admin.post('/api/webhooks', { brand: 'sofimix', url: webhookUrl, events: ['ticket.created'] }).expect(201)).body.id as string;
    collectionIds.set('webhooks', id);
  }
  await clients.admin.patch(`/api/webhooks/${id}`, { url: webhookUrl, enabled: true }).expect(200);
  const done = async () => ((await clients.admin.get(`/api/webhooks/${id}/deliveries`).expect(200)).body.items as Array<{ id: string; status: string }>).find((d) => d.status !== 'pending');
  let delivered = await done();
  if (!delivered) {
    await clients.admin.post(`/api/webhooks/${id}/test`).expect(202);
    delivered = await waitFor(done, 10_000, 'a webhook delivery delivered');
  }
  deliveryId = delivered.id;
}

async function fileDuplicateOf(of: Fixture): Promise<Fixture> {
  const customerEmail = (await h.ctx.db.repos.tickets.findById(of.id))!.customerEmail;
  const res = await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail }).expect(201);
  await waitFor(async () => !!(await h.ctx.db.repos.tickets.findById(res.body.id))?.triagedAt, 15_000, 'the duplicate triaged');
  return { id: res.body.id, reference: res.body.reference, accessToken: res.body.accessToken, fileId: '' };
}

async function freshExportLink(): Promise<string> {
  const id = randomUUID();
  const now = h.ctx.now();
  await h.ctx.db.repos.personalData.insertExport({ id, ticketId: tickets[0].id, expiresAt: new Date(now.getTime() + EXPORT_LINK_TTL_MS), usedAt: null, createdAt: now });
  return exportToken(h.ctx.config.APP_SECRET, id);
}

/** A route's own seed: adding a route elsewhere in the document does not change the requests of the others. */
const hash = (s: string) => [...s].reduce((acc, c) => (acc * 31 + c.charCodeAt(0)) | 0, 0);

const fieldsOf = (res: request.Response) => (res.body.error.details as Array<{ field: string }>).map((d) => d.field);

describe('the cases found by hand answer 4xx', () => {
  it('when a text holds a NUL character, then it is refused with 400 naming the field, on both databases', async () => {
    const report = await h.http().post('/api/tickets').send({ ...doubleCharge, customerName: 'Marie\u0000Curie' }).expect(400);
    expect(report.body.error.code).toBe('validation_failed');
    expect(fieldsOf(report)).toEqual(['customerName']);
    expect(fieldsOf(await clients.agent.post(`/api/tickets/${tickets[0].id}/notes`, { body: 'a\u0000b' }).expect(400))).toEqual(['body']);
    expect(fieldsOf(await clients.agent.get('/api/tickets?q=SFX%00').expect(400))).toEqual(['q']);
    expect(fieldsOf(await clients.admin.patch(`/api/users/${victimUserId}`, { name: 'Fuzz\u0000Victim' }).expect(400))).toEqual(['name']);
    expect(fieldsOf(await h.http().get('/api/brands/current?brand=sofimix%00').expect(400))).toEqual(['brand']);
    // A shop's slug in a path: PostgreSQL failed the look-up (500) until the route's schema refused it (found by the fuzzer).
    for (const path of ['/api/brands/a%00b', '/api/brands/a%00b/connectors/stripe', '/api/brands/a%00b/mailbox', '/api/brands/a%00b/events']) {
      expect(fieldsOf(await clients.admin.get(path).expect(400))).toEqual(['slug']);
    }
    // In a path it names no ticket; in a file name (RFC 5987 lets a client send one) it is refused too.
    expect((await clients.agent.get('/api/tickets/GCH%00').expect(404)).body.error.code).toBe('not_found');
    const form: Form = {
      fields: [['type', 'double_charge'], ['customerName', 'Marie Curie'], ['customerEmail', 'marie@example.fr']],
      files: [{ field: 'evidence', name: 'sms\u0000.png', star: true, bytes: PNG_BYTES }],
    };
    const upload = await h.http().post('/api/tickets').set('Content-Type', 'multipart/form-data; boundary=b0undary').send(multipart(form, 'b0undary')).expect(400);
    expect(fieldsOf(upload)).toEqual(['evidence']);
  });

  it('when a cursor or a number of a query is not a whole number its column holds, then 400', async () => {
    for (const after of ['2147483648', '1.5', '1e20', '1e300', '-1', 'abc', '', '0x10']) {
      const res = await clients.agent.get(`/api/events?after=${after}`).expect(400);
      expect(fieldsOf(res)).toEqual(['after']);
    }
    expect((await clients.agent.get('/api/events?after=2147483647').expect(200)).body.items).toEqual([]);
    expect(fieldsOf(await clients.agent.get('/api/tickets?limit=1.5').expect(400))).toEqual(['limit']);
    expect(fieldsOf(await clients.manager.get('/api/analytics/sla?limit=1e3').expect(400))).toEqual(['limit']);
    const cursor = (c: object) => Buffer.from(JSON.stringify(c)).toString('base64url');
    for (const bad of [{ s: 'due', k: 1.5, id: tickets[0].id }, { s: 'due', k: 1e300, id: tickets[0].id }, { s: 'due', k: 1, id: 'x\u0000' }]) {
      expect((await clients.agent.get(`/api/tickets?cursor=${cursor(bad)}`).expect(400)).body.error.code).toBe('invalid_cursor');
    }
    // Amounts are stored in cents in an integer column.
    expect(fieldsOf(await h.http().post('/api/tickets').send({ ...doubleCharge, amount: '99999999.99' }).expect(400))).toEqual(['amount']);
    const version = await currentVersion(tickets[0].id);
    expect(fieldsOf(await clients.agent.post(`/api/tickets/${tickets[0].id}/claim`, { version: 2 ** 31 }).expect(400))).toContain('version');
    expect(version).toBe(await currentVersion(tickets[0].id));
  });

  it('when a text is longer than its column, then 400 naming the field', async () => {
    const long = `${'a'.repeat(250)}@example.fr`;
    expect(fieldsOf(await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: long }).expect(400))).toEqual(['customerEmail']);
    expect(fieldsOf(await clients.admin.post('/api/users', { email: long, name: 'Long Mail', role: 'agent', password: 'a long enough password' }).expect(400))).toEqual(['email']);
    expect(fieldsOf(await clients.admin.post('/api/users', { email: 'long.name@guichet.test', name: 'n'.repeat(121), role: 'agent', password: 'a long enough password' }).expect(400))).toEqual(['name']);
    expect(fieldsOf(await h.http().post('/api/tickets').send({ ...doubleCharge, orderNumber: 'S'.repeat(65) }).expect(400))).toEqual(['orderNumber']);
  });

  it('when a path has a malformed %-escape, then 400 in JSON', async () => {
    for (const res of [await h.http().get('/api/tickets/%ZZ'), await clients.agent.get('/api/tickets/%ZZ'), await clients.agent.get(`/api/tickets/${tickets[0].id}/files/%E9`)]) {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ error: { code: 'malformed_url', message: expect.any(String), details: null } });
    }
  });

  it('when the request line and headers are over 16 KB, or not HTTP at all, then 431 or 400 in JSON', async () => {
    const long = await h.http().get(`/api/tickets?q=${'x'.repeat(20_000)}`);
    expect(long.status).toBe(431);
    expect(long.body).toEqual({ error: { code: 'headers_too_large', message: expect.any(String), details: null } });
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(new URL(h.url).port as unknown as number, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.split('\r\n\r\n')[1])).toEqual({ error: { code: 'bad_request', message: expect.any(String), details: null } });
  });

  it('when five admins create one e-mail at once, then one 201 and four 409 email_taken', async () => {
    const body = { email: 'same.time@guichet.test', name: 'Same Time', role: 'agent', password: 'a long enough password' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => clients.admin.post('/api/users', body)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(answers.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(['email_taken', 'email_taken', 'email_taken', 'email_taken']);
    expect((await h.ctx.db.repos.users.list()).filter((u) => u.email === body.email)).toHaveLength(1);
  });

  it('when an update names nothing to change, then 400', async () => {
    expect((await clients.admin.patch(`/api/users/${victimUserId}`, {}).expect(400)).body.error.code).toBe('nothing_to_change');
  });

  it('when a due time is asked for too many minutes or too far from now, then 400; the largest allowed answers', async () => {
    const start = h.ctx.now().toISOString();
    expect(fieldsOf(await h.http().get('/api/sla/due').query({ start, minutes: 585_000 }).expect(400))).toEqual(['minutes']);
    expect(fieldsOf(await h.http().get('/api/sla/due').query({ start: '2000-01-03T09:00:00Z', minutes: 60 }).expect(400))).toEqual(['start']);
    const due = await h.http().get('/api/sla/due').query({ start, minutes: MAX_DUE_MINUTES }).expect(200);
    expect(new Date(due.body.due).getTime()).toBeGreaterThan(h.ctx.now().getTime() + 100 * 86_400_000);
  });
});

describe('hostile input never gives a 5xx, on every operation of the OpenAPI document', () => {
  test.each(routes.map((r) => [r.key, r] as const))('%s', async (_key, route) => {
    await fuzz(route, route.multipart || route.idempotent ? 2 * RUNS : RUNS);
  }, 60_000);

  test('the generated valid requests reach the handlers: every operation answers a success to at least one', () => {
    expect(routes.filter((r) => !tally.validSuccess.has(r.key)).map((r) => `${r.key}: ${[...new Set(tally.validAnswers.get(r.key) ?? [])].join(', ')}`)).toEqual([]);
  });
});
