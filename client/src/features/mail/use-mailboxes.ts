import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api';
import { apiProblem, type Problem } from '../../errors';
import type { MailboxInput } from '../../../../domain/mailbox.schemas';
import { useShops, type BrandChoice } from '../payments/use-shops';

/** A shop's mailbox as `GET/PUT/DELETE /api/brands/:slug/mailbox` answer it: the settings without the password. */
import type { MailboxView } from '../../../../core/mailbox-views';
export type { MailboxView };

/** One shop and its mailbox: null while on its way; the problem when it could not be read. */
export interface ShopMailbox {
  shop: BrandChoice;
  mailbox: MailboxView | null;
  problem: Problem | null;
}

const mailboxPath = (slug: string) => `/api/brands/${encodeURIComponent(slug)}/mailbox`;

/**
 * Every shop's support mailbox, as admins manage them: read for each shop, set (the answer
 * never carries the password), and removed. Each change puts the answer in place of what was
 * shown; a refusal is thrown for the form to show.
 */
export function useMailboxes() {
  const { shops, problem } = useShops();
  const [mailboxes, setMailboxes] = useState<Record<string, { mailbox: MailboxView | null; problem: Problem | null }>>({});

  useEffect(() => {
    for (const shop of shops ?? []) {
      call<MailboxView>('GET', mailboxPath(shop.slug)).then(
        (mailbox) => setMailboxes((all) => ({ ...all, [shop.slug]: { mailbox, problem: null } })),
        (err: unknown) => setMailboxes((all) => ({ ...all, [shop.slug]: { mailbox: null, problem: apiProblem(err) } })),
      );
    }
  }, [shops]);

  const put = (slug: string, mailbox: MailboxView) => setMailboxes((all) => ({ ...all, [slug]: { mailbox, problem: null } }));

  const save = useCallback(async (slug: string, input: MailboxInput) => {
    const mailbox = await call<MailboxView>('PUT', mailboxPath(slug), { body: input });
    put(slug, mailbox);
    return mailbox;
  }, []);

  const disconnect = useCallback(async (slug: string) => {
    const mailbox = await call<MailboxView>('DELETE', mailboxPath(slug));
    put(slug, mailbox);
    return mailbox;
  }, []);

  const list: ShopMailbox[] | null = shops && shops.map((shop) => ({ shop, mailbox: mailboxes[shop.slug]?.mailbox ?? null, problem: mailboxes[shop.slug]?.problem ?? null }));
  return { shops: list, problem, save, disconnect };
}
