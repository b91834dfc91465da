import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/services/auth.service';
import { DESKTOP, launchChromium, pageProblems, PHONE } from '../support/browser';
import { doubleCharge, startHarness, TEST_PASSWORD, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';

/*
 * Issue 16 in Chromium: an agent merges a possible duplicate from the ticket page (the
 * confirmation says what will happen); the customer's link to the duplicate shows the merged
 * case; after resolution she opens the e-mail's score link and confirms her rating on the page.
 */

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');

let h: Harness;
let browser: Browser;
const { problems, watch } = pageProblems();

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({ linksToSelf: true, clockStart: 'real' });
  browser = await launchChromium();
  await createUser(h.ctx, { email: 'e2e.merge@guichet.test', name: 'Margot Fusion', role: 'agent', password: TEST_PASSWORD });
  await createUser(h.ctx, { email: 'e2e.csat@guichet.test', name: 'Manon Satisfaction', role: 'manager', password: TEST_PASSWORD });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

interface Receipt {
  id: string;
  reference: string;
  accessToken: string;
}
const report = async (patch: Record<string, unknown>): Promise<Receipt> => (await h.http().post('/api/tickets').send({ ...doubleCharge, ...patch }).expect(201)).body;
const triaged = (id: string) => waitFor(async () => ((await h.ctx.db.repos.tickets.findById(id))?.triagedAt ? true : null), 10_000, 'triage');

it('an agent merges the duplicate from its page; the customer’s two links show one case; she rates the answer from the e-mail’s link', async () => {
  const email = 'chloe.fusion@example.fr';
  const a = await report({ customerEmail: email, orderNumber: 'SFX-E2E-M' });
  await triaged(a.id);
  const b = await report({ customerEmail: email, orderNumber: 'SFX-E2E-M', description: 'Je vous écris une deuxième fois.' });
  await triaged(b.id);

  const agent = await browser.newContext({ ...DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const ag = watch(await agent.newPage());
  await ag.goto(`${h.url}/agent`);
  await ag.getByLabel('E-mail').fill('e2e.merge@guichet.test');
  await ag.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await ag.getByRole('button', { name: 'Se connecter' }).click();
  await ag.waitForURL(/\/agent$/);
  await ag.goto(`${h.url}/agent/tickets/${b.id}`);
  const panel = ag.getByTestId('merge-panel');
  await panel.getByRole('button', { name: `Fusionner ce dossier dans ${a.reference}` }).click();
  const confirm = ag.getByTestId('merge-confirm');
  await confirm.getByRole('heading', { name: `Fusionner ${b.reference} dans ${a.reference} ?` }).waitFor();
  await confirm.getByText(`${b.reference} sera clôturé comme doublon de ${a.reference}.`).waitFor();
  await confirm.getByText(/Le client reçoit un seul e-mail/).waitFor();
  await ag.screenshot({ path: path.join(SHOTS, 'agent-merge-confirm-desktop.png'), fullPage: true });
  // Nothing happens before the confirmation.
  expect((await h.ctx.db.repos.tickets.findById(b.id))!.mergedIntoId).toBeNull();
  await confirm.getByRole('button', { name: 'Fusionner', exact: true }).click();
  await ag.getByTestId('merge-done').getByText(`${b.reference} a été fusionné dans ${a.reference}.`).waitFor();
  await ag.getByTestId('merged-into').getByText(`Ce dossier a été fusionné dans ${a.reference}`).waitFor();
  await ag.getByTestId('ticket-status').getByText('Clôturée').waitFor();
  await ag.screenshot({ path: path.join(SHOTS, 'agent-merged-banner-desktop.png'), fullPage: true });
  expect((await h.ctx.db.repos.tickets.findById(b.id))!.mergedIntoId).toBe(a.id);
  // The survivor's page lists what was merged into it, its timeline B's history.
  await ag.getByTestId('merged-into').getByRole('link', { name: `Ouvrir ${a.reference}` }).click();
  await ag.getByTestId('merge-panel').getByRole('link', { name: b.reference }).waitFor();
  // B's history is on A's timeline, each line saying it was written on B.
  await ag.getByTestId('timeline').locator(`[data-merged-from="${b.reference}"]`).first().waitFor();
  await ag.getByTestId('timeline').locator('[data-event="merged"]').waitFor();
  await ag.screenshot({ path: path.join(SHOTS, 'agent-survivor-timeline-desktop.png'), fullPage: true });

  // The customer opens the duplicate's link: the merged case, saying so.
  const customer = await browser.newContext({ ...PHONE, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const c = watch(await customer.newPage());
  await c.goto(`${h.url}/t/${b.reference}#token=${b.accessToken}`);
  await c.getByRole('heading', { name: `Votre demande ${a.reference}` }).waitFor();
  await c.getByTestId('merged-note').getByText(`Votre signalement ${b.reference} concerne le même paiement que ${a.reference}`).waitFor();
  await c.screenshot({ path: path.join(SHOTS, 'customer-merged-phone.png'), fullPage: true });
  await waitFor(() => h.smtp.messages.find((m) => m.subject === `[${a.reference}] Vos signalements ${b.reference} et ${a.reference} sont regroupés`), 15_000, 'the merge mail');

  // Resolved: the e-mail's score link opens her page with the score chosen; only her click records it.
  const version = (await h.ctx.db.repos.tickets.findById(a.id))!.version;
  const res = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'e2e.merge@guichet.test', password: TEST_PASSWORD }) });
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const resolved = await fetch(`${h.url}/api/tickets/${a.id}/resolve`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken }, body: JSON.stringify({ version, outcome: 'hold_released' }) });
  expect(resolved.status).toBe(200);
  const mail = await waitFor(() => h.smtp.messages.find((m) => m.subject === `[${a.reference}] Votre demande est résolue`), 15_000, 'the resolution mail');
  const link = new RegExp(`4/5 : (\\S+\\?rate=4#token=\\S+)`).exec(mail.text ?? '')?.[1];
  expect(link).toBeDefined();
  await c.goto(link!);
  const card = c.getByTestId('satisfaction');
  await card.getByText('Vous avez choisi 4/5 dans l’e-mail : confirmez-le ci-dessous.').waitFor();
  expect(await card.getByRole('radio', { name: /Satisfait$/ }).isChecked()).toBe(true);
  expect(await h.ctx.db.repos.satisfaction.listForTicket(a.id)).toHaveLength(0);
  await card.getByLabel('Un commentaire (facultatif)').fill('Clair et rapide, merci.');
  await c.screenshot({ path: path.join(SHOTS, 'customer-rating-phone.png'), fullPage: true });
  await card.getByRole('button', { name: 'Envoyer ma note' }).click();
  await c.getByTestId('satisfaction-thanks').getByText('Merci ! Vous avez donné 4/5.').waitFor();
  // Read again (the token stays in the tab): the rating holds, and her timeline shows it.
  await c.reload();
  await c.getByTestId('satisfaction-thanks').waitFor();
  await c.locator('[data-event="satisfaction_rated"]').getByText('Vous avez noté notre réponse').waitFor();
  const [rating] = await h.ctx.db.repos.satisfaction.listForTicket(a.id);
  expect(rating).toMatchObject({ score: 4, comment: 'Clair et rapide, merci.', via: 'email' });
  await c.screenshot({ path: path.join(SHOTS, 'customer-rated-phone.png'), fullPage: true });

  // The manager's page shows it: one rating of 4, by type, shop and the agent who resolved.
  const manager = await browser.newContext({ ...DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const m = watch(await manager.newPage());
  await m.goto(`${h.url}/manager`);
  await m.getByLabel('E-mail').fill('e2e.csat@guichet.test');
  await m.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await m.getByRole('button', { name: 'Se connecter' }).click();
  await m.waitForURL(/\/manager$/);
  const csat = m.getByTestId('csat');
  await csat.getByTestId('csat-total').getByText('CSAT 100 %, note moyenne 4, 1 note(s)', { exact: false }).waitFor();
  await csat.getByTestId('csat-agent').getByRole('row', { name: /Margot Fusion/ }).getByRole('cell', { name: '100 %' }).first().waitFor();
  await csat.getByTestId('csat-type').getByRole('row', { name: /Débit en double/ }).waitFor();
  await csat.scrollIntoViewIfNeeded();
  await m.screenshot({ path: path.join(SHOTS, 'manager-csat-desktop.png'), fullPage: true });

  expect(problems).toEqual([]);
  await manager.close();
  await customer.close();
  await agent.close();
}, 90_000);
