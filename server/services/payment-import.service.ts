import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { AppContext } from '../../core/context';
import type { Brand } from '../../db/entities/brand.entity';
import { ledgerChanged } from '../../core/payment-verification';
import { exportFormats, headerName, missingColumns, type ExportRow, type ImportFormat } from '../../domain/payment-imports';
import { AppError } from '../errors';

const BATCH = 500;
/** Errors reported back, at most (the count of skipped rows says the rest). */
const MAX_ERRORS = 100;

export interface ImportResult {
  imported: number;
  updated: number;
  skipped: number;
  errors: Array<{ line: number; message: string }>;
}

/**
 * Reads a payment export row by row (streamed: a file of 50,000 rows is never held as
 * records) and upserts its transactions into the brand's ledger, 500 rows a transaction.
 * Every row is keyed by the provider's id, so importing the same file again (after a failure
 * half-way, or a later export that rewrote statuses) updates instead of duplicating.
 */
export async function importPayments(ctx: AppContext, brand: Brand, format: ImportFormat, file: Buffer): Promise<ImportResult> {
  const read = exportFormats[format].read;
  const result: ImportResult = { imported: 0, updated: 0, skipped: 0, errors: [] };
  let unreadable = 0;
  const parser = Readable.from(slices(file)).pipe(parse({ columns: (header: string[]) => checkHeader(format, header), bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  // By provider id, the later line winning: a file may name one transaction twice (a dispute
  // and its reversal), and one upsert cannot write a row twice.
  let batch = new Map<string, ExportRow>();
  const flush = async () => {
    if (!batch.size) return;
    const rows = [...batch.values()];
    batch = new Map();
    const { counts, jobs } = await ctx.db.transaction(async (repos) => ({
      counts: await repos.payments.upsertMany(brand.id, rows, ctx.now()),
      // The tickets these transactions may concern are checked again, once committed.
      jobs: await ledgerChanged(repos, brand.id, rows.map((r) => r.providerId)),
    }));
    await ctx.dispatcher.dispatch(jobs);
    result.imported += counts.imported;
    result.updated += counts.updated;
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const mapped = read(record);
      if ('error' in mapped) {
        unreadable++;
        result.skipped++;
        if (result.errors.length < MAX_ERRORS) result.errors.push({ line: info.lines, message: mapped.error });
        continue;
      }
      // A line that is no customer's payment (a payout, a fee, a currency conversion) is skipped, and no error.
      if (!mapped.rows.length) result.skipped++;
      for (const r of mapped.rows) batch.set(`${r.provider}:${r.providerId}`, r);
      if (batch.size >= BATCH) await flush();
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // csv-parse's own complaints (an unclosed quote…) name the line: the rows before it are kept.
    const e = err as { code?: string; lines?: number; message?: string };
    if (!e.code?.startsWith('CSV_')) throw err;
    await flush();
    throw new AppError(422, 'nothing_imported', `The file cannot be read past line ${e.lines ?? '?'}: ${e.message}`, { ...result, errors: [...result.errors, { line: e.lines ?? 0, message: e.message ?? 'malformed CSV' }] });
  }
  await flush();
  if (!result.imported && !result.updated && unreadable) {
    throw new AppError(422, 'nothing_imported', 'No line of this file could be read.', result);
  }
  return result;
}

/** The upload in 64 KiB pieces: handed over whole, csv-parse would read every record before the first is stored. */
function* slices(file: Buffer, size = 64 * 1024) {
  for (let i = 0; i < file.length; i += size) yield file.subarray(i, i + size);
}

function checkHeader(format: ImportFormat, header: string[]): string[] {
  const missing = missingColumns(format, header);
  if (missing.length) throw new AppError(422, 'unrecognised_export', `This is not a ${format} export: no column ${missing.join(', ')}.`, { format, missing });
  return header.map(headerName);
}

/**
 * The rows as the repository takes them. The columns an export does not carry stay
 * undefined, and an upsert writes only the columns its rows give (an export gives the same
 * ones in all its rows of a kind), so what another source said of the transaction (the
 * card's last 4 digits, a refund's trace reference) is kept.
 */
