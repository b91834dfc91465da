import { call, uniqueReport, type Exchange } from './load';

/** `width` senders posting reports one after the other until stopped; every exchange kept. */
export function reportStream(url: string, tag: string, width = 3) {
  const exchanges: Exchange[] = [];
  let sending = true;
  let n = 1;
  const senders = Promise.all(
    Array.from({ length: width }, async () => {
      while (sending) exchanges.push(await call(url, 'report', '/api/tickets', { body: uniqueReport(n++, tag) }));
    }),
  );
  return {
    exchanges,
    /** Stops sending; resolves once the requests in flight are answered. */
    async stop() {
      sending = false;
      await senders;
    },
  };
}
