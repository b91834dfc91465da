import { useCallback, useEffect, useState } from 'react';
import { call, type StripeConnectorView } from '../../api';
import { apiProblem, type Problem } from '../../errors';
import { useShops, type BrandChoice } from './use-shops';

/** What an admin types to connect a shop: sent once, never kept, never read back. */
export interface StripeSecrets {
  secretKey: string;
  webhookSecret: string;
}

/** One shop and its Stripe connection: null while on its way; the problem when it could not be read. */
export interface ShopConnection {
  shop: BrandChoice;
  connector: StripeConnectorView | null;
  problem: Problem | null;
}

const connectorPath = (slug: string) => `/api/brands/${encodeURIComponent(slug)}/connectors/stripe`;

/**
 * Every shop's Stripe connection, as admins manage them: read for each shop, set or replaced
 * (the answer carries a hint of the key, never the secrets), and removed. Each change puts the
 * answer in place of what was shown; a refusal is thrown for the form to show.
 */
export function useStripeConnections() {
  const { shops, problem } = useShops();
  const [connectors, setConnectors] = useState<Record<string, { connector: StripeConnectorView | null; problem: Problem | null }>>({});

  useEffect(() => {
    for (const shop of shops ?? []) {
      call<StripeConnectorView>('GET', connectorPath(shop.slug)).then(
        (connector) => setConnectors((all) => ({ ...all, [shop.slug]: { connector, problem: null } })),
        (err: unknown) => setConnectors((all) => ({ ...all, [shop.slug]: { connector: null, problem: apiProblem(err) } })),
      );
    }
  }, [shops]);

  const put = (slug: string, connector: StripeConnectorView) => setConnectors((all) => ({ ...all, [slug]: { connector, problem: null } }));

  const save = useCallback(async (slug: string, secrets: StripeSecrets) => {
    const connector = await call<StripeConnectorView>('PUT', connectorPath(slug), { body: secrets });
    put(slug, connector);
    return connector;
  }, []);

  const disconnect = useCallback(async (slug: string) => {
    const connector = await call<StripeConnectorView>('DELETE', connectorPath(slug));
    put(slug, connector);
    return connector;
  }, []);

  const list: ShopConnection[] | null = shops && shops.map((shop) => ({ shop, connector: connectors[shop.slug]?.connector ?? null, problem: connectors[shop.slug]?.problem ?? null }));
  return { shops: list, problem, save, disconnect };
}
