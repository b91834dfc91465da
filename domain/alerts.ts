import { z } from 'zod';
import { hasRole, type Role } from './roles';
import { languages, type Language } from './ticket.schemas';

/** What staff can be e-mailed about (issue 14). */
export const alertKinds = ['assigned', 'customer_reply', 'sla_warning', 'sla_breach'] as const;
export type AlertKind = (typeof alertKinds)[number];

export type AlertPreferences = Record<AlertKind, boolean>;

/** Every kind is on until the user turns it off. */
export const defaultAlertPreferences: AlertPreferences = { assigned: true, customer_reply: true, sla_warning: true, sla_breach: true };

/**
 * A user's preferences as stored: null (never changed) or a partial object; a kind not
 * written, or written as anything but `false`, is on. A kind added later is therefore on
 * for everyone, as new kinds should be.
 */
export function alertPreferencesOf(stored: unknown): AlertPreferences {
  const given = stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  return Object.fromEntries(alertKinds.map((k) => [k, given[k] !== false])) as AlertPreferences;
}

/** `PUT /api/me/alerts`: any part may be left out; unknown keys are refused. */
export const alertSettingsUpdateSchema = z.strictObject({
  language: z.enum(languages).optional(),
  preferences: z.strictObject(Object.fromEntries(alertKinds.map((k) => [k, z.boolean().optional()])) as Record<AlertKind, z.ZodOptional<z.ZodBoolean>>).optional(),
  /** The shops whose unassigned tickets a manager hears about; null: every shop. */
  watchedBrandIds: z.array(z.uuid()).max(200).nullable().optional(),
});
export type AlertSettingsUpdate = z.output<typeof alertSettingsUpdateSchema>;

/** What starts an alert: the ticket as it is once the change is made, and who made it. */
export interface AlertTrigger {
  kind: AlertKind;
  assigneeId: string | null;
  brandId: string;
  /** The staff user whose action this is (an assignment); null for the customer or the system. */
  actorId: string | null;
}

/** A user who might be told, as the repository reads them. */
export interface AlertCandidate {
  id: string;
  role: Role;
  disabled: boolean;
  preferences: AlertPreferences;
  /** null: every shop. */
  watchedBrandIds: string[] | null;
}

/** Managers (and admins, who can do what managers do) watch a shop unless they limited themselves to others. */
const watches = (user: AlertCandidate, brandId: string) => hasRole(user.role, 'manager') && (user.watchedBrandIds === null || user.watchedBrandIds.includes(brandId));

/**
 * Who is e-mailed, once each:
 * - assigned: the new assignee, unless they took the ticket themselves;
 * - customer_reply, sla_warning, sla_breach: the assignee; when the ticket has none (or its
 *   assignee was disabled since), the managers watching the ticket's shop, so that a
 *   customer's message or a deadline on a ticket nobody holds is not missed.
 * Never the user who acted, never a disabled user, never one who turned the kind off.
 */
export function alertRecipients(trigger: AlertTrigger, candidates: readonly AlertCandidate[]): string[] {
  const active = candidates.filter((u) => !u.disabled);
  const assignee = trigger.assigneeId ? active.find((u) => u.id === trigger.assigneeId) : undefined;
  let chosen: AlertCandidate[];
  if (trigger.kind === 'assigned') chosen = assignee ? [assignee] : [];
  else chosen = assignee ? [assignee] : active.filter((u) => watches(u, trigger.brandId));
  const ids = chosen.filter((u) => u.id !== trigger.actorId && u.preferences[trigger.kind]).map((u) => u.id);
  return [...new Set(ids)];
}

/** The language an alert is written in: the user's, French when unset. */
export const alertLanguage = (language: string | null | undefined): Language => (language === 'en' ? 'en' : 'fr');
