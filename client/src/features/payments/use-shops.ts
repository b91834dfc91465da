import { useEffect, useState } from 'react';
import { call } from '../../api';
import { apiProblem, type Problem } from '../../errors';

/** A shop as `GET /api/brands` lists them for agents. */
export interface BrandChoice {
  slug: string;
  name: string;
  isDefault: boolean;
  timeZone: string;
}

/** The shops, read once: null while on their way, empty (with the problem) when they could not be read. */
export function useShops() {
  const [shops, setShops] = useState<BrandChoice[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    call<{ items: BrandChoice[] }>('GET', '/api/brands').then(
      (r) => setShops(r.items),
      (err: unknown) => {
        setShops([]);
        setProblem(apiProblem(err));
      },
    );
  }, []);
  return { shops, problem };
}
