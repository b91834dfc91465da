import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../server/services/auth.service';
import { DESKTOP, launchChromium } from '../support/browser';
import { doubleCharge, startHarness, TEST_PASSWORD, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';

/*
 * Macros and bulk actions in Chromium (issue 16): an agent ticks 50 tickets of the queue with
 * the keyboard and assigns them to herself in one go; then, on a ticket, she picks a macro,
 * sees what has no value flagged, picks another, edits its preview and sends it.
 */

jest.setTimeout(240_000);

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let a: Page;
const problems: string[] = [];
let agentId = '';

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({ linksToSelf: true, clockStart: 'real' });
  agentId = (await createUser(h.ctx, { email: 'macro.agent@guichet.test', name: 'Maëlle Agent', role: 'agent', password: TEST_PASSWORD })).id;
  browser = await launchChromium();
  context = await browser.newContext({ ...DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  a = await context.newPage();
  a.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  a.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await a.goto(`${h.url}/login`);
  await a.getByLabel('E-mail').fill('macro.agent@guichet.test');
  await a.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await a.getByRole('button', { name: 'Se connecter' }).click();
  await a.waitForURL(/\/agent$/);
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

let reports = 0;
async function report(patch: Record<string, unknown> = {}) {
  reports++;
  const receipt = (await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: `e2e.bulk${reports}@example.fr`, orderNumber: `SFX-E${reports}`, ...patch }).expect(201)).body as { id: string; reference: string };
  return receipt;
}
const triaged = (id: string) => waitFor(async () => (await h.ctx.db.repos.tickets.findById(id))?.triagedAt, 20_000, 'triage');

it('ticks 50 tickets with the keyboard and assigns them to herself in one go, each with its own event', async () => {
  const tickets: Array<{ id: string; reference: string }> = [];
  for (let i = 0; i < 50; i++) tickets.push(await report());
  for (const t of tickets) await triaged(t.id);

  await a.goto(`${h.url}/agent?view=unassigned`);
  await a.getByText('En direct').waitFor();
  await a.getByTestId('bulk-keys').getByText('x : cocher la ligne').waitFor();
  // The first page holds 25 rows: the next one brings the rest.
  await a.locator('tbody tr').nth(24).waitFor();
  await a.getByRole('button', { name: 'Charger plus' }).click();
  await a.locator('tbody tr').nth(49).waitFor();
  expect(await a.locator('tbody tr').count()).toBe(50);

  await a.locator('tbody tr').first().focus();
  await a.keyboard.press('x');
  await a.getByTestId('bulk-count').getByText('1 demande sélectionnée').waitFor();
  for (let i = 0; i < 49; i++) await a.keyboard.press('Shift+ArrowDown');
  await a.getByTestId('bulk-count').getByText('50 demandes sélectionnées').waitFor();
  expect(await a.locator('tbody tr[data-checked="true"]').count()).toBe(50);
  // Esc unticks all, Ctrl+A ticks the page again.
  await a.keyboard.press('Escape');
  await a.getByTestId('bulk-keys').waitFor();
  await a.locator('tbody tr').nth(10).focus();
  await a.keyboard.press('Control+a');
  await a.getByTestId('bulk-count').getByText('50 demandes sélectionnées').waitFor();
  await a.screenshot({ path: path.join(SHOTS, 'agent-queue-bulk-desktop.png'), fullPage: true });

  // Meanwhile one of them changes where this page cannot hear it (its version on screen is behind).
  const changed = tickets[7];
  await h.ctx.db.transaction(async (repos) => {
    const t = (await repos.tickets.findById(changed.id))!;
    await repos.tickets.update(t, { priority: 'high', updatedAt: h.ctx.now() });
  });

  await a.getByTestId('bulk-assign').selectOption('me');
  await a.getByTestId('bulk-assign-apply').click();
  await a.getByTestId('bulk-result').getByText('Faites : 49 · refusées : 1.').waitFor({ timeout: 60_000 });
  const failure = a.locator(`[data-testid="bulk-failures"] li[data-id="${changed.id}"]`);
  await failure.getByText(changed.reference).waitFor();
  await failure.getByText('modifiée entre-temps par quelqu’un d’autre').waitFor();
  await a.getByTestId('bulk-count').getByText('1 demande sélectionnée').waitFor();
  await a.screenshot({ path: path.join(SHOTS, 'agent-queue-bulk-partial-desktop.png'), fullPage: true });
  // The live queue brings its current version: applied again, it goes through.
  await waitFor(async () => (await a.locator('tbody tr').count()) === 1, 10_000, 'the 49 assigned left the view');
  await a.getByTestId('bulk-assign-apply').click();
  await a.getByTestId('bulk-result').getByText('Faites : 1 · refusées : 0.').waitFor({ timeout: 10_000 });
  // Assigned, they leave the unassigned view as the live queue follows.
  await waitFor(async () => (await a.locator('tbody tr').count()) === 0, 10_000, 'the view emptied');
  for (const t of tickets) {
    expect((await h.ctx.db.repos.tickets.findById(t.id))!.assigneeId).toBe(agentId);
    expect((await h.ctx.db.repos.events.list(t.id)).filter((e) => e.type === 'assigned')).toHaveLength(1);
  }
});

it('picks a macro on a ticket: a variable without a value is flagged and holds the send; another is previewed, edited and sent', async () => {
  const t = await report({ customerName: 'Louise Bernard' });
  await triaged(t.id);
  await a.goto(`${h.url}/agent/tickets/${t.id}`);
  const picker = a.getByTestId('macro-picker');
  await picker.locator('option', { hasText: 'Remboursement effectué' }).waitFor({ state: 'attached' });
  // Only the ticket's shop's macros in its language (French) are offered.
  expect(await picker.locator('option', { hasText: 'Refund issued' }).count()).toBe(0);

  await picker.selectOption({ label: 'Remboursement effectué' });
  await a.getByTestId('macro-missing').getByText('{{payment.refund_arn}}').waitFor();
  expect(await a.locator('#a-reply').inputValue()).toContain('Bonjour Louise Bernard');
  expect(await a.getByTestId('send-macro').isDisabled()).toBe(true);
  expect(await a.getByTestId('macro-then').textContent()).toContain('Remboursé');
  await a.screenshot({ path: path.join(SHOTS, 'agent-macro-missing-desktop.png'), fullPage: true });

  await picker.selectOption({ label: 'Merci d’envoyer la ligne du relevé' });
  await waitFor(async () => (await a.locator('#a-reply').inputValue()).includes('ligne de votre relevé bancaire'), 5000, 'the preview in the reply box');
  expect(await a.getByTestId('macro-missing').count()).toBe(0);
  const text = await a.locator('#a-reply').inputValue();
  expect(text).toContain('Maëlle Agent');
  expect(text).not.toContain('{{');
  await a.locator('#a-reply').fill(`${text}\n\nPS : une photo nette suffit.`);
  await a.getByTestId('send-macro').click();
  await a.getByTestId('macro-sent').waitFor();

  const mail = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(t.reference) && /réponse/.test(m.subject ?? '')), 10_000, 'the reply mail');
  expect(mail.text).toContain('Bonjour Louise Bernard');
  expect(mail.text).toContain('PS : une photo nette suffit.');
  const reply = (await h.ctx.db.repos.events.list(t.id)).find((e) => e.type === 'reply')!;
  expect(reply.data.body).toContain('PS : une photo nette suffit.');
  expect((await h.ctx.db.repos.tickets.findById(t.id))!.status).toBe('awaiting_customer');
  // The timeline shows the reply sent, and which macro wrote it.
  await a.getByText('PS : une photo nette suffit.').first().waitFor();
  await a.locator('[data-testid="timeline"] .event-macro', { hasText: 'macro « Merci d’envoyer la ligne du relevé »' }).first().waitFor();
  expect(problems).toEqual([]);
});

it('a manager writes a macro with the catalogue and sees its live preview', async () => {
  await createUser(h.ctx, { email: 'macro.manager@guichet.test', name: 'Manon Manager', role: 'manager', password: TEST_PASSWORD });
  const m = await browser.newContext({ ...DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await m.newPage();
  page.on('pageerror', (e) => problems.push(`manager pageerror: ${e.message}`));
  await page.goto(`${h.url}/login`);
  await page.getByLabel('E-mail').fill('macro.manager@guichet.test');
  await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/agent$/);
  await page.getByRole('link', { name: 'Macros' }).click();
  await page.getByTestId('macro-list').getByText('Autorisation temporaire qui disparaît').waitFor();
  await page.getByTestId('macro-new').click();
  await page.locator('#m-name').fill('Relance relevé');
  await page.locator('#m-body').fill('Bonjour ');
  await page.locator('#m-body').press('End');
  await page.getByRole('button', { name: /\{\{customer\.name\}\}/ }).click();
  await page.locator('#m-body').press('End');
  await page.locator('#m-body').type(', {{client.prenom}}');
  await page.getByTestId('macro-unknown').getByText('{{client.prenom}}').waitFor();
  expect(await page.getByTestId('macro-live-preview').textContent()).toContain('Bonjour Marie Curie');
  await page.getByTestId('macro-save').click();
  await page.getByRole('alert').getByText('Ces variables n’existent pas : client.prenom').waitFor();
  await page.locator('#m-body').fill('Bonjour {{customer.name}}, avez-vous pu joindre le relevé ?');
  await page.locator('#m-status').selectOption('awaiting_customer');
  await page.getByTestId('macro-save').click();
  await page.getByText('Macro enregistrée.').waitFor();
  await page.getByTestId('macro-list').getByText('Relance relevé').waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'manager-macros-desktop.png'), fullPage: true });
  expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
  await m.close();
});
