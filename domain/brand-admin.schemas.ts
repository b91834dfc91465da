import { z } from 'zod';
import { clientString, clientText, queryInt } from './input.schemas';

/** Words the API uses after /api/brands/ for itself: no shop may take them as its slug. */
export const reservedBrandSlugs = ['current', 'presets'] as const;

export const brandSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2 to 63 characters, not starting with a dash')
  .refine((slug) => !(reservedBrandSlugs as readonly string[]).includes(slug), 'this word is reserved');
export const brandNameSchema = clientText(120);
/** `/api/brands/:slug`: as sent (an unknown one is 404), never with a NUL character, which PostgreSQL cannot compare. */
export const brandSlugParamsSchema = z.strictObject({ slug: clientString(64).describe('The shop’s slug') });

/**
 * The body's shape only: the policy is an object here, checked against brandPolicySchema by
 * the service so that its mistakes answer 422 `invalid_policy` with each field's path.
 */
const policyObject = z.record(z.string(), z.unknown());

export const createBrandSchema = z.strictObject({ slug: brandSlugSchema, name: brandNameSchema, policy: policyObject });
export type CreateBrandInput = z.output<typeof createBrandSchema>;

export const updateBrandSchema = z
  .strictObject({ name: brandNameSchema.optional(), policy: policyObject.optional() })
  .refine((b) => b.name !== undefined || b.policy !== undefined, 'send a name, a policy, or both');
export type UpdateBrandInput = z.output<typeof updateBrandSchema>;

export const brandEventsQuerySchema = z.strictObject({
  limit: queryInt(1, 200).default(50),
  /** Events older than this id (the previous page's last). */
  before: queryInt(1, 2_147_483_647).optional(),
});

/** One changed value of a brand, by its path (`policy.sla.resolutionMinutes`). */
export interface BrandChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** Keys whose values never go into the audit trail, whatever a future policy field holds. */
const SECRET_KEY = /secret|password|token|api.?key/i;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What differs between two versions of a brand, leaf by leaf (an array is one value: a list
 * of windows or cards reads better whole). Pure; a secret-looking key is named, its values not.
 */
export function brandChanges(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): BrandChange[] {
  const changes: BrandChange[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
    const path = prefix + key;
    const a = before[key];
    const b = after[key];
    if (isPlainObject(a) && isPlainObject(b)) {
      changes.push(...brandChanges(a, b, `${path}.`));
      continue;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    changes.push(SECRET_KEY.test(key) ? { path, before: '[secret]', after: '[secret]' } : { path, before: a ?? null, after: b ?? null });
  }
  return changes;
}

/** A change the open tickets' deadlines depend on: the calendar or the SLA targets. */
export const movesDeadlines = (changes: BrandChange[]) => changes.some((c) => c.path.startsWith('policy.calendar') || c.path.startsWith('policy.sla'));
