import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { AppContext } from '../../core/context';
import type { Brand } from '../../db/entities/brand.entity';
import { fromStripePaymentsRow, missingColumns, type ImportFormat, type ImportedTransaction } from '../../domain/payment-imports';
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
  const result: ImportResult = { imported: 0, updated: 0, skipped: 0, errors: [] };
  const parser = Readable.from([file]).pipe(parse({ columns: (header: string[]) => checkHeader(format, header), bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  let batch: ImportedTransaction[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    const counts = await ctx.db.transaction((repos) => repos.payments.upsertMany(brand.id, rows, ctx.now()));
    result.imported += counts.imported;
    result.updated += counts.updated;
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const mapped = fromStripePaymentsRow(record);
      if ('error' in mapped) {
        result.skipped++;
        if (result.errors.length < MAX_ERRORS) result.errors.push({ line: info.lines, message: mapped.error });
        continue;
      }
      batch.push(...mapped.rows);
      if (batch.length >= BATCH) await flush();
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
  if (!result.imported && !result.updated && result.skipped) {
    throw new AppError(422, 'nothing_imported', 'No line of this file could be read.', result);
  }
  return result;
}

function checkHeader(format: ImportFormat, header: string[]): string[] {
  const missing = missingColumns(header);
  if (missing.length) throw new AppError(422, 'unrecognised_export', `This is not a ${format} export: no column ${missing.join(', ')}.`, { format, missing });
  return header.map((h) => h.trim());
}
