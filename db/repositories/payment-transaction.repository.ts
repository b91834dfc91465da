import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { PaymentTransaction } from '../entities/payment-transaction.entity';

export type NewPaymentTransaction = Omit<PaymentTransaction, 'id' | 'brandId' | 'updatedAt'>;

export class PaymentTransactionRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(PaymentTransaction);
  }

  /**
   * Inserts new transactions and updates known ones (same brand, provider and provider id:
   * a later export may rewrite a row's status), in the caller's transaction.
   */
  async upsertMany(brandId: string, rows: NewPaymentTransaction[], now: Date): Promise<{ imported: number; updated: number }> {
    if (!rows.length) return { imported: 0, updated: 0 };
    const known = new Map<string, string>();
    for (const provider of new Set(rows.map((r) => r.provider))) {
      const ids = rows.filter((r) => r.provider === provider).map((r) => r.providerId);
      for (let i = 0; i < ids.length; i += 500) {
        const found = await this.repo.find({ select: { id: true, providerId: true }, where: { brandId, provider, providerId: In(ids.slice(i, i + 500)) } });
        for (const f of found) known.set(`${provider}:${f.providerId}`, f.id);
      }
    }
    const full = rows.map((r) => ({ ...r, brandId, id: known.get(`${r.provider}:${r.providerId}`) ?? randomUUID(), updatedAt: now }));
    for (let i = 0; i < full.length; i += 200) await this.repo.upsert(full.slice(i, i + 200), ['brandId', 'provider', 'providerId']);
    const updated = rows.filter((r) => known.has(`${r.provider}:${r.providerId}`)).length;
    return { imported: rows.length - updated, updated };
  }

  /**
   * What a report could be about: the brand's charges of that currency (and amount, when
   * known) in a window around the reported time, and the refunds and disputes of those
   * charges (idx_payment_transactions_match, idx_payment_transactions_charge).
   */
  async findForMatching(brandId: string, q: { currency: string; amountCents: number | null; from: Date; to: Date }): Promise<PaymentTransaction[]> {
    const qb = this.repo
      .createQueryBuilder('p')
      .where("p.brandId = :brandId AND p.kind = 'charge' AND p.currency = :currency", { brandId, currency: q.currency })
      .andWhere('p.occurredAt >= :from AND p.occurredAt <= :to', { from: q.from.getTime(), to: q.to.getTime() });
    if (q.amountCents != null) qb.andWhere('p.amountCents = :amount', { amount: q.amountCents });
    const charges = await qb.orderBy('p.occurredAt', 'ASC').limit(200).getMany();
    if (!charges.length) return [];
    const related = await this.repo.find({ where: { brandId, chargeId: In(charges.map((c) => c.providerId)) } });
    return [...charges, ...related];
  }
}
