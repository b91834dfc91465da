import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { PaymentTransaction } from '../entities/payment-transaction.entity';

type Given = 'provider' | 'providerId' | 'kind' | 'status' | 'amountCents' | 'currency' | 'occurredAt';
/** A row to store: what every source says, and what this source knows (a column left out keeps what the ledger had). */
export type NewPaymentTransaction = Pick<PaymentTransaction, Given> & Partial<Omit<PaymentTransaction, Given | 'id' | 'brandId' | 'updatedAt'>>;

export class PaymentTransactionRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(PaymentTransaction);
  }

  /**
   * Inserts new transactions and updates known ones (same brand, provider and provider id:
   * a later export may rewrite a row's status), in the caller's transaction. A row whose
   * provider data is older than what the ledger holds (`observedAt`: a webhook delivered
   * late) is left out and counted in `stale`.
   */
  async upsertMany(brandId: string, rows: NewPaymentTransaction[], now: Date): Promise<{ imported: number; updated: number; stale: number }> {
    if (!rows.length) return { imported: 0, updated: 0, stale: 0 };
    const key = (provider: string, providerId: string) => `${provider}:${providerId}`;
    const known = new Map<string, Pick<PaymentTransaction, 'id' | 'observedAt'>>();
    for (const provider of new Set(rows.map((r) => r.provider))) {
      const ids = rows.filter((r) => r.provider === provider).map((r) => r.providerId);
      for (let i = 0; i < ids.length; i += 500) {
        const found = await this.repo.find({ select: { id: true, providerId: true, observedAt: true }, where: { brandId, provider, providerId: In(ids.slice(i, i + 500)) } });
        for (const f of found) known.set(key(provider, f.providerId), f);
      }
    }
    // The same transaction twice in one call: the last word wins.
    const latest = new Map(rows.map((r) => [key(r.provider, r.providerId), r]));
    const fresh = [...latest.values()].filter((r) => {
      const seen = known.get(key(r.provider, r.providerId))?.observedAt;
      return !seen || seen.getTime() <= (r.observedAt ?? now).getTime();
    });
    const full = fresh.map((r) => ({ ...r, brandId, id: known.get(key(r.provider, r.providerId))?.id ?? randomUUID(), observedAt: r.observedAt ?? now, updatedAt: now }));
    for (let i = 0; i < full.length; i += 200) await this.repo.upsert(full.slice(i, i + 200), ['brandId', 'provider', 'providerId']);
    const updated = fresh.filter((r) => known.has(key(r.provider, r.providerId))).length;
    return { imported: fresh.length - updated, updated, stale: latest.size - fresh.length };
  }

  findByProviderId(brandId: string, providerId: string): Promise<PaymentTransaction | null> {
    return this.repo.findOneBy({ brandId, providerId });
  }

  /** The charges these refunds and disputes belong to (and the charges themselves), by provider id. */
  findByProviderIds(brandId: string, providerIds: string[]): Promise<PaymentTransaction[]> {
    return providerIds.length ? this.repo.findBy({ brandId, providerId: In(providerIds) }) : Promise.resolve([]);
  }

  /** Whether each brand has a ledger at all (one indexed probe per brand). */
  async brandsWithLedger(brandIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const brandId of brandIds) if (await this.repo.exists({ where: { brandId } })) found.add(brandId);
    return found;
  }

  /**
   * What a report could be about: the brand's charges of that currency (and amount, when
   * known) in a window around the reported time, and the refunds and disputes of those
   * charges (idx_payment_transactions_match, _time, _charge). Given the card's last 4 digits,
   * only that card's charges and those whose card the ledger does not know: matchScore rules
   * out the others, and a common amount alone (19.90) fits thousands of charges a week. The
   * digits are the indexes' last column, so the others are passed over in the index.
   */
  async findForMatching(brandId: string, q: { currency: string; amountCents: number | null; from: Date; to: Date; cardLast4?: string | null }): Promise<PaymentTransaction[]> {
    const qb = this.repo
      .createQueryBuilder('p')
      .where("p.brandId = :brandId AND p.kind = 'charge' AND p.currency = :currency", { brandId, currency: q.currency })
      .andWhere('p.occurredAt >= :from AND p.occurredAt <= :to', { from: q.from.getTime(), to: q.to.getTime() });
    if (q.amountCents != null) qb.andWhere('p.amountCents = :amount', { amount: q.amountCents });
    if (q.cardLast4) qb.andWhere('(p.cardLast4 = :last4 OR p.cardLast4 IS NULL)', { last4: q.cardLast4 });
    const charges = await qb.orderBy('p.occurredAt', 'ASC').limit(200).getMany();
    if (!charges.length) return [];
    const related = await this.repo.find({ where: { brandId, chargeId: In(charges.map((c) => c.providerId)) } });
    return [...charges, ...related];
  }
}
