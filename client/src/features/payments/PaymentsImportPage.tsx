import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { importFormats, type ImportFormat } from '../../../../domain/payment-imports';
import type { ApiError } from '../../api';
import { AgentBar } from '../../components/AgentBar';
import { describedBy, Field, Layout } from '../../components/Layout';
import { apiProblems, say, type Problem, type Problems } from '../../errors';
import { addNamespaces } from '../../i18n';
import * as payments from '../../i18n/payments';
import * as queue from '../../i18n/queue';
import { usePaymentImport, type ImportPhase, type ImportResult } from './use-payment-import';

addNamespaces({ queue, payments });

/** The sample exports shipped in the repository, for a first import without any account. */
const SAMPLES = ['samples/payments/stripe-payments.csv', 'samples/payments/stripe-balance.csv', 'samples/payments/paypal-activity.csv'];
/** Lines at fault shown at once; the count says the rest. */
const SHOWN_ERRORS = 10;

/** A refusal of the import in words, with what its details say (the columns missing). */
function importProblems(err: ApiError | null, t: (key: string) => string): Problems {
  if (!err) return {};
  const details = (err.details ?? {}) as { format?: string; missing?: string[] };
  if (err.code === 'unrecognised_export') {
    return { form: { key: 'payments:errors.unrecognised_export', values: { format: t(`payments:formats.${details.format}`), missing: (details.missing ?? []).join(', ') } } };
  }
  if (err.code === 'nothing_imported') return { form: { key: 'payments:errors.nothing_imported' } };
  return apiProblems(err);
}

/** `/payments/import` (managers, admins): a payment export into a shop's ledger. */
export function PaymentsImportPage() {
  const { t } = useTranslation();
  const { brands, phase, result, problem, error, send } = usePaymentImport();
  const [brand, setBrand] = useState('');
  const [format, setFormat] = useState<ImportFormat>(importFormats[0]);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState<Problem | undefined>();
  useEffect(() => setBrand((b) => b || brands?.find((x) => x.isDefault)?.slug || brands?.[0]?.slug || ''), [brands]);

  const busy = phase.step !== 'idle';
  const problems = importProblems(error, (k) => String(t(k)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setMissingFile({ key: 'payments:errors.file' });
    setMissingFile(undefined);
    void send({ file, format, brand });
  };
  const fileError = say(t, missingFile ?? problems.file);

  return (
    <Layout wide actions={<AgentBar />}>
      <h1>{t('payments:title')}</h1>
      <p className="hint">{t('payments:intro')}</p>
      {problem && !error ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
      {problems.form ? <p className="banner error-banner" role="alert">{say(t, problems.form)}</p> : null}

      <form className="card import-form" onSubmit={submit} noValidate aria-busy={busy || undefined}>
        <Field id="p-brand" label={t('payments:brand')} error={say(t, problems.brand)}>
          <select id="p-brand" value={brand} disabled={!brands?.length} onChange={(e) => setBrand(e.target.value)}>
            {(brands ?? []).map((b) => <option key={b.slug} value={b.slug}>{b.name}</option>)}
          </select>
        </Field>
        <Field id="p-format" label={t('payments:format')} hint={t(`payments:where.${format}`)} error={say(t, problems.format)}>
          <select id="p-format" value={format} aria-describedby={describedBy('p-format', true, problems.format)} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
            {importFormats.map((f) => <option key={f} value={f}>{t(`payments:formats.${f}`)}</option>)}
          </select>
        </Field>
        <Field id="p-file" label={t('payments:file')} hint={t('payments:fileHint')} error={fileError} required>
          <input
            id="p-file"
            type="file"
            accept=".csv,text/csv"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={describedBy('p-file', true, fileError)}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Field>
        <p className="hint samples">{t('payments:samples', { files: SAMPLES.join(', ') })}</p>
        <button type="submit" className="primary" disabled={busy}>{t('payments:submit')}</button>
        <ImportProgress phase={phase} done={result && !error ? t('payments:result.done', { imported: result.imported, updated: result.updated, skipped: result.skipped }) : ''} />
      </form>

      {result ? <ImportSummary result={result} /> : null}
    </Layout>
  );
}

/** The upload's share sent, then an indeterminate bar while the server reads the rows, then what was done: one live region says it all. */
function ImportProgress({ phase, done }: { phase: ImportPhase; done: string }) {
  const { t } = useTranslation();
  const label = phase.step === 'uploading' ? t('payments:uploading', { percent: Math.round(phase.ratio * 100) }) : phase.step === 'importing' ? t('payments:importing') : done;
  return (
    <div className="import-progress">
      <p role="status" aria-live="polite" className="status-line">{label}</p>
      {phase.step === 'uploading' ? <progress value={phase.ratio} max={1} aria-label={label} /> : null}
      {phase.step === 'importing' ? <progress aria-label={label} /> : null}
    </div>
  );
}

/** The counts, and the first lines that could not be read. */
function ImportSummary({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  const shown = result.errors.slice(0, SHOWN_ERRORS);
  const more = result.skipped - shown.length;
  return (
    <section className="card import-result" aria-labelledby="import-result-title" data-testid="import-result">
      <h2 id="import-result-title">{t('payments:result.title')}</h2>
      <dl>
        <dt>{t('payments:result.imported')}</dt><dd data-count="imported">{result.imported}</dd>
        <dt>{t('payments:result.updated')}</dt><dd data-count="updated">{result.updated}</dd>
        <dt>{t('payments:result.skipped')}</dt><dd data-count="skipped">{result.skipped}</dd>
      </dl>
      {shown.length ? (
        <>
          <h3>{t('payments:result.errors')}</h3>
          <ul className="import-errors">
            {shown.map((e) => <li key={`${e.line}:${e.message}`}>{t('payments:result.line', { line: e.line, message: e.message })}</li>)}
          </ul>
          {more > 0 ? <p className="hint">{t('payments:result.more', { count: more })}</p> : null}
        </>
      ) : null}
    </section>
  );
}
