import type { Brand } from '../db/entities/brand.entity';
import { BusinessCalendar } from '../domain/business-calendar';

const calendars = new Map<string, { json: string; calendar: BusinessCalendar }>();

/** One BusinessCalendar per brand, rebuilt when the brand's calendar changes. */
export function calendarFor(brand: Brand): BusinessCalendar {
  const json = JSON.stringify(brand.policy.calendar);
  const cached = calendars.get(brand.id);
  if (cached?.json === json) return cached.calendar;
  const calendar = new BusinessCalendar(brand.policy.calendar);
  calendars.set(brand.id, { json, calendar });
  return calendar;
}
