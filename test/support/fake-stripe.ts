import type { AddressInfo } from 'node:net';
import express from 'express';
import Stripe from 'stripe';

/*
 * A local stand-in for Stripe's API, for what Guichet calls: list and retrieve charges,
 * create refunds (with idempotency keys), list disputes. Its objects are the SDK's own types;
 * the SDK under test is pointed at it with STRIPE_API_URL. Signed webhook payloads come from
 * the SDK's test header helper.
 */

const sdk = new Stripe('sk_test_fake');
let sequence = 0;
const nextId = (prefix: string) => `${prefix}_${(++sequence).toString(36).padStart(8, '0')}${Math.random().toString(36).slice(2, 8)}`;
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export interface ChargeFixture {
  id?: string;
  amount: number;
  currency?: string;
  created: Date;
  captured?: boolean;
  status?: Stripe.Charge.Status;
  brand?: string;
  last4?: string;
  email?: string;
  orderId?: string;
  failureCode?: string;
  declineReason?: string;
  captureBefore?: Date;
}

/** A charge as Stripe returns it (API objects carry every field; the card details keep those Guichet reads). */
export function stripeCharge(f: ChargeFixture): Stripe.Charge {
  const captured = f.captured ?? f.status !== 'failed';
  const card = {
    brand: f.brand ?? 'visa',
    last4: f.last4 ?? '4242',
    fingerprint: `fp_${f.last4 ?? '4242'}`,
    exp_month: 12,
    exp_year: 2030,
    funding: 'credit',
    country: 'FR',
    ...(f.captureBefore ? { capture_before: seconds(f.captureBefore) } : {}),
  } as Stripe.Charge.PaymentMethodDetails.Card;
  return {
    id: f.id ?? nextId('ch'),
    object: 'charge',
    amount: f.amount,
    amount_captured: captured ? f.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: { address: null, email: f.email ?? null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'SOFIMIX',
    captured,
    created: seconds(f.created),
    currency: (f.currency ?? 'eur').toLowerCase(),
    customer: null,
    description: f.orderId ? `Commande ${f.orderId}` : null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: f.failureCode ?? null,
    failure_message: f.failureCode ? 'Your card was declined.' : null,
    fraud_details: null,
    livemode: false,
    metadata: f.orderId ? { order_id: f.orderId } : {},
    on_behalf_of: null,
    outcome: f.status === 'failed' ? ({ type: 'issuer_declined', reason: f.declineReason ?? 'generic_decline', network_status: 'declined_by_network', risk_level: 'normal', seller_message: 'The bank declined the payment.' } as Stripe.Charge.Outcome) : null,
    paid: f.status !== 'failed',
    payment_intent: nextId('pi'),
    payment_method: nextId('pm'),
    payment_method_details: { type: 'card', card } as Stripe.Charge.PaymentMethodDetails,
    receipt_email: f.email ?? null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: '/v1/refunds' },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: f.status ?? 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

export function stripeDispute(charge: Stripe.Charge, f: { status?: Stripe.Dispute.Status; created: Date; dueBy: Date; reason?: string }): Stripe.Dispute {
  return {
    id: nextId('dp'),
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created: seconds(f.created),
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: {} as Stripe.Dispute.Evidence,
    evidence_details: { due_by: seconds(f.dueBy), has_evidence: false, past_due: false, submission_count: 0 } as Stripe.Dispute.EvidenceDetails,
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: null,
    reason: f.reason ?? 'duplicate',
    status: f.status ?? 'needs_response',
  };
}

/** A webhook delivery as Stripe sends it: the event's JSON and its `Stripe-Signature` header for `secret`. */
export function signedEvent<T extends Stripe.Event['type']>(type: T, object: unknown, secret: string, options: { id?: string; created?: Date } = {}) {
  const event = { id: options.id ?? nextId('evt'), object: 'event', api_version: Stripe.API_VERSION, created: seconds(options.created ?? new Date()), type, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } };
  const payload = JSON.stringify(event);
  return { event, payload, signature: sdk.webhooks.generateTestHeaderString({ payload, secret }) };
}

type StripeErrorBody = { error: { type: string; code?: string; message: string } };

export async function startFakeStripe() {
  const charges = new Map<string, Stripe.Charge>();
  const disputes = new Map<string, Stripe.Dispute>();
  const idempotent = new Map<string, { status: number; body: unknown }>();
  const requests: Array<{ method: string; path: string; query: Record<string, string>; body: Record<string, string>; idempotencyKey?: string }> = [];
  let failures = 0;

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use((req, res, next) => {
    const query = Object.fromEntries(new URL(req.originalUrl, 'http://x').searchParams);
    requests.push({ method: req.method, path: req.path, query, body: (req.body ?? {}) as Record<string, string>, idempotencyKey: req.get('idempotency-key') });
    if (req.get('authorization') !== undefined && !/^Bearer (sk|rk)_test_/.test(req.get('authorization')!)) return void res.status(401).json({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } } satisfies StripeErrorBody);
    if (failures > 0) {
      failures--;
      return void res.status(500).json({ error: { type: 'api_error', message: 'Something went wrong on Stripe’s end.' } } satisfies StripeErrorBody);
    }
    next();
  });
  const withRefunds = (c: Stripe.Charge, expand: boolean): Stripe.Charge => (expand ? c : { ...c, refunds: undefined });
  const expands = (q: Record<string, string>, what: string) => Object.entries(q).some(([k, v]) => k.startsWith('expand[') && v === what);

  app.get('/v1/charges', (req, res) => {
    const q = Object.fromEntries(new URL(req.originalUrl, 'http://x').searchParams);
    const gte = q['created[gte]'] ? Number(q['created[gte]']) : -Infinity;
    const lte = q['created[lte]'] ? Number(q['created[lte]']) : Infinity;
    const limit = Math.min(Number(q.limit ?? 10), 100);
    // Newest first, as Stripe lists.
    let list = [...charges.values()].filter((c) => c.created >= gte && c.created <= lte).sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
    if (q.starting_after) list = list.slice(list.findIndex((c) => c.id === q.starting_after) + 1);
    const page = list.slice(0, limit);
    res.json({ object: 'list', url: '/v1/charges', has_more: list.length > limit, data: page.map((c) => withRefunds(c, expands(q, 'data.refunds'))) } satisfies Stripe.ApiList<Stripe.Charge>);
  });
  app.get('/v1/charges/:id', (req, res) => {
    const c = charges.get(req.params.id);
    if (!c) return void res.status(404).json({ error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such charge: '${req.params.id}'` } } satisfies StripeErrorBody);
    res.json(withRefunds(c, expands(Object.fromEntries(new URL(req.originalUrl, 'http://x').searchParams), 'refunds')));
  });
  app.get('/v1/disputes', (req, res) => {
    const data = [...disputes.values()].filter((d) => !req.query.charge || d.charge === req.query.charge);
    res.json({ object: 'list', url: '/v1/disputes', has_more: false, data } satisfies Stripe.ApiList<Stripe.Dispute>);
  });
  app.post('/v1/refunds', (req, res) => {
    const key = req.get('idempotency-key');
    const answer = (status: number, body: unknown) => {
      if (key) idempotent.set(key, { status, body });
      res.status(status).json(body);
    };
    if (key && idempotent.has(key)) {
      const first = idempotent.get(key)!;
      return void res.status(first.status).set('Idempotent-Replayed', 'true').json(first.body);
    }
    const body = req.body as Record<string, string>;
    const charge = charges.get(body.charge);
    if (!charge) return answer(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such charge: '${body.charge}'` } } satisfies StripeErrorBody);
    const amount = body.amount ? Number(body.amount) : charge.amount - charge.amount_refunded;
    if (amount > charge.amount - charge.amount_refunded) {
      return answer(400, { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${charge.amount - charge.amount_refunded})` } } satisfies StripeErrorBody);
    }
    const metadata = Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (/^metadata\[(.+)\]$/.exec(k) ? [[/^metadata\[(.+)\]$/.exec(k)![1], v]] : [])));
    const refund: Stripe.Refund = {
      id: nextId('re'),
      object: 'refund',
      amount,
      balance_transaction: null,
      charge: charge.id,
      created: Math.floor(Date.now() / 1000),
      currency: charge.currency,
      customer: null,
      customer_account: null,
      metadata,
      payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
      payment_method: null,
      reason: (body.reason as Stripe.Refund.Reason) ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'pending',
      transfer_reversal: null,
    };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    charge.refunds = { ...charge.refunds!, data: [refund, ...charge.refunds!.data] };
    answer(200, refund);
  });
  app.use((req, res) => void res.status(404).json({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.path})` } } satisfies StripeErrorBody));

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    addCharge(f: ChargeFixture): Stripe.Charge {
      const c = stripeCharge(f);
      charges.set(c.id, c);
      return c;
    },
    charge: (id: string) => charges.get(id),
    addDispute(charge: Stripe.Charge, f: Parameters<typeof stripeDispute>[1]): Stripe.Dispute {
      const d = stripeDispute(charge, f);
      disputes.set(d.id, d);
      charge.disputed = true;
      return d;
    },
    /** Stripe settles a pending refund and gives its trace reference (ARN): the refund as a `charge.refund.updated` event would carry it. */
    settleRefund(refundId: string, arn: string): Stripe.Refund {
      for (const c of charges.values()) {
        const r = c.refunds?.data.find((x) => x.id === refundId);
        if (r) {
          r.status = 'succeeded';
          r.destination_details = { type: 'card', card: { reference: arn, reference_status: 'available', reference_type: 'acquirer_reference_number', type: 'refund' } } as Stripe.Refund.DestinationDetails;
          return r;
        }
      }
      throw new Error(`no refund ${refundId}`);
    },
    /** The next `n` requests answer 500, as when Stripe has an incident. */
    failNext(n: number) {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;
