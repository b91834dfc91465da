import { createHmac } from 'node:crypto';
import { guardedLookup, RefusedAddressError } from '../../core/webhook-sender';
import { loadConfig } from '../../core/config';
import { signatureHeader, verifySignature, generateWebhookSecret } from '../../domain/webhook-signature';
import { addressAllowed, checkWebhookUrl } from '../../domain/webhook-url';
import { slackMessage, webhookBody, webhookEventData, webhookEventOf, webhookEventTypes, type WebhookEnvelope } from '../../domain/webhook-events';

const open = { allowLoopbackHttp: false };
const dev = { allowLoopbackHttp: true };

describe('the signature', () => {
  const secret = generateWebhookSecret();
  const body = '{"id":"d1","type":"ticket.created"}';
  const at = new Date('2026-11-23T09:00:00Z');

  it('is HMAC-SHA256 of "<t>.<body>" in hex, with t in unix seconds', () => {
    const header = signatureHeader(secret, body, at);
    const t = Math.floor(at.getTime() / 1000);
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  });

  it('verifies the body it signed, within the tolerance', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(secret, header, body, at)).toBe(true);
    expect(verifySignature(secret, header, body, new Date(at.getTime() + 299_000))).toBe(true);
    expect(verifySignature(secret, header, body, new Date(at.getTime() + 301_000))).toBe(false);
  });

  it('refuses another body, another secret, a moved timestamp, a missing or garbled header', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(secret, header, `${body} `, at)).toBe(false);
    expect(verifySignature(generateWebhookSecret(), header, body, at)).toBe(false);
    const t = Math.floor(at.getTime() / 1000);
    expect(verifySignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, at)).toBe(false);
    expect(verifySignature(secret, undefined, body, at)).toBe(false);
    expect(verifySignature(secret, 'v1=abc', body, at)).toBe(false);
    expect(verifySignature(secret, `t=${t},v1=zz`, body, at)).toBe(false);
  });

  it('accepts any one matching v1 among several (a receiver during a secret change)', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(secret, `${header},v1=${'0'.repeat(64)}`, body, at)).toBe(true);
  });

  it('secrets are whsec_ and 32 random bytes', () => {
    expect(generateWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(generateWebhookSecret());
  });
});

describe('where a webhook may go', () => {
  it.each([
    ['10.0.0.1'], ['10.255.255.255'], ['172.16.0.1'], ['172.31.255.254'], ['192.168.1.1'], ['127.0.0.1'], ['127.8.8.8'], ['169.254.169.254'], ['100.64.0.1'],
    ['0.0.0.0'], ['224.0.0.1'], ['255.255.255.255'], ['::1'], ['::'], ['fe80::1'], ['fd12:3456::1'], ['fc00::1'], ['::ffff:10.0.0.1'], ['::ffff:7f00:1'], ['ff02::1'],
  ])('refuses %s', (address) => {
    expect(addressAllowed(address, open)).toBe(false);
  });

  it.each([['93.184.216.34'], ['8.8.8.8'], ['172.32.0.1'], ['172.15.255.255'], ['2606:4700:4700::1111'], ['::ffff:8.8.8.8']])('allows the public %s', (address) => {
    expect(addressAllowed(address, open)).toBe(true);
  });

  it('allows loopback only when the development flag says so, and never the rest of the private ranges', () => {
    expect(addressAllowed('127.0.0.1', dev)).toBe(true);
    expect(addressAllowed('::1', dev)).toBe(true);
    expect(addressAllowed('10.0.0.1', dev)).toBe(false);
    expect(addressAllowed('169.254.169.254', dev)).toBe(false);
  });

  it('refuses what is not an https URL to a public place', () => {
    const reason = (url: string, policy = open) => {
      const c = checkWebhookUrl(url, policy);
      return c.ok ? 'ok' : c.reason;
    };
    expect(reason('https://hooks.slack.com/services/T0/B0/x')).toBe('ok');
    expect(reason('https://93.184.216.34:8443/hook')).toBe('ok');
    expect(reason('http://hooks.example.com/x')).toBe('https_required');
    expect(reason('http://127.0.0.1:3000/x')).toBe('https_required');
    expect(reason('http://127.0.0.1:3000/x', dev)).toBe('ok');
    expect(reason('http://localhost:3000/x', dev)).toBe('ok');
    expect(reason('http://10.0.0.1/x', dev)).toBe('https_required');
    expect(reason('https://localhost/x')).toBe('private_address');
    expect(reason('https://printer.local/x')).toBe('private_address');
    expect(reason('https://[::1]/x')).toBe('private_address');
    expect(reason('https://169.254.169.254/latest')).toBe('private_address');
    expect(reason('https://2130706433/x')).toBe('private_address'); // 127.0.0.1 written as a number: URL normalises it
    expect(reason('https://0x7f.1/x')).toBe('private_address');
    expect(reason('https://u:p@example.com/x')).toBe('credentials_in_url');
    expect(reason('ftp://example.com/x')).toBe('invalid_url');
    expect(reason('not a url')).toBe('invalid_url');
  });
});

describe('which timeline events are webhook events', () => {
  it('maps each chosen event, and leaves notes and e-mail bookkeeping home', () => {
    expect(webhookEventOf('created')).toBe('ticket.created');
    expect(webhookEventOf('resolved')).toBe('ticket.resolved');
    expect(webhookEventOf('sla_warning')).toBe('sla.warning');
    expect(webhookEventOf('sla_breached')).toBe('sla.breached');
    expect(webhookEventOf('payment_checked')).toBe('payment.verdict');
    for (const type of ['status_changed', 'assigned', 'reopened', 'priority_changed', 'evidence_added', 'triaged']) expect(webhookEventOf(type)).toBe('ticket.updated');
    for (const type of ['note', 'email_sent', 'redacted', 'mail_bounced', 'reminder_sent', 'unknown_thing']) expect(webhookEventOf(type)).toBeNull();
    expect(new Set(['created', 'resolved', 'sla_warning', 'sla_breached', 'payment_checked', 'status_changed'].map(webhookEventOf))).toEqual(new Set(webhookEventTypes));
  });

  it('exports only the listed scalar fields of an event', () => {
    expect(webhookEventData('status_changed', { from: 'new', to: 'triaged', by: 'x' })).toEqual({ change: 'status_changed', from: 'new', to: 'triaged' });
    expect(webhookEventData('resolved', { outcome: 'refunded', message: 'Votre remboursement…', details: { arn: '123' }, authorName: 'Alice' })).toEqual({ change: 'resolved', outcome: 'refunded' });
    expect(webhookEventData('reply', { body: 'Bonjour, voici votre lien https://x/t/ABC#token=secret' })).toEqual({ change: 'reply' });
    expect(webhookEventData('payment_checked', { verdict: 'duplicate_capture', confidence: 'high', transactionIds: ['ch_1'] })).toEqual({ change: 'payment_checked', verdict: 'duplicate_capture', confidence: 'high' });
    expect(webhookEventData('something_new', { secret: 'x' })).toEqual({ change: 'something_new' });
  });
});

describe('the body', () => {
  const envelope: WebhookEnvelope = {
    id: 'a3f0c1b2-0000-4000-8000-000000000001',
    type: 'sla.breached',
    createdAt: '2026-11-25T17:00:00.000Z',
    brand: { id: 'b1', slug: 'sofimix', name: 'Sofimix <&>' },
    ticket: {
      id: 't1', reference: 'GCH-AAAA-BBBB', status: 'in_progress', type: 'double_charge', priority: 'high', source: 'customer', assigneeId: null,
      amountCents: 5990, currency: 'EUR', missingEvidence: [], outcome: null, dueAt: '2026-11-25T17:00:00.000Z', firstResponseDueAt: '2026-11-23T17:00:00.000Z',
      resolutionDueAt: '2026-11-25T17:00:00.000Z', createdAt: '2026-11-23T09:00:00.000Z', updatedAt: '2026-11-23T09:00:00.000Z', url: 'https://support.example.test/agent/tickets/t1',
    },
    data: { change: 'sla_breached', target: 'resolution', dueAt: '2026-11-25T17:00:00.000Z', note: 'carte 4111 1111 1111 1111' },
  };

  it('json: the envelope, with any card number that reached it masked', () => {
    const body = webhookBody('json', envelope);
    expect(JSON.parse(body)).toMatchObject({ id: envelope.id, type: 'sla.breached', ticket: { reference: 'GCH-AAAA-BBBB' } });
    expect(body).not.toContain('4111 1111 1111 1111');
    expect(body).toContain('1111');
  });

  it('leaves ids and links alone, even a UUID whose digit groups pass the Luhn check', () => {
    const id = '1dd68270-8682-4133-8445-849f98e925a5';
    const url = `https://support.example.test/agent/tickets/${id}`;
    const body = webhookBody('json', { ...envelope, id, ticket: { ...envelope.ticket!, id, url } });
    expect(JSON.parse(body)).toMatchObject({ id, ticket: { id, url } });
    expect(JSON.stringify(slackMessage({ ...envelope, ticket: { ...envelope.ticket!, url } }, 'fr'))).toContain(url);
    expect(webhookBody('slack', { ...envelope, ticket: { ...envelope.ticket!, url } })).toContain(url);
  });

  it('slack: a line naming the ticket and the shop, fields for the target and the due time, a button to the ticket', () => {
    const fr = slackMessage(envelope, 'fr');
    expect(fr.text).toBe(':rotating_light: Échéance dépassée: GCH-AAAA-BBBB (Sofimix &lt;&amp;&gt;)');
    const blocks = JSON.stringify(fr.blocks);
    expect(blocks).toContain('résolution');
    expect(blocks).toContain(`<!date^${Date.parse('2026-11-25T17:00:00Z') / 1000}^`);
    expect(blocks).toContain('https://support.example.test/agent/tickets/t1');
    expect(slackMessage(envelope, 'en').text).toContain('Deadline missed');
    expect(slackMessage({ ...envelope, type: 'webhook.test', ticket: null, data: {} }, 'en')).toEqual({ text: ':inbox_tray: Guichet test (Sofimix &lt;&amp;&gt;)', blocks: [expect.any(Object)] });
  });
});

describe('the lookup each delivery connects through', () => {
  const lookup = (host: string, policy: { allowLoopbackHttp: boolean }) =>
    new Promise<{ err: Error | null; address: unknown }>((resolve) => guardedLookup(policy)(host, {}, (err, address) => resolve({ err, address })));

  it('refuses a name that resolves to a loopback address, unless loopback is allowed', async () => {
    const refused = await lookup('localhost', open);
    expect(refused.err).toBeInstanceOf(RefusedAddressError);
    const allowed = await lookup('localhost', dev);
    expect(allowed.err).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(allowed.address);
  });

  it('the configuration refuses loopback webhooks in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', APP_SECRET: 'a'.repeat(40), WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true' })).toThrow(/WEBHOOK_ALLOW_LOOPBACK_HTTP/);
    expect(loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true', APP_SECRET: 'a'.repeat(40) }).WEBHOOK_ALLOW_LOOPBACK_HTTP).toBe(true);
  });
});
