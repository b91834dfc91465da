import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, pageProblems, PHONE } from '../support/browser';
import { doubleCharge, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');

let h: Harness;
let browser: Browser;
const { problems, watch } = pageProblems();
/** Console lines a test provokes on purpose (a link used up answers 410). */
const expectedConsole: RegExp[] = [];

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({ linksToSelf: true, clockStart: 'real' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

it('on her status page, the customer asks for her data: the page says the link went to her address, and the e-mail brings it', async () => {
  const receipt = (await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: 'marie.export@example.fr' }).expect(201)).body as { reference: string; accessToken: string };
  const context = await browser.newContext({ ...PHONE, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = watch(await context.newPage());
  await page.goto(`${h.url}/t/${receipt.reference}#token=${receipt.accessToken}`);
  const card = page.getByTestId('personal-data');
  await card.getByRole('heading', { name: 'Vos données personnelles' }).waitFor();
  await card.getByRole('button', { name: 'Télécharger mes données' }).click();
  await card.getByRole('status').getByText('Lien envoyé à l’adresse e-mail de votre demande').waitFor();
  await page.locator('[data-event="personal_data_export_requested"]').getByText('Vous avez demandé vos données personnelles').waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'customer-personal-data-phone.png'), fullPage: true });
  const mail = await waitFor(() => h.smtp.messages.find((m) => m.subject === `[${receipt.reference}] Vos données personnelles`), 10_000, 'the export mail');
  const link = new RegExp(`Télécharger mes données : (${h.url.replace(/[.]/g, '\\.')}/data#token=\\S+)`).exec(mail.text ?? '')?.[1];
  expect(link).toBeDefined();

  // The link opens a page: following it (as a mail scanner does) uses nothing up; her click downloads the zip, once.
  await page.goto(link!);
  await page.getByTestId('data-link').getByText(/ne fonctionne qu’une fois, jusqu’au/).waitFor();
  await page.reload();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Télécharger le fichier zip' }).click();
  const zip = fs.readFileSync((await (await download).path())!);
  expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
  await page.getByTestId('data-link-done').waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'customer-personal-data-link-phone.png'), fullPage: true });
  await page.reload();
  await page.getByTestId('data-link-problem').waitFor();
  expectedConsole.push(/status of 410/);
  expect(problems.filter((p) => !expectedConsole.some((r) => r.test(p)))).toEqual([]);
  await context.close();
});
