import { doubleCharge } from './harness';

/** One HTTP exchange of a load test: what was asked, what came back (or how it failed). */
export interface Exchange {
  kind: string;
  status: number | 'error';
  body: any;
  sentAt: number;
}

export async function call(url: string, kind: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Exchange> {
  const sentAt = Date.now();
  try {
    const res = await fetch(`${url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* kept as text: the assertion on the shape will say so */
    }
    return { kind, status: res.status, body, sentAt };
  } catch (err) {
    return { kind, status: 'error', body: String((err as Error).cause ?? err), sentAt };
  }
}

/** A report that no other one duplicates. */
export const uniqueReport = (n: number, tag: string) => ({
  ...doubleCharge,
  customerEmail: `${tag}.${n}@example.fr`,
  orderNumber: `SFX-${tag.toUpperCase()}-${n}`,
});

export interface Agent {
  headers: Record<string, string>;
}

/** Signs in as the demo agent a development deployment creates. */
export async function signInDemoAgent(url: string): Promise<Agent> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'agent@guichet.local', password: 'guichet-agent-demo' }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  const cookie = res.headers.getSetCookie()[0].split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken } };
}

/** Runs `count` tasks with at most `width` at once. */
export async function pool(count: number, width: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}
