import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:mm');

/** A brand's opening hours: the same windows on every open day, closed on public holidays. */
export const calendarSchema = z
  .object({
    timeZone: z.string().refine((zone) => DateTime.local().setZone(zone).isValid, 'unknown IANA time zone'),
    /** ISO weekdays the service is open: 1 = Monday … 7 = Sunday. */
    openDays: z.array(z.number().int().min(1).max(7)).min(1),
    windows: z.array(z.object({ start: hhmm, end: hhmm })).min(1),
    /** ISO 3166 country whose public holidays close the service (date-holidays), e.g. "FR". */
    holidayCountry: z.string().length(2).optional(),
    /** The region or state whose own holidays close it too (date-holidays' code, e.g. "67" for Bas-Rhin, "CA"). */
    holidayRegion: z.string().min(1).max(10).optional(),
    /** Extra closed dates (yyyy-MM-dd, local), e.g. a company day off. */
    closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  })
  .refine((c) => c.windows.every((w) => w.start < w.end), 'each window must end after it starts')
  .refine(
    (c) => c.windows.every((w, i) => i === 0 || c.windows[i - 1].end <= w.start),
    'windows must be in order and must not overlap',
  );
export type CalendarConfig = z.input<typeof calendarSchema>;

const MINUTE = 60_000;
const QUARTER_HOUR = 15 * MINUTE;
const DAY = 86_400_000;
/** Ten years of days: a calendar with no open time at all must not loop forever. */
const MAX_DAYS_SCANNED = 3660;

type Window = readonly [startMs: number, endMs: number];

/** Days summed together (a memo each) when business time is measured across months: a queue of year-old deadlines reads 12 of them, not 365 days. */
const BLOCK_DAYS = 32;

/**
 * Business-time arithmetic on one calendar. Pure: no I/O, no clock; the only state is
 * memos of each local day's open windows (in epoch milliseconds, which daylight-saving
 * changes make differ from day to day) and of which local day an instant falls on.
 */
export class BusinessCalendar {
  private readonly config: z.output<typeof calendarSchema>;
  private readonly holidays?: Holidays;
  private readonly holidayYears = new Map<number, Set<string>>();
  private readonly days = new Map<number, readonly Window[]>();
  private readonly ordinals = new Map<number, number>();
  private readonly blocks = new Map<number, number>();
  private readonly windowParts: { sh: number; sm: number; eh: number; em: number }[];

  constructor(config: CalendarConfig) {
    this.config = calendarSchema.parse(config);
    if (this.config.holidayCountry) this.holidays = this.config.holidayRegion ? new Holidays(this.config.holidayCountry, this.config.holidayRegion) : new Holidays(this.config.holidayCountry);
    this.windowParts = this.config.windows.map(({ start, end }) => {
      const [sh, sm] = start.split(':').map(Number);
      const [eh, em] = end.split(':').map(Number);
      return { sh, sm, eh, em };
    });
  }

  get timeZone(): string {
    return this.config.timeZone;
  }

  /** The length of one business day (the open windows of a day), in minutes. */
  get minutesPerDay(): number {
    return this.windowParts.reduce((sum, w) => sum + (w.eh * 60 + w.em) - (w.sh * 60 + w.sm), 0);
  }

  /** Public holidays of a year, as local dates (yyyy-MM-dd). */
  holidaysOf(year: number): Set<string> {
    let set = this.holidayYears.get(year);
    if (!set) {
      set = new Set(
        (this.holidays?.getHolidays(year) ?? [])
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      this.holidayYears.set(year, set);
    }
    return set;
  }

  isOpenDay(day: DateTime): boolean {
    const key = day.toISODate()!;
    return (
      this.config.openDays.includes(day.weekday) &&
      !this.holidaysOf(day.year).has(key) &&
      !this.config.closedDates.includes(key)
    );
  }

  /** The open windows of a local day, by its ordinal (days since 1970-01-01, local). */
  private windowsOn(ordinal: number): readonly Window[] {
    let windows = this.days.get(ordinal);
    if (!windows) {
      const utc = DateTime.fromMillis(ordinal * DAY, { zone: 'utc' });
      const day = DateTime.fromObject({ year: utc.year, month: utc.month, day: utc.day }, { zone: this.config.timeZone });
      windows = this.isOpenDay(day)
        ? this.windowParts.map(({ sh, sm, eh, em }) => [
            day.set({ hour: sh, minute: sm }).toMillis(),
            eh === 24 ? day.plus({ days: 1 }).toMillis() : day.set({ hour: eh, minute: em }).toMillis(),
          ] as const)
        : [];
      if (this.days.size > 20_000) this.days.clear();
      this.days.set(ordinal, windows);
    }
    return windows;
  }

  /**
   * The local day ordinal of an instant. Time zones change offset on quarter hours at most,
   * so the answer is memoised per quarter hour: the hot path does no date arithmetic.
   */
  private ordinalOf(instant: Date): number {
    const bucket = Math.floor(instant.getTime() / QUARTER_HOUR);
    let ordinal = this.ordinals.get(bucket);
    if (ordinal === undefined) {
      const local = DateTime.fromMillis(bucket * QUARTER_HOUR, { zone: this.config.timeZone });
      ordinal = Math.round(Date.UTC(local.year, local.month - 1, local.day) / DAY);
      if (this.ordinals.size > 100_000) this.ordinals.clear();
      this.ordinals.set(bucket, ordinal);
    }
    return ordinal;
  }

  private *windowsFrom(instant: Date): Generator<Window> {
    const first = this.ordinalOf(instant);
    for (let d = first; d < first + MAX_DAYS_SCANNED; d++) yield* this.windowsOn(d);
    throw new Error(`calendar ${this.config.timeZone} has no open time in ten years`);
  }

  /**
   * The earliest instant with exactly `minutes` business minutes between `start` and it.
   * Out of hours, the clock starts at the next opening; a deadline may fall exactly on a
   * window's end (12:30, 18:00), never on the next window's start.
   */
  addBusinessMinutes(start: Date, minutes: number): Date {
    if (!(minutes >= 0)) throw new RangeError('minutes must be zero or more');
    const t = start.getTime();
    let remaining = Math.round(minutes * MINUTE);
    if (remaining === 0) return new Date(t);
    for (const [ws, we] of this.windowsFrom(start)) {
      if (we <= t) continue;
      const from = Math.max(ws, t);
      if (remaining <= we - from) return new Date(from + remaining);
      remaining -= we - from;
    }
    /* istanbul ignore next: windowsFrom throws first */
    throw new Error('unreachable');
  }

  /**
   * Business minutes between two instants (negative when `to` is before `from`): the open
   * time of each local day from the first to the last, within [from, to]; the days between
   * counted whole, by blocks of BLOCK_DAYS where they fill one.
   */
  businessMinutesBetween(from: Date, to: Date): number {
    if (to < from) return -this.businessMinutesBetween(to, from);
    const a = from.getTime();
    const b = to.getTime();
    const first = this.ordinalOf(from);
    const last = this.ordinalOf(to);
    const within = (ordinal: number) => this.windowsOn(ordinal).reduce((sum, [ws, we]) => sum + Math.max(0, Math.min(we, b) - Math.max(ws, a)), 0);
    let total = within(first) + (last > first ? within(last) : 0);
    for (let d = first + 1; d < last; ) {
      if (d % BLOCK_DAYS === 0 && d + BLOCK_DAYS <= last) {
        total += this.blockLength(d / BLOCK_DAYS);
        d += BLOCK_DAYS;
      } else {
        total += this.dayLength(d);
        d++;
      }
    }
    return total / MINUTE;
  }

  /** A local day's open time, in milliseconds. */
  private dayLength(ordinal: number): number {
    return this.windowsOn(ordinal).reduce((sum, [ws, we]) => sum + (we - ws), 0);
  }

  /** The open time of the BLOCK_DAYS days of block `k` (days k × BLOCK_DAYS onwards), in milliseconds. */
  private blockLength(k: number): number {
    let length = this.blocks.get(k);
    if (length === undefined) {
      length = 0;
      for (let d = k * BLOCK_DAYS; d < (k + 1) * BLOCK_DAYS; d++) length += this.dayLength(d);
      if (this.blocks.size > 10_000) this.blocks.clear();
      this.blocks.set(k, length);
    }
    return length;
  }

  /** Open windows from the local day of `instant` backwards, latest first. */
  private *windowsBefore(instant: Date): Generator<Window> {
    const last = this.ordinalOf(instant);
    for (let d = last; d > last - MAX_DAYS_SCANNED; d--) {
      const windows = this.windowsOn(d);
      for (let i = windows.length - 1; i >= 0; i--) yield windows[i];
    }
    throw new Error(`calendar ${this.config.timeZone} has no open time in ten years`);
  }

  /**
   * The latest instant with exactly `minutes` business minutes between it and `end`: "how
   * long ago was N business minutes". Used to bucket ages without measuring each ticket.
   */
  subtractBusinessMinutes(end: Date, minutes: number): Date {
    if (!(minutes >= 0)) throw new RangeError('minutes must be zero or more');
    const t = end.getTime();
    let remaining = Math.round(minutes * MINUTE);
    if (remaining === 0) return new Date(t);
    for (const [ws, we] of this.windowsBefore(end)) {
      if (ws >= t) continue;
      const to = Math.min(we, t);
      if (remaining <= to - ws) return new Date(to - remaining);
      remaining -= to - ws;
    }
    /* istanbul ignore next */
    throw new Error('unreachable');
  }

  /** `at` itself when the service is open then, otherwise the next opening. */
  nextOpening(at: Date): Date {
    const t = at.getTime();
    for (const [ws, we] of this.windowsFrom(at)) {
      if (we > t) return new Date(Math.max(ws, t));
    }
    /* istanbul ignore next */
    throw new Error('unreachable');
  }
}
