import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openApiDocument } from '../../server/openapi/document';
import { DESKTOP, launchChromium, pageProblems, PHONE } from '../support/browser';
import { startHarness, TEST_PASSWORD, type Harness } from '../support/harness';

/*
 * The API reference page (/api-docs) in Chromium: public, it renders the served OpenAPI
 * document grouped by tag (every operation there, with who may call, parameters, bodies and
 * error codes), filters, speaks French and English, and is linked from the agents' bar.
 */

jest.setTimeout(120_000);

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');

let h: Harness;
let browser: Browser;
const { problems, watch } = pageProblems();

const doc = openApiDocument();
const operationCount = Object.values(doc.paths ?? {}).reduce((n, item) => n + ['get', 'post', 'put', 'patch', 'delete'].filter((m) => (item as Record<string, unknown>)[m]).length, 0);

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({ linksToSelf: true, clockStart: 'real', workers: false });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});
afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

test('anyone reads every operation, grouped by tag, with who may call, parameters, bodies and error codes', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = watch(await context.newPage());
  await page.goto(`${h.url}/api-docs`);
  await page.getByRole('heading', { level: 1, name: 'Référence de l’API' }).waitFor();
  const operations = page.getByTestId('api-operation');
  await operations.first().waitFor();
  expect(await operations.count()).toBe(operationCount);
  expect(await page.getByText(`${operationCount} routes`).count()).toBe(1);
  // One section per tag of the document.
  const tags = new Set(Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item as Record<string, { tags?: string[] }>).flatMap((o) => o?.tags?.[0] ?? [])));
  for (const tag of tags) await page.getByRole('heading', { level: 2, name: tag, exact: true }).waitFor();

  // The report form's operation: public, its body fields (JSON and multipart), its answer's fields, its error codes.
  const report = page.locator('details', { has: page.locator('summary', { hasText: 'POST' }).filter({ hasText: /^POST \/api\/tickets / }) }).first();
  await report.locator('summary').click();
  await report.getByText('Tout le monde, sans compte').waitFor();
  await report.getByText('multipart/form-data').waitFor();
  await report.locator('code.api-property', { hasText: /^customerEmail$/ }).first().waitFor();
  await report.locator('code.api-property', { hasText: /^accessToken$/ }).waitFor();
  const codes = await report.getByTestId('api-errors').innerText();
  for (const code of ['validation_failed', 'rate_limited', 'unsupported_file_type', 'internal_error']) expect(codes).toContain(code);

  // An agent's action: the role, the path parameter.
  const claim = page.locator('details', { has: page.locator('summary', { hasText: '/api/tickets/{id}/claim' }) });
  await claim.locator('summary').click();
  await claim.getByTestId('api-who').getByText('Agents, managers et admins (session ou jeton d’API)').waitFor();
  await claim.locator('table.api-params').getByText('id', { exact: true }).waitFor();
  expect(await claim.getByTestId('api-errors').innerText()).toContain('stale_write');
  await page.screenshot({ path: path.join(SHOTS, 'api-docs-desktop.png'), fullPage: false });

  // The filter finds by path, word or error code.
  await page.getByLabel('Filtrer les routes').fill('merge_into_itself');
  await page.getByText('1 route', { exact: true }).waitFor();
  expect(await operations.count()).toBe(1);
  await page.getByLabel('Filtrer les routes').fill('nothing-matches-this');
  await page.getByText('Aucune route ne correspond.').waitFor();

  // English chrome.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
  await page.getByLabel('Filter the routes').fill('');
  await page.getByText(`${operationCount} routes`).waitFor();
  await context.close();
});

test('on a phone it reads too, and the agents’ bar links to it', async () => {
  await h.signIn('agent', 'Docs Reader');
  const context = await browser.newContext({ ...PHONE });
  const page = watch(await context.newPage());
  await page.goto(`${h.url}/login`);
  await page.getByLabel(/e-mail/i).fill('docs.reader@guichet.test');
  await page.getByLabel(/mot de passe/i).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: /se connecter/i }).click();
  await page.waitForURL(/\/agent$/);
  await page.getByRole('link', { name: 'API', exact: true }).click();
  await page.waitForURL(/\/api-docs$/);
  await page.getByTestId('api-operation').first().waitFor();
  expect(await page.getByTestId('api-operation').count()).toBe(operationCount);
  await page.screenshot({ path: path.join(SHOTS, 'api-docs-phone.png') });
  await context.close();
});
