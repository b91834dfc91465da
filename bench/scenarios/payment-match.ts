import { randomUUID } from 'node:crypto';
import { checkTicket } from '../../core/payment-verification';
import { insertRows } from '../../db/bulk-insert';
import { PaymentTransaction } from '../../db/entities/payment-transaction.entity';
import { PaymentTransactionRepository } from '../../db/repositories/payment-transaction.repository';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { AnomalyType } from '../../domain/ticket.schemas';
import { seededRandom, syntheticCharges, ledgerRows, type SyntheticCharge } from '../synthetic-payments';
import { benchStack, latencies, percentile, report, round, type Size } from '../support';

/**
 * What a ticket reports, as customers report it (the intake asks for the amount, the time and
 * the card type; the last 4 digits are optional): the kinds the timings are given for.
 */
const REPORTS = [
  ['amount, time, last 4', 0.55],
  ['amount, time, no last 4', 0.1],
  ['amount, last 4, no time', 0.08],
  ['time, last 4, no amount', 0.07],
  ['not in the ledger', 0.2],
] as const;
type ReportKind = (typeof REPORTS)[number][0];
/** How many charges findForMatching returns at most. */
const CANDIDATE_LIMIT = 200;

/**
 * 7. Payment matching: a brand's ledger of 1,000,000 transactions (a year of charges with
 * their refunds and disputes, seeded in bulk), then `checkTicket` (the candidates query and
 * the pure verdict) for 2,000 tickets of varied reports: p50/p95/p99/max per kind of report,
 * and whether the verdict rests on the charge the report was made from.
 */
export async function paymentMatch(size: Size) {
  const transactions = size === 'smoke' ? 3000 : Number(process.env.BENCH_LEDGER_TRANSACTIONS ?? 1_000_000);
  const n = size === 'smoke' ? 50 : 2000;
  const stack = await benchStack({ workers: false });
  const { db } = stack.ctx;
  try {
    const brand = (await db.repos.brands.findDefault())!;
    const now = new Date();
    const from = new Date(now.getTime() - 365 * 86_400_000);

    // The ledger, 5,000 rows a transaction (multi-row inserts); some of its charges kept (a reservoir sample) to make reports from.
    const seedStarted = Date.now();
    const sources: SyntheticCharge[] = [];
    const random = seededRandom(11);
    let batch: PaymentTransaction[] = [];
    let brandCurrencyCharges = 0;
    let rows = 0;
    const flush = async () => {
      const chunk = batch;
      batch = [];
      await db.transaction((_repos, manager) => insertRows(manager, PaymentTransaction, chunk));
    };
    for (const charge of syntheticCharges({ transactions, from, to: now, seed: 7 })) {
      for (const row of ledgerRows(charge, brand.id, randomUUID, now)) batch.push(row);
      if (charge.currency === brand.policy.currency) {
        brandCurrencyCharges++;
        if (sources.length < n) sources.push(charge);
        else if (random() < n / brandCurrencyCharges) sources[Math.floor(random() * n)] = charge;
      }
      if (batch.length >= 5000) {
        rows += batch.length;
        await flush();
      }
    }
    rows += batch.length;
    await flush();
    // PostgreSQL plans from statistics that autovacuum gathers only later (as after the history seed).
    if (db.kind === 'postgres') await db.query('ANALYZE payment_transactions');
    const seedSeconds = round((Date.now() - seedStarted) / 1000, 1);

    const reports = sources.map((source) => reportFrom(source, brand.id, brand.policy.currency, random, now));
    // Warm-up: the connection, the statement cache, the brand cache and the JIT.
    for (const { ticket } of reports.slice(0, Math.min(50, n))) await checkTicket(stack.ctx, ticket);

    const times = new Map<ReportKind | 'all', number[]>([['all', []]]);
    // Per kind: the verdicts, and how many reports made from a ledger charge got a verdict resting on it.
    const verdicts = new Map<ReportKind, Record<string, number>>();
    const onTheirCharge = new Map<ReportKind, number>();
    for (const { kind, ticket, source } of reports) {
      const started = process.hrtime.bigint();
      const check = await checkTicket(stack.ctx, ticket);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      for (const key of ['all', kind] as const) times.get(key)?.push(ms) ?? times.set(key, [ms]);
      const tally = verdicts.get(kind) ?? verdicts.set(kind, {}).get(kind)!;
      tally[check.verdict] = (tally[check.verdict] ?? 0) + 1;
      if (source && check.transactionIds.includes(source.id)) onTheirCharge.set(kind, (onTheirCharge.get(kind) ?? 0) + 1);
    }

    // Untimed, the same checks again, counting the charges the candidates query gave each one
    // (and how often its limit cut them short): the repository's method, watched.
    const candidates = new Map<ReportKind, number[]>();
    const findForMatching = PaymentTransactionRepository.prototype.findForMatching;
    let lastCount = 0;
    PaymentTransactionRepository.prototype.findForMatching = async function (this: PaymentTransactionRepository, ...args) {
      const found = await findForMatching.apply(this, args);
      lastCount = found.filter((r) => r.kind === 'charge').length;
      return found;
    };
    try {
      for (const { kind, ticket } of reports) {
        await checkTicket(stack.ctx, ticket);
        candidates.get(kind)?.push(lastCount) ?? candidates.set(kind, [lastCount]);
      }
    } finally {
      PaymentTransactionRepository.prototype.findForMatching = findForMatching;
    }

    const table = [...times].map(([kind, t]) => {
      const c = kind === 'all' ? [...candidates.values()].flat() : candidates.get(kind)!;
      const found = kind === 'all' ? [...onTheirCharge.values()].reduce((a, b) => a + b, 0) : onTheirCharge.get(kind) ?? 0;
      return { reports: kind, ...latencies(t), medianCharges: percentile(c, 50), atLimit: c.filter((x) => x >= CANDIDATE_LIMIT).length, onTheirCharge: found };
    });
    return report('payment-match', size, db.kind, table, {
      transactions: rows,
      brandCurrencyCharges,
      seedSeconds,
      seedRowsPerSecond: Math.round(rows / seedSeconds),
      reportsFromLedger: reports.filter((r) => r.source).length,
      verdicts: Object.fromEntries(verdicts),
    });
  } finally {
    await stack.close();
  }
}

/** A ticket about `source` (or, for 'not in the ledger', about a payment the ledger does not have), as the report's kind gives it. */
function reportFrom(source: SyntheticCharge, brandId: string, currency: string, random: () => number, now: Date): { kind: ReportKind; ticket: Ticket; source: SyntheticCharge | null } {
  let r = random();
  const kind = REPORTS.find(([, share]) => (r -= share) < 0)?.[0] ?? REPORTS[0][0];
  const inLedger = kind !== 'not in the ledger';
  // Most customers give the time of the payment; some read it off their statement, days later.
  const reportedAt = inLedger
    ? new Date(source.createdAt.getTime() + (random() < 0.7 ? (random() - 0.5) * 40 * 60_000 : random() * 2 * 86_400_000))
    : new Date(now.getTime() - (5 + random() * 300) * 86_400_000);
  const createdAt = new Date(Math.min(now.getTime(), reportedAt.getTime() + (1 + random() * 96) * 3_600_000));
  const type: AnomalyType = source.failed ? 'failed_payment' : source.refundedCents ? 'refund_not_received' : random() < 0.7 ? 'double_charge' : 'debit_without_order';
  const ticket = {
    id: randomUUID(),
    brandId,
    type,
    currency,
    customerEmail: random() < 0.9 ? source.customerEmail : `someone${Math.floor(random() * 1e6)}@example.org`,
    orderNumber: random() < 0.6 ? source.orderReference : null,
    // Not in the ledger: an amount no basket makes (they all end in 0) and another card.
    amountCents: kind === 'time, last 4, no amount' ? null : inLedger ? source.amountCents : 1003 + Math.floor(random() * 500) * 10,
    paymentTime: kind === 'amount, last 4, no time' ? null : reportedAt,
    cardType: source.cardBrand,
    cardLast4: kind === 'amount, time, no last 4' ? null : inLedger ? source.cardLast4 : String(Math.floor(random() * 10_000)).padStart(4, '0'),
    createdAt,
  };
  // checkTicket reads only the report's fields: the rest of a ticket's columns do not matter here.
  return { kind, ticket: ticket as unknown as Ticket, source: inLedger ? source : null };
}
