import { DateTime } from 'luxon';
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

/**
 * What an export says of a ledger row. The columns it does not carry are left out (undefined),
 * and storing the row keeps what the ledger already had from another source: the balance
 * report has no card last 4 and no refunded amount, the Payments export has them, and the
 * same charge imported from both stays whole.
 */
type Always = 'provider' | 'providerId' | 'kind' | 'status' | 'amountCents' | 'currency' | 'occurredAt';
export type ExportRow = Pick<ImportedTransaction, Always> & Partial<Omit<ImportedTransaction, Always>>;
/** A line of an export: its ledger rows (none when it is not a customer's payment: a payout, a fee), or what is wrong with it. */
export type LineReading = { rows: ExportRow[] } | { error: string };

export type ImportFormat = 'stripe_payments' | 'stripe_balance' | 'paypal_activity';
export const importFormats: readonly ImportFormat[] = ['stripe_payments', 'stripe_balance', 'paypal_activity'];

type Row = Record<string, string | undefined>;

/** "59.90", "59,90", "1 059,90", "1,059.90" or "-59,90" in major units, to cents; null when it is not an amount. */
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

/**
 * The zone PayPal names in its TimeZone column, for luxon. An abbreviation is the offset it
 * stands for (PayPal writes PST in winter and PDT in summer: each is one fixed offset), "GMT+01:00"
 * is that offset, and anything else is taken as an IANA name (Europe/Paris, with its DST rules).
 */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  UTC: 'UTC', GMT: 'UTC', WET: 'UTC', WEST: 'UTC+1', BST: 'UTC+1', CET: 'UTC+1', CEST: 'UTC+2', EET: 'UTC+2', EEST: 'UTC+3',
  HST: 'UTC-10', AKST: 'UTC-9', AKDT: 'UTC-8', PST: 'UTC-8', PDT: 'UTC-7', MST: 'UTC-7', MDT: 'UTC-6',
  CST: 'UTC-6', CDT: 'UTC-5', EST: 'UTC-5', EDT: 'UTC-4', JST: 'UTC+9', AEST: 'UTC+10', AEDT: 'UTC+11',
};
function zoneOf(raw: string): string {
  const name = raw.trim();
  const offset = /^(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(name);
  if (offset) return `UTC${offset[1]}${offset[2]}:${offset[3] ?? '00'}`;
  return ZONE_ABBREVIATIONS[name.toUpperCase()] ?? name;
}

/** A local date ("20/11/2026", "20.11.2026" or "2026-11-20") and time ("14:32:10") in a zone as PayPal names it; null when any part is not one. */
export function parseLocalTime(date: string, time: string, zone: string): Date | null {
  const d = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(date.trim());
  const iso = d ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!(d || iso) || !t || !zone.trim()) return null;
  const [day, month, year] = d ? [d[1], d[2], d[3]] : [iso![3], iso![2], iso![1]];
  const at = DateTime.fromObject(
    { year: Number(year), month: Number(month), day: Number(day), hour: Number(t[1]), minute: Number(t[2]), second: Number(t[3] ?? 0) },
    { zone: zoneOf(zone) },
  );
  return at.isValid ? at.toJSDate() : null;
}

/** A header cell as the readers look it up: trimmed, composed, with straight apostrophes (PayPal's French headers use both). */
export const headerName = (raw: string) => raw.trim().normalize('NFC').replace(/[\u2018\u2019]/g, "'");

const clean = (raw: string | undefined, max: number) => {
  const s = raw?.trim();
  return s ? redact(s).text.slice(0, max) : null;
};
const column = (row: Row, ...names: readonly string[]) => {
  for (const n of names) if (row[n] !== undefined) return row[n];
  return undefined;
};
/** The order a charge pays for: an `order…` metadata column, as shops name it (`order_id (metadata)`, `payment_metadata[order_id]`). */
const ORDER_COLUMN = /^(?:order[_ ]?(?:id|number|ref(?:erence)?)?\s*\(metadata\)|payment_metadata\[order[_ ]?(?:id|number|ref(?:erence)?)?\])$/i;
const orderOf = (row: Row) => {
  const key = Object.keys(row).find((k) => ORDER_COLUMN.test(k.trim()));
  return clean(key ? row[key] : undefined, 128);
};
const STRIPE_ID = /^[a-z]{2,5}_\w{1,58}$/;

/** The columns without which a Stripe payments export cannot be read. */
const STRIPE_PAYMENTS_REQUIRED = [['id'], ['Amount'], ['Currency'], ['Created date (UTC)', 'Created (UTC)']];

/*
 * Stripe's ids. A charge is its own id (`ch_…`, `py_…`) in every source: the Payments export,
 * the balance report and the webhooks write one ledger row. The Payments export names no
 * refund or dispute, only the charge's refunded total and its dispute columns: those rows are
 * `<charge>:refund` and `<charge>:dispute`, stable from one export to the next. The balance
 * report and the webhooks name them (`re_…`, `dp_…`), and so do their rows. A shop importing
 * both exports thus has a refund twice (the total and the refund itself), both attached to
 * their charge; the verdict reads refunds and disputes through the charge, so it is the same.
 */

/**
 * One row of Stripe's Payments export (`unified_payments.csv`): the charge, and the refund
 * and the dispute it records, as ledger rows; or what is wrong with the row. It carries no
 * capture deadline and no refund trace reference (ARN): those are left to other sources.
 */
export function fromStripePaymentsRow(row: Row): LineReading {
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
    refundedCents: 0,
    declineCode: null,
    chargeId: null,
    dueBy: null,
  };
  const captured = row.Captured == null ? status !== 'uncaptured' : row.Captured.trim().toLowerCase() === 'true';
  const rows: ExportRow[] = [
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

/** The columns without which Stripe's itemized balance change report cannot be read (`created` in its older versions, in UTC). */
const STRIPE_BALANCE_REQUIRED = [['source_id'], ['reporting_category'], ['currency'], ['gross'], ['created_utc', 'created']];

/**
 * The balance report's categories that are a customer's money, and what each says of its
 * Stripe object. A dispute's funds are withdrawn when it opens (it then needs a response; the
 * report says no more until they are reinstated, when it was won); a failure is the same
 * charge or refund, failed. Everything else (fees, payouts, transfers, a partial capture's
 * released remainder…) is skipped.
 */
const BALANCE_CATEGORIES: Record<string, Pick<ExportRow, 'kind' | 'status'>> = {
  charge: { kind: 'charge', status: 'succeeded' },
  charge_failure: { kind: 'charge', status: 'failed' },
  refund: { kind: 'refund', status: 'succeeded' },
  refund_failure: { kind: 'refund', status: 'failed' },
  dispute: { kind: 'dispute', status: 'needs_response' },
  dispute_reversal: { kind: 'dispute', status: 'won' },
};

/**
 * One row of Stripe's itemized balance change report (`balance_change_from_activity.itemized`):
 * a balance transaction, as the ledger row of the Stripe object it moved money for (the
 * charge, the refund, the dispute: `source_id`). Amounts are the customer's (the
 * customer-facing amount and currency when given, the gross otherwise), refunds and disputes
 * positive. The report has no card last 4, fingerprint, refunded total or evidence deadline.
 */
export function fromStripeBalanceRow(row: Row): LineReading {
  const category = row.reporting_category?.trim().toLowerCase();
  if (!category) return { error: 'no reporting_category' };
  const what = BALANCE_CATEGORIES[category];
  if (!what) return { rows: [] };
  const id = row.source_id?.trim();
  if (!id) return { error: 'no source_id' };
  if (!STRIPE_ID.test(id)) return { error: `source_id ${JSON.stringify(id.slice(0, 20))} is not a Stripe id` };
  const facing = parseAmount(row.customer_facing_amount);
  const amount = facing ?? parseAmount(row.gross);
  if (amount == null) return { error: `gross ${JSON.stringify(row.gross ?? '')} is not an amount` };
  const currency = ((facing != null && row.customer_facing_currency?.trim()) || row.currency?.trim() || '').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return { error: `currency ${JSON.stringify(row.currency ?? '')} is not a currency code` };
  const created = parseUtc(column(row, 'created_utc', 'created'));
  // A charge is dated when it was made, as the Payments export dates it (its balance transaction comes at capture).
  const occurredAt = what.kind === 'charge' ? (parseUtc(row.charge_created_utc) ?? created) : created;
  if (!occurredAt) return { error: 'created_utc is missing or not a date' };
  const chargeId = row.charge_id?.trim();
  return {
    rows: [
      {
        provider: 'stripe',
        providerId: id,
        ...what,
        amountCents: Math.abs(amount),
        currency,
        occurredAt,
        // Only a captured charge moves the balance.
        captured: what.kind === 'charge' ? what.status === 'succeeded' : null,
        released: false,
        chargeId: what.kind === 'charge' ? null : chargeId && STRIPE_ID.test(chargeId) ? chargeId : null,
        // A dispute's reason, where Stripe's own dispute rows keep it.
        ...(what.kind === 'dispute' && { declineCode: clean(row.dispute_reason, 64)?.toLowerCase() ?? null }),
        cardBrand: clean(row.card_brand, 32)?.toLowerCase() ?? null,
        customerEmail: clean(row.customer_email, 254)?.toLowerCase() ?? null,
        orderReference: orderOf(row),
      },
    ],
  };
}

/** PayPal's activity download, under its English and French headers. */
const PAYPAL = {
  date: ['Date'],
  time: ['Time', 'Heure'],
  zone: ['TimeZone', 'Time Zone', 'Fuseau horaire'],
  type: ['Type'],
  status: ['Status', 'État', 'Etat', 'Statut'],
  currency: ['Currency', 'Devise'],
  gross: ['Gross', 'Brut'],
  from: ['From Email Address', "De l'adresse email", "De l'adresse e-mail"],
  to: ['To Email Address', "À l'adresse email", "À l'adresse e-mail"],
  id: ['Transaction ID', 'Numéro de transaction'],
  reference: ['Reference Txn ID', 'Numéro de transaction de référence'],
  invoice: ['Invoice Number', 'Numéro de facture'],
  custom: ['Custom Number', 'Numéro personnalisé'],
} as const;
const PAYPAL_REQUIRED = [PAYPAL.date, PAYPAL.time, PAYPAL.zone, PAYPAL.type, PAYPAL.status, PAYPAL.currency, PAYPAL.gross, PAYPAL.id];

/** Lower case without accents: "État", "Remboursé" and "Rétrofacturation" read like their plain spellings. */
const folded = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase();

type PaypalStatus = 'completed' | 'pending' | 'failed' | 'refunded' | 'partially_refunded' | 'reversed' | 'canceled';
const PAYPAL_STATUSES: Record<string, PaypalStatus> = {
  completed: 'completed', cleared: 'completed', termine: 'completed', effectue: 'completed', complete: 'completed',
  pending: 'pending', uncleared: 'pending', held: 'pending', placed: 'pending', unclaimed: 'pending', 'en attente': 'pending', 'non reclame': 'pending',
  denied: 'failed', failed: 'failed', declined: 'failed', refuse: 'failed', echoue: 'failed',
  refunded: 'refunded', rembourse: 'refunded',
  'partially refunded': 'partially_refunded', 'partiellement rembourse': 'partially_refunded',
  reversed: 'reversed', contrepasse: 'reversed', inverse: 'reversed',
  canceled: 'canceled', cancelled: 'canceled', voided: 'canceled', expired: 'canceled', removed: 'canceled', annule: 'canceled', expire: 'canceled',
};

/**
 * What a PayPal transaction type is to the ledger, from its English or French name; null for
 * what is not a customer's payment (currency conversions, bank deposits and withdrawals,
 * transfers, fees, account holds and their release, money the shop itself paid out).
 */
function paypalKind(type: string, gross: number, reference: boolean): 'charge' | 'authorization' | 'refund' | 'dispute' | 'dispute_won' | null {
  if (/conversion|withdrawal|retrait|deposit|depot|transfer|virement|\bfees?\b|frais|hold|release|reserve|blocage|liberation/.test(type)) return null;
  if (/(chargeback|retrofacturation).*(reversal|cancel|annulation)|(reversal|cancel|annulation).*(chargeback|retrofacturation)/.test(type)) return 'dispute_won';
  if (/chargeback|retrofacturation|reversal|contrepassation|annulation de paiement|litige|dispute/.test(type)) return 'dispute';
  if (/refund|rembours/.test(type)) return gross < 0 ? 'refund' : null;
  if (/authori[sz]ation|autorisation/.test(type)) return 'authorization';
  if (/payment|paiement/.test(type)) return gross > 0 ? 'charge' : reference ? 'refund' : null;
  return null;
}

/**
 * One row of PayPal's activity download (English or French): a customer's payment, an
 * authorisation, a refund (negative, its Reference Txn ID the payment), a chargeback or
 * payment reversal; `{ rows: [] }` for the rest. PayPal rewrites a payment's status on later
 * downloads (Pending, then Completed, Refunded, Reversed): the row is keyed by its
 * Transaction ID, so the import updates it.
 */
export function fromPaypalActivityRow(row: Row): LineReading {
  const get = (names: readonly string[]) => column(row, ...names)?.trim() ?? '';
  const id = get(PAYPAL.id);
  if (!id) return { error: 'no Transaction ID' };
  if (!/^[A-Za-z0-9-]{1,40}$/.test(id)) return { error: `Transaction ID ${JSON.stringify(id.slice(0, 20))} is not a PayPal id` };
  const gross = parseAmount(get(PAYPAL.gross));
  if (gross == null) return { error: `Gross ${JSON.stringify(get(PAYPAL.gross))} is not an amount` };
  const reference = get(PAYPAL.reference) || null;
  const kind = paypalKind(folded(get(PAYPAL.type)), gross, reference !== null);
  if (!kind) return { rows: [] };
  const currency = get(PAYPAL.currency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return { error: `Currency ${JSON.stringify(get(PAYPAL.currency))} is not a currency code` };
  const occurredAt = parseLocalTime(get(PAYPAL.date), get(PAYPAL.time), get(PAYPAL.zone));
  if (!occurredAt) return { error: `${JSON.stringify(`${get(PAYPAL.date)} ${get(PAYPAL.time)} ${get(PAYPAL.zone)}`)} is not a date, time and time zone` };
  const status = PAYPAL_STATUSES[folded(get(PAYPAL.status))];
  if (!status) return { error: `Status ${JSON.stringify(get(PAYPAL.status))} is not a PayPal status` };
  // The customer is who paid, or who was paid back.
  const email = clean(gross >= 0 ? get(PAYPAL.from) : get(PAYPAL.to), 254)?.toLowerCase() ?? null;
  const base = {
    provider: 'paypal' as const,
    amountCents: Math.abs(gross),
    currency,
    occurredAt,
    released: false,
    refundedCents: 0,
    // A PayPal wallet payment names no card: its brand and digits are left empty, never guessed.
    cardBrand: null,
    cardLast4: null,
    cardFingerprint: null,
    customerEmail: email,
    orderReference: clean(get(PAYPAL.invoice) || get(PAYPAL.custom), 128),
  };
  if (kind === 'charge' || kind === 'authorization') {
    // A captured authorisation is its capture's payment row (an authorisation Completed is no hold left).
    if (kind === 'authorization' && status === 'completed') return { rows: [] };
    // A payment not completed yet (Pending, an eCheck) weighs on the customer's account as an authorisation does.
    const captured = kind === 'charge' && ['completed', 'refunded', 'partially_refunded', 'reversed'].includes(status);
    return {
      rows: [
        {
          ...base,
          providerId: id,
          kind: 'charge',
          status: status === 'failed' ? 'failed' : status === 'pending' && kind === 'charge' ? 'pending' : 'succeeded',
          captured,
          released: status === 'canceled',
          // A partial refund's amount is on its refund row only.
          refundedCents: status === 'refunded' ? base.amountCents : 0,
          declineCode: null,
          chargeId: null,
        },
      ],
    };
  }
  if (kind === 'refund') {
    const refundStatus = status === 'pending' ? 'pending' : status === 'failed' ? 'failed' : status === 'canceled' ? 'canceled' : 'succeeded';
    return { rows: [{ ...base, providerId: id, kind: 'refund', status: refundStatus, captured: null, declineCode: null, chargeId: reference }] };
  }
  // A chargeback and the reversal that ends it are transactions of their own: keyed by the
  // payment they dispute they are one ledger dispute (as the Stripe Payments export names its
  // `<charge>:dispute`), whose status the later row sets (PayPal lists the oldest first).
  return {
    rows: [
      {
        ...base,
        providerId: reference ? `${reference}:dispute` : id,
        kind: 'dispute',
        status: kind === 'dispute_won' ? 'won' : 'needs_response',
        captured: null,
        declineCode: null,
        chargeId: reference,
      },
    ],
  };
}

/** Each format: the columns it cannot be read without (each under its names: current first, then older or translated ones), and its reader. */
export const exportFormats: Record<ImportFormat, { required: ReadonlyArray<readonly string[]>; read: (row: Row) => LineReading }> = {
  stripe_payments: { required: STRIPE_PAYMENTS_REQUIRED, read: fromStripePaymentsRow },
  stripe_balance: { required: STRIPE_BALANCE_REQUIRED, read: fromStripeBalanceRow },
  paypal_activity: { required: PAYPAL_REQUIRED, read: fromPaypalActivityRow },
};

/** The header's missing columns for that format (by their first name), empty when the file can be read. */
export function missingColumns(format: ImportFormat, header: readonly string[]): string[] {
  const have = new Set(header.map(headerName));
  return exportFormats[format].required.filter((names) => !names.some((n) => have.has(n))).map((names) => names[0]);
}
