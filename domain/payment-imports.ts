import { redact } from './redaction';

/*
 * Payment exports a shop can download today, read row by row into ledger rows (pure: the
 * streaming and the storage are the server's). Text goes through the same redaction as
 * intake, so a card number in a description never reaches the ledger.
 */

/** A ledger row as an import gives it (the brand and bookkeeping columns are added on storage). */
export interface ImportedTransaction {
  provider: 'stripe' | 'paypal';
  providerId: string;
  kind: 'charge' | 'refund' | 'dispute';
  status: string;
  amountCents: number;
  currency: string;
  occurredAt: Date;
  captured: boolean | null;
  released: boolean;
  captureBefore: Date | null;
  refundedCents: number;
  declineCode: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  cardFingerprint: string | null;
  customerEmail: string | null;
  orderReference: string | null;
  chargeId: string | null;
  arn: string | null;
  dueBy: Date | null;
}

export type ImportFormat = 'stripe_payments';
export const importFormats: readonly ImportFormat[] = ['stripe_payments'];

type Row = Record<string, string | undefined>;

/** "59.90", "59,90", "1 059,90" or "1,059.90" in major units, to cents; null when it is not an amount. */
export function parseAmount(raw: string | undefined): number | null {
  if (raw == null) return null;
  let s = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (!s) return null;
  if (/,\d{1,2}$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

/** "2026-11-20 13:32:00" or "2026-11-20 13:32" (UTC, as Stripe writes them), or ISO 8601. */
export function parseUtc(raw: string | undefined): Date | null {
  const s = raw?.trim();
  if (!s) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  const d = m ? new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}${m[4] ?? ''}${m[5] ?? 'Z'}`) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

const clean = (raw: string | undefined, max: number) => {
  const s = raw?.trim();
  return s ? redact(s).text.slice(0, max) : null;
};
const column = (row: Row, ...names: string[]) => {
  for (const n of names) if (row[n] !== undefined) return row[n];
  return undefined;
};
/** The order a charge pays for: an `order…` metadata column, as shops name it. */
const orderOf = (row: Row) => {
  const key = Object.keys(row).find((k) => /^(order[_ ]?(id|number|ref(erence)?)?)\s*\(metadata\)$/i.test(k.trim()));
  return clean(key ? row[key] : undefined, 128);
};

/** The columns without which a Stripe payments export cannot be read. */
export const STRIPE_PAYMENTS_REQUIRED = [['id'], ['Amount'], ['Currency'], ['Created date (UTC)', 'Created (UTC)']] as const;

/** The header's missing columns (by their current Stripe name), empty when the file can be read. */
export function missingColumns(header: readonly string[], required: ReadonlyArray<readonly string[]> = STRIPE_PAYMENTS_REQUIRED): string[] {
  const have = new Set(header.map((h) => h.trim()));
  return required.filter((names) => !names.some((n) => have.has(n))).map((names) => names[0]);
}

/**
 * One row of Stripe's Payments export (`unified_payments.csv`): the charge, and the refund
 * and the dispute it records, as ledger rows; or what is wrong with the row.
 */
export function fromStripePaymentsRow(row: Row): { rows: ImportedTransaction[] } | { error: string } {
  const id = row.id?.trim();
  const amountCents = parseAmount(row.Amount);
  const currency = row.Currency?.trim().toUpperCase();
  const occurredAt = parseUtc(column(row, 'Created date (UTC)', 'Created (UTC)'));
  if (!id) return { error: 'no id' };
  if (!/^[\w:.-]{1,64}$/.test(id)) return { error: `id ${JSON.stringify(id.slice(0, 20))} is not a Stripe id` };
  if (amountCents == null || amountCents < 0) return { error: `Amount ${JSON.stringify(row.Amount ?? '')} is not an amount` };
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return { error: `Currency ${JSON.stringify(row.Currency ?? '')} is not a currency code` };
  if (!occurredAt) return { error: 'the creation date is missing or not a date' };
  const status = (row.Status ?? '').trim().toLowerCase();
  const refundedCents = parseAmount(column(row, 'Amount Refunded')) ?? 0;
  const last4 = row['Card Last4']?.trim();
  const base = {
    provider: 'stripe' as const,
    currency,
    cardBrand: clean(row['Card Brand'], 32)?.toLowerCase() ?? null,
    cardLast4: last4 && /^\d{4}$/.test(last4) ? last4 : null,
    cardFingerprint: clean(row['Card Fingerprint'], 64),
    customerEmail: clean(row['Customer Email'], 254)?.toLowerCase() ?? null,
    orderReference: orderOf(row),
    captured: null,
    released: false,
    captureBefore: null,
    refundedCents: 0,
    declineCode: null,
    chargeId: null,
    arn: null,
    dueBy: null,
  };
  const captured = row.Captured == null ? status !== 'uncaptured' : row.Captured.trim().toLowerCase() === 'true';
  const rows: ImportedTransaction[] = [
    {
      ...base,
      providerId: id,
      kind: 'charge',
      status: status === 'failed' ? 'failed' : 'succeeded',
      amountCents,
      occurredAt,
      captured: status === 'failed' ? false : captured,
      released: status === 'canceled' || status === 'expired',
      refundedCents,
      declineCode: status === 'failed' ? clean(row['Decline Reason'], 64)?.toLowerCase().replace(/[\s-]+/g, '_') ?? null : null,
    },
  ];
  const refundedAt = parseUtc(column(row, 'Refunded date (UTC)', 'Refunded (UTC)'));
  if (refundedCents > 0) {
    rows.push({ ...base, providerId: `${id}:refund`, kind: 'refund', status: 'succeeded', amountCents: refundedCents, occurredAt: refundedAt ?? occurredAt, chargeId: id });
  }
  const disputeStatus = row['Dispute Status']?.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (disputeStatus) {
    rows.push({
      ...base,
      providerId: `${id}:dispute`,
      kind: 'dispute',
      status: disputeStatus,
      amountCents: parseAmount(row['Disputed Amount']) ?? amountCents,
      occurredAt: parseUtc(row['Dispute Date (UTC)']) ?? occurredAt,
      chargeId: id,
      dueBy: parseUtc(row['Dispute Evidence Due (UTC)']),
    });
  }
  return { rows };
}
