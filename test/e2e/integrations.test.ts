import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../server/services/auth.service';
import { verifySignature } from '../../domain/webhook-signature';
import { DESKTOP, launchChromium } from '../support/browser';
import { startHarness, TEST_PASSWORD, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let p: Page;
let receiver: http.Server;
let receiverUrl: string;
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
const problems: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/guichet`;
  h = await startHarness({ linksToSelf: true, clockStart: 'real', env: { WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true', WEBHOOK_DISPATCH_INTERVAL_MS: '100' } });
  await createUser(h.ctx, { email: 'e2e.integrations@guichet.test', name: 'Inès Intégrations', role: 'admin', password: TEST_PASSWORD });
  browser = await launchChromium();
  context = await browser.newContext({ ...DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  p = await context.newPage();
  p.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await p.goto(`${h.url}/agent`);
  await p.getByLabel('E-mail').waitFor({ timeout: 10_000 }).catch(async (err) => {
    throw new Error(`${err}\n${problems.join('\n')}\n${(await p.content()).slice(0, 1500)}`);
  });
  await p.getByLabel('E-mail').fill('e2e.integrations@guichet.test');
  await p.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await p.getByRole('button', { name: 'Se connecter' }).click();
  await p.waitForURL(/\/agent$/);
}, 60_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await h?.close();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
});

it('the admin issues an API token from the agent bar: shown once, it works, and the list keeps only its prefix', async () => {
  await p.getByRole('link', { name: 'Intégrations', exact: true }).click();
  await p.waitForURL(/\/integrations$/);
  await p.getByLabel('Nom', { exact: true }).fill('Synchro back-office');
  await p.getByLabel('Droits').selectOption('write');
  await p.getByRole('button', { name: 'Créer le jeton' }).click();
  const token = (await p.getByTestId('issued-token').textContent())!;
  expect(token).toMatch(/^gch_[A-Za-z0-9_-]{43}$/);
  await p.getByText('Copiez ce jeton maintenant : il ne sera plus jamais affiché.').waitFor();
  const item = p.getByTestId('api-token').filter({ hasText: 'Synchro back-office' });
  await item.getByText(`${token.slice(0, 10)}…`).waitFor();
  await item.getByText('Écriture').waitFor();
  await p.screenshot({ path: path.join(SHOTS, 'admin-integrations-token-desktop.png'), fullPage: true });

  const res = await fetch(`${h.url}/api/tickets`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  await p.reload();
  await item.waitFor();
  expect(await p.content()).not.toContain(token);
  await item.getByText('Dernier usage').waitFor();

  await item.getByRole('button', { name: 'Révoquer' }).click();
  await item.getByText('Révoqué').waitFor();
  expect((await fetch(`${h.url}/api/tickets`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
}, 60_000);

it('the admin adds a webhook, sends it a test event and sees the delivery in its log', async () => {
  await p.getByLabel('Adresse (https)').fill(receiverUrl);
  await p.getByLabel('Format').selectOption('json');
  await p.getByRole('button', { name: 'Ajouter le webhook' }).click();
  const secret = (await p.getByTestId('webhook-secret').textContent())!;
  expect(secret).toMatch(/^whsec_/);
  const hook = p.getByTestId('webhook').filter({ hasText: receiverUrl });
  await hook.getByText('Ticket créé, Échéance dépassée').waitFor();
  await hook.getByRole('button', { name: 'Envoyer un événement de test' }).click();
  const delivery = hook.getByTestId('delivery').first();
  await delivery.getByText('Livré').waitFor({ timeout: 15_000 });
  await delivery.getByTestId('attempt').getByText('204').waitFor();
  await p.screenshot({ path: path.join(SHOTS, 'admin-integrations-webhook-desktop.png'), fullPage: true });
  const got = await waitFor(() => received.find((r) => r.headers['guichet-event'] === 'webhook.test'), 5000, 'the test event');
  expect(verifySignature(secret, got.headers['guichet-signature'] as string, got.body, new Date())).toBe(true);

  // Send again: the same delivery, a second attempt in the log.
  await delivery.getByRole('button', { name: 'Renvoyer' }).click();
  await delivery.getByText('2 essai(s)').waitFor({ timeout: 15_000 });
  expect(received.filter((r) => r.headers['guichet-delivery'] === got.headers['guichet-delivery'])).toHaveLength(2);
  // On a phone the screen stays within its width.
  await p.setViewportSize({ width: 360, height: 740 });
  await p.screenshot({ path: path.join(SHOTS, 'admin-integrations-phone.png'), fullPage: true });
  expect(await p.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  expect(problems).toEqual([]);
}, 60_000);
