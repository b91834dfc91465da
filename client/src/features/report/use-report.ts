import { useCallback, useEffect, useRef, useState } from 'react';
import { call, upload, type Brand, type Receipt } from '../../api';
import { newIdempotencyKey } from '../../format';

/**
 * What the report form works with: the shop it files to (its cards, currency and hours), and
 * sending the report once, under one Idempotency-Key however many times the customer retries
 * after a network failure, with the upload's progress.
 */
export function useReport() {
  const [brand, setBrand] = useState<Brand | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());

  useEffect(() => {
    call<Brand>('GET', '/api/brands/current').then(setBrand, () => setBrand(null));
  }, []);

  /** Sends the report; throws the API's refusal for the form to show. */
  const send = useCallback(async (form: FormData) => {
    setProgress(0);
    try {
      setReceipt(await upload<Receipt>('/api/tickets', form, { idempotencyKey: idempotencyKey.current, onProgress: setProgress }));
    } finally {
      setProgress(null);
    }
  }, []);

  return { brand, progress, receipt, send };
}
