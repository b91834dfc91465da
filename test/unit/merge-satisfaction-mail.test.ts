import type { Brand } from '../../db/entities/brand.entity';
import type { TicketEvent } from '../../db/entities/ticket-event.entity';
import type { Ticket } from '../../db/entities/ticket.entity';
import { defaultBrand } from '../../domain/brand-presets';
import { renderMail } from '../../workers/mail/templates';

/* The customer's e-mails of issue 16: the merge notice, and the resolution's score links. */

const brand = { id: 'b', ...defaultBrand, isDefault: true, createdAt: new Date() } as Brand;
const ticket = (language: 'fr' | 'en') =>
  ({
    id: '3f0c8d1e-8a4b-4c8e-9a55-1f2d3c4b5a69',
    reference: 'GCH-AAAA-1111',
    type: 'double_charge',
    language,
    customerName: 'Marie <Curie>',
    outcome: 'no_anomaly_found',
    outcomeDetails: {},
    source: 'customer',
  }) as unknown as Ticket;
const statusUrl = 'https://support.example.test/t/GCH-AAAA-1111#token=abc-_123';
const merged = { data: { from: { id: 'x', reference: 'GCH-BBBB-2222' } } } as unknown as TicketEvent;
const resolved = { data: { outcome: 'no_anomaly_found', details: {}, message: null } } as unknown as TicketEvent;

describe('the merge e-mail', () => {
  it.each(['fr', 'en'] as const)('in %s: both references, the survivor’s link, and nothing of the merged ticket’s token', (language) => {
    const mail = renderMail('merged', { ticket: ticket(language), brand, statusUrl, event: merged });
    expect(mail.subject).toBe(language === 'fr' ? '[GCH-AAAA-1111] Vos signalements GCH-BBBB-2222 et GCH-AAAA-1111 sont regroupés' : '[GCH-AAAA-1111] Your reports GCH-BBBB-2222 and GCH-AAAA-1111 are now one');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('GCH-BBBB-2222');
      expect(part).toContain(language === 'fr' ? 'Vos liens vers les deux demandes fonctionnent toujours' : 'Your links to both keep working');
    }
    expect(mail.text).toContain(statusUrl);
    expect(mail.html).toContain('href="https://support.example.test/t/GCH-AAAA-1111#token=abc-_123"');
    expect(mail.html).toContain('Marie &lt;Curie&gt;');
  });
});

describe('the resolution e-mail’s score links', () => {
  it.each(['fr', 'en'] as const)('in %s: five links to the status page, each choosing a score, in the text and the HTML', (language) => {
    const mail = renderMail('resolution', { ticket: ticket(language), brand, statusUrl, event: resolved });
    const links = [1, 2, 3, 4, 5].map((n) => `https://support.example.test/t/GCH-AAAA-1111?rate=${n}#token=abc-_123`);
    for (const [i, link] of links.entries()) {
      expect(mail.text).toContain(language === 'fr' ? `${i + 1}/5 : ${link}` : `${i + 1}/5: ${link}`);
      expect(mail.html).toContain(`href="${link}"`);
    }
    expect(mail.text).toContain(language === 'fr' ? 'Êtes-vous satisfait de notre réponse ?' : 'How satisfied are you with our answer?');
    // The plain link to follow the request stays, once.
    expect(mail.text.split(statusUrl).length - 1).toBe(1);
  });
});
