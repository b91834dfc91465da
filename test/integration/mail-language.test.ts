import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { Brand } from '../../db/entities/brand.entity';
import { defaultBrand } from '../../domain/brand-presets';
import { doubleCharge, PNG_BYTES, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
let agent: SignedInClient;
beforeAll(async () => {
  h = await startHarness();
  agent = await h.signIn('agent', 'Language Agent');
  // A shop whose customers write in English, stored as brand rows were before `senderName`
  // existed: its sender names come from its name.
  const { senderName: _sofimix, ...olderPolicy } = defaultBrand.policy;
  const harmony: Brand = {
    id: randomUUID(),
    slug: 'harmony',
    name: 'Harmony',
    isDefault: false,
    policy: { ...olderPolicy, supportEmail: 'support@harmony.example', replyFrom: 'Harmony <support@harmony.example>', defaultLanguage: 'en' } as Brand['policy'],
    createdAt: new Date(),
  };
  await h.ctx.db.repos.brands.insert(harmony);
});
afterAll(async () => {
  await h?.close();
});

type Receipt = { id: string; reference: string; accessToken: string };
const report = async (patch: Record<string, unknown>) => (await h.http().post('/api/tickets').send({ ...doubleCharge, ...patch }).expect(201)).body as Receipt;
const mailFor = (reference: string, subject: RegExp) =>
  waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(reference) && subject.test(m.subject ?? '')), 10_000, `mail ${subject} for ${reference}`);
const sender = (mail: ParsedMail) => mail.from!.value[0];
const triaged = (id: string) => waitFor(async () => (await h.ctx.db.repos.tickets.findById(id))?.triagedAt, 5000, 'triage');

async function resolve(t: Receipt, outcome = 'no_anomaly_found') {
  await triaged(t.id);
  const detail = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body;
  await agent.post(`/api/tickets/${t.id}/resolve`, { version: detail.version, outcome }).expect(200);
  return mailFor(t.reference, /resolved|résolue/);
}

/** Nothing French in an English e-mail: no sender, greeting or link label, no space before a colon. */
function expectAllEnglish(mail: ParsedMail) {
  for (const part of [mail.text!, mail.html as string, sender(mail).name]) {
    expect(part).not.toMatch(/Service client|service client|Bonjour|Suivre|votre|répondez/);
    expect(part).not.toMatch(/ :/);
  }
}

describe('when a customer writes in English to the default (French) shop', () => {
  let t: Receipt;
  beforeAll(async () => {
    t = await report({ customerEmail: 'english@example.com', orderNumber: 'SFX-EN-1', language: 'en' });
  });

  it('acknowledges from "Sofimix customer service", all in English', async () => {
    const mail = await mailFor(t.reference, /We have received your report/);
    expect(sender(mail)).toEqual({ name: 'Sofimix customer service', address: 'commande@sofimix.com' });
    expect(mail.text).toContain(`Follow your request: https://support.example.test/t/${t.reference}#token=`);
    expect(mail.text).toMatch(/Sofimix customer service$/);
    expectAllEnglish(mail);
  });

  it('resolves in English and sends the customer to the support address, not to a reply no one reads', async () => {
    const mail = await resolve(t);
    expect(mail.subject).toBe(`[${t.reference}] Your request is resolved`);
    expect(sender(mail).name).toBe('Sofimix customer service');
    expect(mail.text).toContain(`write to commande@sofimix.com with your reference ${t.reference}`);
    expect(mail.text).not.toMatch(/reply to this e-mail/i);
    expectAllEnglish(mail);
  });

  it('refuses evidence on the resolved ticket with a stable code and the status, for the client to word', async () => {
    const res = await h
      .http()
      .post(`/api/tickets/${t.reference}/evidence`)
      .set('Authorization', `Bearer ${t.accessToken}`)
      .attach('evidence', PNG_BYTES, { filename: 'late.png', contentType: 'image/png' })
      .expect(409);
    expect(res.body.error).toEqual({ code: 'ticket_closed', message: expect.any(String), details: { status: 'resolved' } });
  });
});

describe('when a customer writes in French', () => {
  it('acknowledges from "Service client Sofimix" and resolves pointing to the support address', async () => {
    const t = await report({ customerEmail: 'francais@example.fr', orderNumber: 'SFX-FR-1', language: 'fr' });
    const ack = await mailFor(t.reference, /Nous avons bien reçu/);
    expect(sender(ack)).toEqual({ name: 'Service client Sofimix', address: 'commande@sofimix.com' });
    expect(ack.text).toContain('Suivre votre demande : https://support.example.test/');
    const mail = await resolve(t);
    expect(mail.subject).toBe(`[${t.reference}] Votre demande est résolue`);
    expect(mail.text).toContain(`écrivez à commande@sofimix.com en indiquant votre référence ${t.reference}`);
    expect(mail.text).not.toMatch(/répondez à cet e-mail/);
  });
});

describe("a report that names no language is written in the shop's", () => {
  it("the default shop's: French", async () => {
    expect(doubleCharge).not.toHaveProperty('language');
    const t = await report({ customerEmail: 'nolang.fr@example.fr', orderNumber: 'SFX-NL-1' });
    expect((await h.ctx.db.repos.tickets.findById(t.id))!.language).toBe('fr');
    expect((await mailFor(t.reference, /./)).subject).toBe(`[${t.reference}] Nous avons bien reçu votre signalement`);
  });

  it("an English-speaking shop's: English, from its own sender name", async () => {
    const t = await report({ brand: 'harmony', customerEmail: 'nolang.en@example.com', orderNumber: 'H-100' });
    expect((await h.ctx.db.repos.tickets.findById(t.id))!.language).toBe('en');
    const mail = await mailFor(t.reference, /./);
    expect(mail.subject).toBe(`[${t.reference}] We have received your report`);
    expect(mail.headers.get('content-language')).toBe('en');
    expect(sender(mail)).toEqual({ name: 'Harmony customer service', address: 'support@harmony.example' });
    expectAllEnglish(mail);
  });

  it('a language given still wins over the shop\'s', async () => {
    const t = await report({ brand: 'harmony', customerEmail: 'fr.at.harmony@example.fr', orderNumber: 'H-101', language: 'fr' });
    expect((await h.ctx.db.repos.tickets.findById(t.id))!.language).toBe('fr');
    expect(sender(await mailFor(t.reference, /./)).name).toBe('Service client Harmony');
  });
});
