import type { PaymentTransaction } from '../db/entities/payment-transaction.entity';

/*
 * A shop's year of card payments for the payment benchmarks: seeded (the same ledger every
 * time for the same seed), in time order, shaped like a real shop's. A catalogue of a few
 * price points bought over and over (19.90, 29.90, 59.90… so an amount alone selects
 * thousands of charges a week) and baskets of several items with shipping for the long
 * tail; mostly EUR; more payments in the evening, at weekends, in November and December;
 * returning customers with their own card; failed attempts (often retried), authorisation
 * holds followed by the capture, double captures, refunds (mostly whole) and disputes.
 */

/** mulberry32: small, fast and seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value picked by weight, from a table prepared once (cumulative weights, binary search). */
function weighted<T>(table: Array<[T, number]>): (random: () => number) => T {
  const values = table.map(([v]) => v);
  const bounds: number[] = [];
  let total = 0;
  for (const [, w] of table) bounds.push((total += w));
  return (random) => {
    const r = random() * total;
    let lo = 0;
    let hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return values[lo];
  };
}

/** The catalogue's prices, by how often they are bought alone. */
export const COMMON_PRICES_CENTS = [1990, 2990, 5990];
const price = weighted<number>([
  [1990, 14], [2990, 11], [5990, 9], [990, 6], [1490, 5], [2490, 5], [3990, 5], [4990, 4], [890, 3], [7990, 3],
  [490, 2], [8990, 2], [9900, 2], [13400, 1.5], [14990, 1], [19900, 1], [24990, 0.5], [34900, 0.3],
]);
const SHIPPING_CENTS = 490;
const currency = weighted<string>([['EUR', 92], ['GBP', 3], ['USD', 3], ['CHF', 2]]);
const declineCode = weighted<string>([
  ['insufficient_funds', 35], ['generic_decline', 20], ['do_not_honor', 12], ['expired_card', 8], ['incorrect_cvc', 8],
  ['authentication_required', 6], ['card_velocity_exceeded', 4], ['processing_error', 3], ['lost_card', 2], ['fraudulent', 2],
]);
const disputeStatus = weighted<string>([['needs_response', 2], ['under_review', 3], ['won', 4], ['lost', 3], ['warning_closed', 1]]);
const disputeReason = weighted<string>([['product_not_received', 4], ['fraudulent', 3], ['duplicate', 2], ['subscription_canceled', 1], ['general', 1]]);
/** Payments by local hour (Europe/Paris, approximated as UTC+1): a dip at night, peaks at lunch and in the evening. */
const hour = weighted<number>(Array.from({ length: 24 }, (_, h) => [h, [1, 0.6, 0.4, 0.3, 0.3, 0.4, 1, 2, 3, 4, 5, 6, 7, 6, 5, 5, 5, 6, 7, 9, 10, 9, 6, 3][h]] as [number, number]));
const FIRST_NAMES = ['marie', 'jean', 'camille', 'lucas', 'lea', 'hugo', 'chloe', 'louis', 'emma', 'gabriel', 'manon', 'arthur', 'ines', 'jules', 'sarah', 'paul', 'alice', 'adam', 'julie', 'thomas'];
const LAST_NAMES = ['martin', 'bernard', 'dubois', 'thomas', 'robert', 'richard', 'petit', 'durand', 'leroy', 'moreau', 'simon', 'laurent', 'lefebvre', 'michel', 'garcia', 'david', 'bertrand', 'roux', 'vincent', 'fournier'];
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface SyntheticCharge {
  id: string;
  paymentIntent: string;
  createdAt: Date;
  amountCents: number;
  currency: string;
  /** Stripe's export wording: Paid, Failed, Uncaptured, Canceled, Refunded, Partially refunded. */
  exportStatus: string;
  captured: boolean;
  failed: boolean;
  /** An uncaptured authorisation that was cancelled or expired. */
  released: boolean;
  declineCode: string | null;
  refundedCents: number;
  refundedAt: Date | null;
  dispute: { status: string; reason: string; amountCents: number; at: Date; dueBy: Date } | null;
  cardBrand: 'visa' | 'mastercard';
  cardLast4: string;
  cardFingerprint: string;
  customerEmail: string;
  customerName: string;
  orderReference: string;
}

/** How many ledger rows a charge makes: itself, its refund and its dispute. */
export const ledgerRowCount = (c: SyntheticCharge) => 1 + (c.refundedCents > 0 ? 1 : 0) + (c.dispute ? 1 : 0);

const ROWS_PER_PURCHASE = 1.077;

/**
 * Charges made between `from` and `to`, oldest first, until they make `transactions` ledger
 * rows (each charge with its refund and dispute), or a few less (within 0.5 %).
 */
export function* syntheticCharges(options: { transactions: number; from: Date; to: Date; seed: number }): Generator<SyntheticCharge> {
  const random = seededRandom(options.seed);
  const id = (prefix: string) => {
    let s = `${prefix}_3T`;
    for (let i = 0; i < 22; i++) s += ID_CHARS[Math.floor(random() * ID_CHARS.length)];
    return s;
  };
  // Instants first, sorted: one per purchase (a purchase makes 1.077 ledger rows on average:
  // retries, twins, refunds and disputes), so the last purchases fall at the end of the span.
  const start = options.from.getTime();
  const days = Math.max(1, Math.round((options.to.getTime() - start) / 86_400_000));
  const day = weighted<number>(
    Array.from({ length: days }, (_, d) => {
      const at = new Date(start + d * 86_400_000);
      const month = at.getUTCMonth();
      const weekend = at.getUTCDay() === 0 || at.getUTCDay() === 6;
      return [d, (month === 10 || month === 11 ? 1.5 : month === 7 ? 0.7 : 1) * (weekend ? 1.2 : 1)] as [number, number];
    }),
  );
  const count = Math.ceil(options.transactions / ROWS_PER_PURCHASE);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = start + day(random) * 86_400_000 + ((hour(random) + 23) % 24) * 3_600_000 + Math.floor(random() * 3_600_000);
  times.sort();
  const customers = Math.max(10, Math.round(count / 2.7));
  let rows = 0;
  let order = 100_000;
  for (let i = 0; i < count && rows < options.transactions; i++) {
    const customer = Math.floor(random() * customers);
    const who = customerOf(customer);
    let amountCents = price(random);
    if (random() < 0.35) {
      for (let items = 1 + Math.floor(random() * 3); items > 0; items--) amountCents += price(random);
      if (amountCents < 4900) amountCents += SHIPPING_CENTS;
    }
    const base = { currency: currency(random), amountCents, orderReference: `SFX-${order++}`, ...who };
    const createdAt = new Date(Math.min(times[i], options.to.getTime() - 60_000));
    const charge = (at: Date, fields: Partial<SyntheticCharge> = {}): SyntheticCharge => ({
      id: id('ch'), paymentIntent: id('pi'), createdAt: at, exportStatus: 'Paid', captured: true, failed: false, released: false, declineCode: null,
      refundedCents: 0, refundedAt: null, dispute: null, ...base, ...fields,
    });
    const later = (seconds: number) => new Date(createdAt.getTime() + Math.floor((0.2 + random()) * seconds * 1000));
    const made: SyntheticCharge[] = [];
    const r = random();
    if (r < 0.05) {
      // A declined attempt, retried successfully a few minutes later about half the time.
      made.push(charge(createdAt, { exportStatus: 'Failed', captured: false, failed: true, declineCode: declineCode(random) }));
      if (random() < 0.5) made.push(settled(charge(later(300)), random));
    } else if (r < 0.056) {
      // An authorisation never captured (the card was asked twice; cancelled, or left to expire), then the capture.
      const canceled = random() < 0.5;
      made.push(charge(createdAt, { exportStatus: canceled ? 'Canceled' : 'Uncaptured', captured: false, released: canceled }));
      made.push(settled(charge(later(120)), random));
    } else if (r < 0.06) {
      // A double capture: the customer clicked twice.
      made.push(charge(createdAt), settled(charge(later(90)), random));
    } else {
      made.push(settled(charge(createdAt), random));
    }
    for (const c of made) {
      rows += ledgerRowCount(c);
      yield c;
    }
  }
}

/** A captured charge sometimes refunded (mostly whole) or disputed later. */
function settled(c: SyntheticCharge, random: () => number): SyntheticCharge {
  const r = random();
  const after = (minDays: number, spreadDays: number) => new Date(c.createdAt.getTime() + (minDays + random() * spreadDays) * 86_400_000);
  if (r < 0.04) {
    const whole = random() < 0.8;
    const refundedCents = whole ? c.amountCents : Math.max(100, Math.round((c.amountCents * (0.1 + random() * 0.5)) / 10) * 10);
    return { ...c, refundedCents, refundedAt: after(0.5, 20), exportStatus: whole ? 'Refunded' : 'Partially refunded' };
  }
  if (r < 0.043) {
    const at = after(5, 40);
    return { ...c, dispute: { status: disputeStatus(random), reason: disputeReason(random), amountCents: c.amountCents, at, dueBy: new Date(at.getTime() + 18 * 86_400_000) } };
  }
  return c;
}

/** A customer's e-mail and card, the same at each of their payments. */
function customerOf(n: number) {
  const h = Math.imul(n ^ 0x5bd1e995, 0x27d4eb2d) >>> 0;
  const first = FIRST_NAMES[h % FIRST_NAMES.length];
  const last = LAST_NAMES[(h >>> 8) % LAST_NAMES.length];
  return {
    customerEmail: `${first}.${last}${n}@example.${(h >>> 16) % 3 === 0 ? 'com' : 'fr'}`,
    customerName: `${first[0].toUpperCase()}${first.slice(1)} ${last[0].toUpperCase()}${last.slice(1)}`,
    cardBrand: (h >>> 4) % 10 < 6 ? ('visa' as const) : ('mastercard' as const),
    cardLast4: String((h >>> 3) % 10_000).padStart(4, '0'),
    cardFingerprint: `fp${h.toString(36)}${n.toString(36)}`.slice(0, 16),
  };
}

/** The ledger rows an import of the charge gives (as domain/payment-imports.ts reads Stripe's Payments export), for a bulk insert. */
export function ledgerRows(c: SyntheticCharge, brandId: string, ids: () => string, now: Date): PaymentTransaction[] {
  const base = {
    brandId, provider: 'stripe', currency: c.currency, captureBefore: null, cardBrand: c.cardBrand, cardLast4: c.cardLast4, cardFingerprint: c.cardFingerprint,
    customerEmail: c.customerEmail, orderReference: c.orderReference, arn: null, observedAt: now, updatedAt: now,
  };
  const rows: PaymentTransaction[] = [
    {
      ...base, id: ids(), providerId: c.id, kind: 'charge', status: c.failed ? 'failed' : 'succeeded', amountCents: c.amountCents, occurredAt: c.createdAt,
      captured: c.captured, released: c.released, refundedCents: c.refundedCents, declineCode: c.declineCode, chargeId: null, dueBy: null,
    },
  ];
  const related = { ...base, captured: null, released: false, refundedCents: 0, declineCode: null, chargeId: c.id };
  if (c.refundedCents > 0) rows.push({ ...related, id: ids(), providerId: `${c.id}:refund`, kind: 'refund', status: 'succeeded', amountCents: c.refundedCents, occurredAt: c.refundedAt!, dueBy: null });
  if (c.dispute) rows.push({ ...related, id: ids(), providerId: `${c.id}:dispute`, kind: 'dispute', status: c.dispute.status, amountCents: c.dispute.amountCents, occurredAt: c.dispute.at, dueBy: c.dispute.dueBy });
  return rows;
}

/** The columns of Stripe's Payments export (`unified_payments.csv`), in its order. */
export const STRIPE_PAYMENTS_HEADER = [
  'id', 'Created date (UTC)', 'Amount', 'Amount Refunded', 'Currency', 'Captured', 'Converted Amount', 'Converted Amount Refunded', 'Converted Currency',
  'Decline Reason', 'Description', 'Fee', 'Mode', 'PaymentIntent ID', 'Refunded date (UTC)', 'Statement Descriptor', 'Status', 'Seller Message',
  'Card ID', 'Card Name', 'Card Brand', 'Card Exp Month', 'Card Exp Year', 'Card Fingerprint', 'Card Funding', 'Card Issue Country', 'Card Last4',
  'Customer ID', 'Customer Description', 'Customer Email', 'Disputed Amount', 'Dispute Date (UTC)', 'Dispute Evidence Due (UTC)', 'Dispute Reason',
  'Dispute Status', 'order_id (metadata)',
];

/** "59,90" (the export of a French account), quoted by the caller's CSV writer. */
const money = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const utc = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 19).replace('T', ' ') : '');
const titleCase = (s: string) => s.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');

/** One line of Stripe's Payments export for the charge, cell by cell in STRIPE_PAYMENTS_HEADER order. */
export function stripePaymentsCells(c: SyntheticCharge): string[] {
  const fee = c.captured ? money(Math.round(c.amountCents * 0.014) + 25) : '0,00';
  return [
    c.id, utc(c.createdAt), money(c.amountCents), money(c.refundedCents), c.currency.toLowerCase(), String(c.captured),
    c.failed ? '' : money(c.amountCents), money(c.refundedCents), c.currency.toLowerCase(),
    c.declineCode ?? '', `Commande ${c.orderReference}`, fee, 'Live', c.paymentIntent, utc(c.refundedAt), 'SOFIMIX', c.exportStatus,
    c.failed ? `The bank returned the decline code \`${c.declineCode}\`.` : 'Payment complete.',
    `pm_${c.cardFingerprint}`, c.customerName, c.cardBrand === 'visa' ? 'Visa' : 'MasterCard', '09', '2029', c.cardFingerprint, 'credit', 'FR', c.cardLast4,
    `cus_${c.cardFingerprint}`, c.customerName, c.customerEmail,
    c.dispute ? money(c.dispute.amountCents) : '', utc(c.dispute?.at), utc(c.dispute?.dueBy), c.dispute?.reason ?? '', c.dispute ? titleCase(c.dispute.status) : '',
    c.orderReference,
  ];
}
