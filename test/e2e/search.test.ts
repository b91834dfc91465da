import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/services/auth.service';
import { DESKTOP, launchChromium, pageProblems } from '../support/browser';
import { doubleCharge, startHarness, TEST_PASSWORD, type Harness } from '../support/harness';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');

let h: Harness;
let browser: Browser;
const { problems, watch } = pageProblems();

/** Waits until the queue lists this ticket alone. */
const onlyRow = (page: Page, reference: string) =>
  // A function, not a string: the page's CSP (script-src 'self') refuses a string evaluated as code.
  page.waitForFunction((ref) => {
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(name: string): string | null }> } }).document;
    return Array.from(doc.querySelectorAll('tbody tr')).every((tr) => tr.getAttribute('data-reference') === ref);
  }, reference);

let klarna: { id: string; reference: string };
let other: { id: string; reference: string };

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({ linksToSelf: true, clockStart: 'real' });
  browser = await launchChromium();
  await createUser(h.ctx, { email: 'e2e.search@guichet.test', name: 'Sam Search', role: 'agent', password: TEST_PASSWORD });
  const file = async (body: object) => (await h.http().post('/api/tickets').send(body).expect(201)).body as { id: string; reference: string };
  // A description that holds markup: it must show as text, never run.
  klarna = await file({ ...doubleCharge, customerName: 'Hélène Martin', customerEmail: 'helene.martin@example.fr', orderNumber: 'SFX-52001', description: 'Paiement Klarna débité deux fois <img src=x onerror="window.__injected=1">, remboursement attendu.' });
  other = await file({ ...doubleCharge, customerName: 'Paul Durand', customerEmail: 'paul.durand@example.fr', orderNumber: 'SFX-52002', description: 'Commande annulée, toujours pas de nouvelles.' });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

it('an agent types in the queue box: the ticket appears as she types, with why it matched', async () => {
  const context = await browser.newContext({ ...DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = watch(await context.newPage());
  await page.goto(`${h.url}/agent`);
  await page.getByLabel('E-mail').fill('e2e.search@guichet.test');
  await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/agent$/);
  const rows = page.locator('tbody tr');
  await page.locator(`tr[data-reference="${other.reference}"]`).waitFor();

  // She types a stemmed French word, key by key, without pressing Enter.
  const box = page.getByTestId('queue-search');
  await box.pressSequentially('rembourse', { delay: 40 });
  const row = page.locator(`tr[data-reference="${klarna.reference}"]`);
  await row.waitFor();
  await onlyRow(page, klarna.reference);
  expect(await rows.count()).toBe(1);
  const match = row.getByTestId('search-match');
  await match.getByText('Trouvé (description) :').waitFor();
  expect(await match.locator('mark').allTextContents()).toEqual(['remboursement']);
  // The customer's markup is text on the screen.
  expect(await match.textContent()).toContain('<img src=x');
  expect(await page.evaluate<unknown>('window.__injected')).toBeUndefined();
  expect(page.url()).toContain('q=rembourse');
  await page.screenshot({ path: path.join(SHOTS, 'agent-search-desktop.png'), fullPage: true });

  // Another search replaces it: the order number typed in lower case, then in English.
  await box.fill('');
  await box.pressSequentially('sfx-52002', { delay: 30 });
  await page.locator(`tr[data-reference="${other.reference}"]`).getByTestId('search-match').getByText('Trouvé (commande) :').waitFor();
  await onlyRow(page, other.reference);
  // In English, the same row says so in English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator(`tr[data-reference="${other.reference}"]`).getByTestId('search-match').getByText('Found in the order:').waitFor();
  expect(await page.locator(`tr[data-reference="${other.reference}"] mark`).allTextContents()).toEqual(['SFX-52002']);

  // Emptying the box brings the whole queue back.
  await box.fill('');
  await page.locator(`tr[data-reference="${klarna.reference}"]`).waitFor();
  await page.locator(`tr[data-reference="${other.reference}"]`).waitFor();
  expect(problems).toEqual([]);
  await context.close();
});
