import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { adminBrandView, type AdminBrandView } from '../../core/brand-views';
import { brandChanged } from '../../core/brands';
import { recomputeOpenDeadlines } from '../../core/deadline-recompute';
import type { AppContext } from '../../core/context';
import type { Repositories } from '../../db/database';
import type { Brand } from '../../db/entities/brand.entity';
import type { User } from '../../db/entities/user.entity';
import { isUniqueViolation } from '../../db/errors';
import { brandChanges, movesDeadlines, type CreateBrandInput, type UpdateBrandInput } from '../../domain/brand-admin.schemas';
import { brandPolicySchema, defaultSenderName, type BrandPolicy } from '../../domain/brand-policy';
import { AppError } from '../errors';


const slugTaken = () => new AppError(409, 'slug_taken', 'Another shop already has this slug.');

/** A policy that is JSON but breaks the domain's schema: 422, each field by its full path. */
function invalidPolicy(error: z.ZodError): AppError {
  return new AppError(
    422,
    'invalid_policy',
    'The policy has invalid fields.',
    error.issues.map((issue) => ({ field: ['policy', ...issue.path].join('.'), code: issue.code, message: issue.message })),
  );
}

/** The policy as sent, checked whole; a shop that names no sender gets one made from its name. */
function checkedPolicy(name: string, policy: Record<string, unknown>): BrandPolicy {
  const parsed = brandPolicySchema.safeParse({ senderName: defaultSenderName(name), ...policy });
  if (!parsed.success) throw invalidPolicy(parsed.error);
  return parsed.data;
}

/** A host name serves one shop's form only. */
async function assertHostNamesFree(repos: Repositories, brandId: string, policy: BrandPolicy): Promise<void> {
  if (!policy.hostNames.length) return;
  const others = (await repos.brands.list()).filter((b) => b.id !== brandId);
  const taken = policy.hostNames.filter((host) => others.some((b) => b.policy.hostNames.includes(host)));
  if (taken.length) {
    throw new AppError(422, 'invalid_policy', 'The policy has invalid fields.', [
      { field: 'policy.hostNames', code: 'host_name_taken', message: `already another shop's: ${taken.join(', ')}` },
    ]);
  }
}

/** An admin creates a shop (from a preset, say): the brand and its `created` event in one transaction. */
export async function createBrand(ctx: AppContext, user: User, input: CreateBrandInput): Promise<AdminBrandView> {
  const policy = checkedPolicy(input.name, input.policy);
  const now = ctx.now();
  const brand: Brand = { id: randomUUID(), slug: input.slug, name: input.name, isDefault: false, policy, createdAt: now, updatedAt: now };
  try {
    await ctx.db.transaction(async (repos) => {
      if (await repos.brands.findBySlug(input.slug)) throw slugTaken();
      await assertHostNamesFree(repos, brand.id, policy);
      await repos.brands.insert(brand);
      await repos.brands.appendEvent({ brandId: brand.id, actorId: user.id, type: 'created', createdAt: now, data: { changes: brandChanges({}, { slug: brand.slug, name: brand.name, policy }) } });
    });
  } catch (err) {
    // The check above and the insert are not atomic: the unique index on brands.slug decides.
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
  await brandChanged(ctx, brand.id);
  return adminBrandView(brand);
}

/**
 * An admin changes a shop's name or policy (a whole policy). The change and its event commit
 * together; then, if the calendar or the SLA targets changed, every open ticket of the shop
 * gets its deadlines recomputed, in batches. Nothing is written when nothing differs.
 */
export async function updateBrand(ctx: AppContext, user: User, slug: string, input: UpdateBrandInput): Promise<{ brand: AdminBrandView; deadlinesRecomputed: number }> {
  const now = ctx.now();
  const result = await ctx.db.transaction(async (repos) => {
    const brand = await repos.brands.findBySlugForUpdate(slug);
    if (!brand) throw new AppError(404, 'not_found', 'No such shop.');
    const name = input.name ?? brand.name;
    const policy = input.policy ? checkedPolicy(name, input.policy) : brand.policy;
    const changes = brandChanges({ name: brand.name, policy: brand.policy }, { name, policy });
    if (!changes.length) return { brand, changes };
    await assertHostNamesFree(repos, brand.id, policy);
    // Asked with the change itself: should this process die before the tickets are done, a worker finishes them.
    await repos.brands.update(brand, { name, policy, updatedAt: now, ...(movesDeadlines(changes) ? { recomputeRequestedAt: now } : {}) });
    await repos.brands.appendEvent({ brandId: brand.id, actorId: user.id, type: 'changed', createdAt: now, data: { changes } });
    return { brand, changes };
  });
  if (!result.changes.length) return { brand: adminBrandView(result.brand), deadlinesRecomputed: 0 };
  await brandChanged(ctx, result.brand.id);
  // The request recomputes, and the recompute it asked for stays owed: the workers' watch runs it
  // once more a few minutes later, catching a report filed meanwhile by a process that still
  // had the old policy cached (and finishing this one should this process die mid-way).
  const deadlinesRecomputed = movesDeadlines(result.changes) ? await recomputeOpenDeadlines(ctx, result.brand, `agent:${user.id}`, result.changes) : 0;
  return { brand: adminBrandView(result.brand), deadlinesRecomputed };
}



