import { useCallback, useRef, useState } from 'react';
import type { ImportFormat } from '../../../../domain/payment-imports';
import { ApiError, upload } from '../../api';
import { apiProblem, type Problem } from '../../errors';
import { useShops } from './use-shops';

/** The answer of `POST /api/payments/import` (server/services/payment-import.service.ts `ImportResult`). */
export interface ImportResult {
  imported: number;
  updated: number;
  skipped: number;
  errors: Array<{ line: number; message: string }>;
}

/** Where an import is: the file on its way (with the share sent), then the server reading it. */
export type ImportPhase = { step: 'idle' } | { step: 'uploading'; ratio: number } | { step: 'importing' };

const isCounts = (d: unknown): d is ImportResult => !!d && typeof d === 'object' && typeof (d as ImportResult).skipped === 'number' && Array.isArray((d as ImportResult).errors);

/**
 * Importing a payment export: the shops to import into, the upload with its progress, then an
 * indeterminate wait while the server reads the rows, and the counts. A refusal that still
 * carries counts (`nothing_imported`) gives them too, so the lines at fault can be shown.
 */
export function usePaymentImport() {
  const { shops: brands, problem: shopsProblem } = useShops();
  const [phase, setPhase] = useState<ImportPhase>({ step: 'idle' });
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const busy = useRef(false);

  const send = useCallback(async ({ file, format, brand }: { file: File; format: ImportFormat; brand: string }) => {
    if (busy.current) return;
    busy.current = true;
    setResult(null);
    setProblem(null);
    setError(null);
    setPhase({ step: 'uploading', ratio: 0 });
    const form = new FormData();
    form.append('format', format);
    if (brand) form.append('brand', brand);
    form.append('file', file, file.name);
    try {
      setResult(await upload<ImportResult>('/api/payments/import', form, { onProgress: (ratio) => setPhase(ratio >= 1 ? { step: 'importing' } : { step: 'uploading', ratio }) }));
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err);
        if (err.code === 'nothing_imported' && isCounts(err.details)) setResult(err.details);
      }
      setProblem(apiProblem(err));
    } finally {
      busy.current = false;
      setPhase({ step: 'idle' });
    }
  }, []);

  return { brands, phase, result, problem: problem ?? shopsProblem, error, send };
}
