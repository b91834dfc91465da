import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { apiTokenCreateSchema, ApiTokenView } from '../../../../domain/api-token.schemas';
import type { webhookCreateSchema, WebhookDeliveryView, WebhookEndpointView, webhookUpdateSchema } from '../../../../domain/webhook.schemas';
import { call } from '../../api';
import { apiProblem, type Problem } from '../../errors';

export type { ApiTokenView, WebhookDeliveryView, WebhookEndpointView };
export type TokenCreate = z.input<typeof apiTokenCreateSchema>;
export type WebhookCreate = z.input<typeof webhookCreateSchema>;
export type WebhookChange = z.input<typeof webhookUpdateSchema>;

/** API tokens: the list, issuing (the answer holds the token, shown once) and revoking. */
export function useApiTokens() {
  const [tokens, setTokens] = useState<ApiTokenView[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const reload = useCallback(
    () =>
      call<{ items: ApiTokenView[] }>('GET', '/api/api-tokens').then(
        (r) => {
          setTokens(r.items);
          setProblem(null);
        },
        (err: unknown) => setProblem(apiProblem(err)),
      ),
    [],
  );
  useEffect(() => void reload(), [reload]);
  const issue = useCallback(
    async (body: TokenCreate) => {
      const issued = await call<ApiTokenView & { token: string }>('POST', '/api/api-tokens', { body });
      await reload();
      return issued;
    },
    [reload],
  );
  const revoke = useCallback(
    async (id: string) => {
      const token = await call<ApiTokenView>('DELETE', `/api/api-tokens/${id}`);
      setTokens((list) => list?.map((t) => (t.id === id ? token : t)) ?? list);
      return token;
    },
    [],
  );
  return { tokens, problem, issue, revoke };
}

/** One shop's webhook endpoints and what admins do with them. */
export function useWebhooks(brand: string | null) {
  const [endpoints, setEndpoints] = useState<WebhookEndpointView[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const reload = useCallback(async () => {
    if (!brand) return;
    try {
      setEndpoints((await call<{ items: WebhookEndpointView[] }>('GET', `/api/webhooks?brand=${encodeURIComponent(brand)}`)).items);
      setProblem(null);
    } catch (err) {
      setProblem(apiProblem(err));
    }
  }, [brand]);
  useEffect(() => {
    setEndpoints(null);
    void reload();
  }, [reload]);
  const create = useCallback(
    async (body: WebhookCreate) => {
      const created = await call<WebhookEndpointView & { secret: string }>('POST', '/api/webhooks', { body });
      await reload();
      return created;
    },
    [reload],
  );
  const change = useCallback(
    async (id: string, body: WebhookChange) => {
      const changed = await call<WebhookEndpointView>('PATCH', `/api/webhooks/${id}`, { body });
      setEndpoints((list) => list?.map((e) => (e.id === id ? changed : e)) ?? list);
    },
    [],
  );
  const remove = useCallback(
    async (id: string) => {
      await call<void>('DELETE', `/api/webhooks/${id}`);
      setEndpoints((list) => list?.filter((e) => e.id !== id) ?? list);
    },
    [],
  );
  const rotate = useCallback((id: string) => call<WebhookEndpointView & { secret: string }>('POST', `/api/webhooks/${id}/secret`), []);
  const test = useCallback((id: string) => call<WebhookDeliveryView>('POST', `/api/webhooks/${id}/test`), []);
  return { endpoints, problem, create, change, remove, rotate, test };
}

/** An endpoint's delivery log, read again every few seconds while open (attempts arrive from the workers). */
export function useDeliveries(endpointId: string, open: boolean) {
  const [deliveries, setDeliveries] = useState<WebhookDeliveryView[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const reload = useCallback(
    () =>
      call<{ items: WebhookDeliveryView[] }>('GET', `/api/webhooks/${endpointId}/deliveries`).then(
        (r) => {
          setDeliveries(r.items);
          setProblem(null);
        },
        (err: unknown) => setProblem(apiProblem(err)),
      ),
    [endpointId],
  );
  useEffect(() => {
    if (!open) return;
    void reload();
    const every = setInterval(() => void reload(), 2000);
    return () => clearInterval(every);
  }, [open, reload]);
  const resend = useCallback(
    async (deliveryId: string) => {
      await call<WebhookDeliveryView>('POST', `/api/webhooks/${endpointId}/deliveries/${deliveryId}/resend`);
      await reload();
    },
    [endpointId, reload],
  );
  return { deliveries, problem, reload, resend };
}
