import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { importPayments, type ImportResult } from '../../server/services/payment-import.service';
import { MAX_EXPORT_BYTES } from '../../server/uploads';
import { ledgerRowCount, STRIPE_PAYMENTS_HEADER, stripePaymentsCells, syntheticCharges } from '../synthetic-payments';
import { benchStack, mebibytes, report, round, type Size } from '../support';

/**
 * The upload, from a process of its own (as autocannon runs), so that the bench process's
 * memory is the server's alone: the file streamed from disk as multipart, the answer and
 * the time it took on stdout.
 */
const UPLOADER = `
const fs = require('node:fs');
const [url, file, cookie, csrfToken] = process.argv.slice(1);
(async () => {
  const form = new FormData();
  form.append('format', 'stripe_payments');
  form.append('file', await fs.openAsBlob(file, { type: 'text/csv' }), 'unified_payments.csv');
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form });
  const body = await res.json();
  process.stdout.write(JSON.stringify({ status: res.status, ms: performance.now() - started, body }));
})().catch((err) => { console.error(err); process.exit(1); });
`;

interface Sample {
  at: number;
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
}

/**
 * 8. Payment import: a 100,000-line Stripe Payments export (written by the bench, in the
 * export's own columns, French decimal commas and BOM) through `POST /api/payments/import`
 * as a signed-in manager, twice (all new, then all updates): lines per second, and the
 * process's memory sampled during each import (before, peak, after, and the heap's peak in
 * each quarter of the import, which stays level when rows are streamed).
 */
export async function paymentImport(size: Size) {
  const lines = size === 'smoke' ? 2000 : Number(process.env.BENCH_IMPORT_LINES ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-import-'));
  const file = path.join(dir, 'unified_payments.csv');
  const stack = await benchStack({ workers: false });
  try {
    const now = new Date();
    let ledgerRows = 0;
    function* cells() {
      let written = 0;
      for (const charge of syntheticCharges({ transactions: Math.ceil(lines * 1.06), from: new Date(now.getTime() - 45 * 86_400_000), to: now, seed: 13 })) {
        if (written++ >= lines) return;
        ledgerRows += ledgerRowCount(charge);
        yield stripePaymentsCells(charge);
      }
    }
    await pipeline(Readable.from(cells()), stringify({ bom: true, header: true, columns: STRIPE_PAYMENTS_HEADER }), fs.createWriteStream(file));
    const fileBytes = fs.statSync(file).size;
    // Over the upload limit, the service itself is timed, and the limit is said in the results.
    const viaHttp = fileBytes <= MAX_EXPORT_BYTES;
    const brand = (await stack.ctx.db.repos.brands.findDefault())!;
    const { cookie, csrfToken } = await stack.session();

    const upload = (): Promise<{ status: number; ms: number; body: ImportResult }> =>
      new Promise((resolve, reject) =>
        execFile(process.execPath, ['-e', UPLOADER, `${stack.url}/api/payments/import`, file, cookie, csrfToken], { maxBuffer: 16 * 2 ** 20 }, (err, stdout) =>
          err ? reject(err) : resolve(JSON.parse(stdout)),
        ),
      );
    const viaService = async () => {
      const started = performance.now();
      const body = await importPayments(stack.ctx, brand, 'stripe_payments', fs.readFileSync(file));
      return { status: 200, ms: performance.now() - started, body };
    };

    const rows = [];
    for (const run of ['first (all new)', 'again (all updates)']) {
      const samples: Sample[] = [];
      const sample = () => {
        const m = process.memoryUsage();
        samples.push({ at: performance.now(), rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers });
      };
      sample();
      const before = samples[0];
      const timer = setInterval(sample, 20);
      const answer = await (viaHttp ? upload() : viaService()).finally(() => clearInterval(timer));
      sample();
      const after = samples[samples.length - 1];
      if (answer.status !== 200) throw new Error(`import: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      const during = samples.slice(1, -1);
      const peak = (key: keyof Sample, of = during) => (of.length ? Math.max(...of.map((s) => s[key])) : NaN);
      const quarter = (q: number) => during.filter((s) => s.at >= before.at + (q * answer.ms) / 4 && s.at < before.at + ((q + 1) * answer.ms) / 4);
      rows.push({
        import: run,
        lines,
        seconds: round(answer.ms / 1000, 2),
        linesPerSecond: Math.round(lines / (answer.ms / 1000)),
        imported: answer.body.imported,
        updated: answer.body.updated,
        skipped: answer.body.skipped,
        errors: answer.body.errors.length,
        rssMiB: `${mebibytes(before.rss)} / ${mebibytes(peak('rss'))} / ${mebibytes(after.rss)}`,
        heapUsedMiB: `${mebibytes(before.heapUsed)} / ${mebibytes(peak('heapUsed'))} / ${mebibytes(after.heapUsed)}`,
        // A quarter without a sample (the event loop was busy throughout) shows as '-'.
        heapPeakByQuarterMiB: [0, 1, 2, 3].map((q) => (quarter(q).length ? mebibytes(peak('heapUsed', quarter(q))) : '-')).join(' / '),
        arrayBuffersPeakMiB: mebibytes(peak('arrayBuffers')),
      });
    }
    const stored = Number((await stack.ctx.db.query<Array<{ c: number | string }>>('SELECT COUNT(*) AS c FROM payment_transactions'))[0].c);
    return report('payment-import', size, stack.database, rows, {
      via: viaHttp ? 'POST /api/payments/import' : `importPayments (the file, ${mebibytes(fileBytes)} MiB, is over the upload limit of ${mebibytes(MAX_EXPORT_BYTES)} MiB)`,
      fileMiB: mebibytes(fileBytes),
      uploadLimitMiB: mebibytes(MAX_EXPORT_BYTES),
      ledgerRowsExpected: ledgerRows,
      ledgerRowsStored: stored,
      memory: 'rss and heapUsed: before / peak during / after; arrayBuffers holds the uploaded file (multer keeps it in memory)',
    });
  } finally {
    await stack.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
