/**
 * `npm run seed:history -- --tickets 1000000 [--days 365] [--seed 42]`
 *
 * Fills the configured database (DATABASE_URL, or SQLite in DATA_DIR) with a realistic year
 * of tickets for trying and measuring the reports: the four shops of the seeds, a dozen
 * agents, a mix of anomaly types arriving mostly in office hours on weekdays, first
 * responses and resolutions that mostly keep the promise and sometimes do not, reopenings
 * and outcomes; every deadline on each shop's own calendar. Then it builds the daily
 * roll-ups. Timelines are not generated (the reports do not read them).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { calendarFor } from '../core/calendars';
import { loadConfig } from '../core/config';
import { indexNewTickets } from '../core/search-index';
import { Database } from '../db/database';
import type { Brand } from '../db/entities/brand.entity';
import type { Ticket } from '../db/entities/ticket.entity';
import type { User } from '../db/entities/user.entity';
import { parseBrandPolicy } from '../domain/brand-policy';
import { harmonyPreset, offtekPreset, omDigitalPreset } from '../domain/brand-presets';
import { freshSlaClock, nextSlaCheckAt, queueDeadlines, slaDeadlines, type SlaClock } from '../domain/sla';
import type { TicketStatus } from '../domain/ticket-status';
import type { AnomalyType, CardType } from '../domain/ticket.schemas';
import { hashPassword } from '../server/services/auth.service';
import { refreshRollups } from '../workers/sla-rollup.processor';

/** A small, seeded generator (mulberry32): the same history every time for the same seed. */
let state = 42;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(weighted: Array<[T, number]>): T => {
  let r = random() * weighted.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of weighted) if ((r -= w) <= 0) return v;
  return weighted[0][0];
};
/** Log-normal business minutes around a median. */
const lognormal = (median: number, spread: number) => Math.max(1, Math.round(median * Math.exp(spread * Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random()))));

/** The other three seed shops, as their presets (in this order: the generator's draws depend on it). */
const seedBrands = [harmonyPreset, offtekPreset, omDigitalPreset];

const types: Array<[AnomalyType, number]> = [['double_charge', 35], ['failed_payment', 25], ['debit_without_order', 20], ['refund_not_received', 12], ['cancellation_request', 8]];
const outcomesByType: Record<AnomalyType, Array<[string, number]>> = {
  double_charge: [['refunded', 45], ['hold_released', 40], ['no_anomaly_found', 10], ['duplicate_of', 5]],
  debit_without_order: [['order_confirmed', 55], ['refunded', 40], ['no_anomaly_found', 5]],
  failed_payment: [['no_anomaly_found', 50], ['hold_released', 35], ['refunded', 15]],
  refund_not_received: [['refunded', 70], ['no_anomaly_found', 30]],
  cancellation_request: [['cancelled', 60], ['redirected_to_return', 40]],
};

export interface HistoryOptions {
  tickets: number;
  days: number;
  seed: number;
  now?: Date;
  log?: (line: string) => void;
}

/** Writes the history into `db` and builds its roll-ups (the e2e tests use it for the dashboard too). */
export async function seedHistory(db: Database, { tickets: TOTAL, days: DAYS, seed, now = new Date(), log = () => undefined }: HistoryOptions) {
  state = seed >>> 0;
  const started = Date.now();

  const brands: Brand[] = [(await db.repos.brands.findDefault())!];
  for (const b of seedBrands) {
    brands.push((await db.repos.brands.findBySlug(b.slug)) ?? (await insertBrand(db, b)));
  }
  const agents: User[] = [];
  const passwordHash = await hashPassword(randomUUID());
  for (let i = 1; i <= 12; i++) {
    const email = `seed.agent${i}@guichet.local`;
    let user = await db.repos.users.findByEmail(email);
    if (!user) {
      user = { id: randomUUID(), email, name: `Agent ${String(i).padStart(2, '0')}`, role: 'agent', passwordHash, failedLoginCount: 0, lockedUntil: null, lastLoginAt: null, disabledAt: null, createdAt: now, language: 'fr', alertPreferences: null, watchedBrandIds: null };
      await db.repos.users.insert(user);
    }
    agents.push(user);
  }
  const speed = new Map(agents.map((a) => [a.id, 0.6 + random() * 0.9]));
  // Local days, computed once per brand and day rather than once per ticket.
  const days = new Map<string, { midnight: number; iso: string; weekday: number; ago: number }>();
  const localDay = (brand: Brand, ago: number) => {
    const key = `${brand.id}:${ago}`;
    let d = days.get(key);
    if (!d) {
      const start = DateTime.fromJSDate(now, { zone: brand.policy.calendar.timeZone }).minus({ days: ago }).startOf('day');
      d = { midnight: start.toMillis(), iso: start.toISODate()!, weekday: start.weekday, ago };
      days.set(key, d);
    }
    return d;
  };

  const batch: Ticket[] = [];
  const flush = async () => {
    if (!batch.length) return;
    // Indexed as they go in, like every report, so the queue's search box finds the history too.
    await db.transaction(async (repos) => {
      await repos.tickets.insertMany(batch);
      await indexNewTickets(repos, batch);
    });
    batch.length = 0;
  };

  for (let n = 0; n < TOTAL; n++) {
    const brand = pick(brands.map((b, i) => [b, i === 0 ? 55 : 15] as [Brand, number]));
    const calendar = calendarFor(brand);
    // Reports come mostly on weekdays, in the day; some at night and at weekends.
    let day = localDay(brand, Math.floor(random() * DAYS));
    if (day.weekday > 5 && random() < 0.7) day = localDay(brand, Math.min(DAYS - 1, day.ago + day.weekday - 5));
    const minutes = random() < 0.8 ? 8 * 60 + Math.floor(random() * 11 * 60) : Math.floor(random() * 24 * 60);
    const createdAt = new Date(Math.min(day.midnight + minutes * 60_000, now.getTime()));
    const type = pick(types);
    const deadlines = slaDeadlines(calendar, brand.policy.sla, type, createdAt, 'normal');
    const assignee = random() < 0.92 ? agents[Math.floor(random() * agents.length)] : null;
    const pace = assignee ? speed.get(assignee.id)! : 1.4;
    const frMinutes = lognormal(160 * pace, 0.75);
    const resMinutes = frMinutes + lognormal(520 * pace, 0.6);
    const respondedAt = calendar.addBusinessMinutes(createdAt, frMinutes);
    const resolvedAt = calendar.addBusinessMinutes(createdAt, resMinutes);
    const responded = respondedAt <= now;
    const resolved = resolvedAt <= now;
    const clock: SlaClock = {
      ...deadlines,
      ...freshSlaClock,
      firstRespondedAt: responded ? respondedAt : null,
      resolvedAt: resolved ? resolvedAt : null,
    };
    // What the SLA watch would have recorded by now.
    const passed = (at: Date, doneAt: Date | null) => (!doneAt || doneAt > at) && at <= now ? at : null;
    clock.firstResponseWarnedAt = passed(deadlines.firstResponseWarnAt, clock.firstRespondedAt);
    clock.firstResponseBreachedAt = passed(deadlines.firstResponseDueAt, clock.firstRespondedAt);
    clock.resolutionWarnedAt = passed(deadlines.resolutionWarnAt, clock.resolvedAt);
    clock.resolutionBreachedAt = passed(deadlines.resolutionDueAt, clock.resolvedAt);
    const status: TicketStatus = resolved ? (now.getTime() - resolvedAt.getTime() > 7 * 86_400_000 ? 'closed' : 'resolved') : responded ? pick<TicketStatus>([['in_progress', 3], ['awaiting_customer', 1]]) : 'triaged';
    const cardType = pick<CardType>(brand.policy.acceptedCardTypes.map((c) => [c, c === 'visa' ? 5 : c === 'mastercard' ? 4 : 1] as [CardType, number]));
    const id = randomUUID();
    batch.push({
      id,
      reference: `GCH-H${n.toString(36).toUpperCase().padStart(8, '0')}`,
      brandId: brand.id,
      type,
      status,
      language: random() < 0.85 ? 'fr' : 'en',
      customerName: `Client ${n}`,
      customerEmail: `client${n}@example.com`,
      customerEmailNormalized: `client${n}@example.com`,
      orderNumber: type === 'debit_without_order' && random() < 0.6 ? null : `ORD-${100000 + n}`,
      paymentTime: new Date(createdAt.getTime() - Math.floor(random() * 3 * 86_400_000)),
      amountCents: 500 + Math.floor(random() * 30000),
      currency: brand.policy.currency,
      cardType,
      cardLast4: String(1000 + Math.floor(random() * 9000)),
      debited: type === 'failed_payment' ? random() < 0.4 : null,
      refundDate: type === 'refund_not_received' ? new Date(createdAt.getTime() - 15 * 86_400_000) : null,
      orderTime: type === 'cancellation_request' ? new Date(createdAt.getTime() - 3_600_000) : null,
      secondDebitTime: null,
      secondDebitAmountCents: null,
      errorMessage: null,
      description: null,
      missingEvidence: [],
      proofCount: 1,
      possibleDuplicateOfId: null,
      ...clock,
      ...queueDeadlines(clock),
      slaNextCheckAt: nextSlaCheckAt(clock),
      priority: 'normal',
      slaPausedAt: null,
      resolutionMinutesLeft: null,
      triagedAt: createdAt,
      assigneeId: assignee?.id ?? null,
      firstResponseBusinessMinutes: responded ? frMinutes : null,
      resolutionBusinessMinutes: resolved ? resMinutes : null,
      outcome: resolved ? pick(outcomesByType[type]) : null,
      outcomeDetails: null,
      requestedEvidence: null,
      informationRequestedAt: null,
      remindersSent: 0,
      nextReminderAt: null,
      reopenCount: resolved && random() < 0.03 ? 1 : 0,
      source: 'customer',
      followUpOfId: null,
      disputeDueAt: null,
      moneyExpectedBy: null,
      moneyCheckAt: null,
      personalDataErasedAt: null,
      mergedIntoId: null,
      mergedAt: null,
      version: 1,
      createdAt,
      createdDay: day.iso,
      updatedAt: resolved ? resolvedAt : createdAt,
    });
    if (batch.length >= 4000) {
      await flush();
      if ((n + 1) % 100_000 === 0) log(`${n + 1} tickets (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  }
  await flush();
  log(`${TOTAL} tickets inserted in ${Math.round((Date.now() - started) / 1000)} s; building daily roll-ups…`);
  const rolled = await refreshRollups({ db, now: () => now }, { full: true });
  // PostgreSQL plans from statistics that autovacuum gathers only later: without them, the
  // first queries after a bulk load scan (a year's breach list: 958 ms instead of 83 ms).
  if (db.kind === 'postgres') await db.query<any[]>('ANALYZE');
  log(`roll-ups: ${rolled.days} brand-days in ${Math.round((Date.now() - started) / 1000)} s total`);
}

async function main() {
  const { values } = parseArgs({ options: { tickets: { type: 'string', default: '100000' }, days: { type: 'string', default: '365' }, seed: { type: 'string', default: '42' } } });
  const config = loadConfig();
  const db = await Database.open({ databaseUrl: config.DATABASE_URL, sqlitePath: config.sqlitePath, busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
  try {
    await seedHistory(db, { tickets: Number(values.tickets), days: Number(values.days), seed: Number(values.seed), log: console.log });
  } finally {
    await db.close();
  }
}

async function insertBrand(db: Database, b: (typeof seedBrands)[number]): Promise<Brand> {
  const brand: Brand = { id: randomUUID(), slug: b.slug, name: b.name, isDefault: false, policy: parseBrandPolicy(b.name, b.policy), createdAt: new Date() };
  await db.repos.brands.insert(brand);
  return brand;
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`seed:history: ${err.message}`);
    process.exit(1);
  });
}
