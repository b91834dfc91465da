import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api';
import { apiProblem, type Problem } from '../../errors';
import type { AdminBrandView } from '../../../../core/brand-views';
import type { BrandPolicy } from '../../../../domain/brand-policy';
import type { BrandChange } from '../../../../domain/brand-admin.schemas';
import { useShops } from '../payments/use-shops';

export type { AdminBrandView };
/** A preset as `GET /api/brands/presets` lists them: one of the seed shops, to start a new one from. */
export interface BrandPresetView {
  slug: string;
  name: string;
  source: string;
  policy: BrandPolicy;
}
/** One line of `GET /api/brands/:slug/events` (core/brand-views.ts brandEventView). */
export interface BrandEventView {
  id: number;
  type: string;
  actorId: string | null;
  actorName: string | null;
  changes: BrandChange[];
  createdAt: string;
}
export interface BrandSaved {
  brand: AdminBrandView;
  deadlinesRecomputed: number;
}

const brandPath = (slug: string) => `/api/brands/${encodeURIComponent(slug)}`;

/** The shops and the presets a new one starts from; `create` throws the API's refusal for the form to show. */
export function useShopList() {
  const { shops, problem } = useShops();
  const [presets, setPresets] = useState<BrandPresetView[] | null>(null);
  const [presetProblem, setPresetProblem] = useState<Problem | null>(null);
  useEffect(() => {
    call<{ items: BrandPresetView[] }>('GET', '/api/brands/presets').then(
      (r) => setPresets(r.items),
      (err: unknown) => {
        setPresets([]);
        setPresetProblem(apiProblem(err));
      },
    );
  }, []);
  const create = useCallback((input: { slug: string; name: string; policy: BrandPolicy }) => call<AdminBrandView>('POST', '/api/brands', { body: input }), []);
  return { shops, presets, problem: problem ?? presetProblem, create };
}

/**
 * One shop as its admin edits it: the whole policy, saved whole (the answer says how many open
 * tickets' deadlines moved), and its audit trail, read again after each save.
 */
export function useBrandAdmin(slug: string) {
  const [brand, setBrand] = useState<AdminBrandView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [events, setEvents] = useState<BrandEventView[] | null>(null);
  const [eventsProblem, setEventsProblem] = useState<Problem | null>(null);

  const readEvents = useCallback(() => {
    call<{ items: BrandEventView[] }>('GET', `${brandPath(slug)}/events`).then(
      (r) => setEvents(r.items),
      (err: unknown) => setEventsProblem(apiProblem(err)),
    );
  }, [slug]);

  useEffect(() => {
    setBrand(null);
    setProblem(null);
    call<AdminBrandView>('GET', brandPath(slug)).then(setBrand, (err: unknown) => setProblem(apiProblem(err)));
    readEvents();
  }, [slug, readEvents]);

  const save = useCallback(
    async (input: { name?: string; policy?: BrandPolicy }) => {
      const saved = await call<BrandSaved>('PATCH', brandPath(slug), { body: input });
      setBrand(saved.brand);
      readEvents();
      return saved;
    },
    [slug, readEvents],
  );

  return { brand, problem, events, eventsProblem, save };
}
