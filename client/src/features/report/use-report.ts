import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, call, upload, type Brand, type Receipt } from '../../api';
import { newIdempotencyKey } from '../../format';
import i18n, { languagePicked } from '../../i18n';

/** A refusal saying the slug names no shop (`GET /api/brands/current?brand=…`: 400, field `brand`, `unknown_brand`). */
const isUnknownShop = (err: unknown) =>
  err instanceof ApiError && Array.isArray(err.details) && (err.details as Array<{ field?: string; code?: string }>).some((d) => d.field === 'brand' && d.code === 'unknown_brand');

/**
 * What the report form works with: the shop it files to (its cards, currency and hours) — the
 * one named by `/s/<slug>`, else the one of the host name the form is served on — and sending
 * the report once, under one Idempotency-Key however many times the customer retries after a
 * network failure, with the upload's progress. A customer who never chose a language gets the
 * shop's default one.
 */
export function useReport(slug?: string) {
  const [brand, setBrand] = useState<Brand | null>(null);
  const [unknownShop, setUnknownShop] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());

  useEffect(() => {
    setUnknownShop(false);
    call<Brand>('GET', slug ? `/api/brands/current?brand=${encodeURIComponent(slug)}` : '/api/brands/current').then(
      (b) => {
        setBrand(b);
        if (!languagePicked() && i18n.language !== b.defaultLanguage) void i18n.changeLanguage(b.defaultLanguage);
      },
      (err: unknown) => {
        setBrand(null);
        setUnknownShop(Boolean(slug) && isUnknownShop(err));
      },
    );
  }, [slug]);

  /** Sends the report; throws the API's refusal for the form to show. */
  const send = useCallback(async (form: FormData) => {
    setProgress(0);
    try {
      setReceipt(await upload<Receipt>('/api/tickets', form, { idempotencyKey: idempotencyKey.current, onProgress: setProgress }));
    } finally {
      setProgress(null);
    }
  }, []);

  return { brand, unknownShop, progress, receipt, send };
}
