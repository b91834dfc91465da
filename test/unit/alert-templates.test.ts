import type { Brand } from '../../db/entities/brand.entity';
import type { TicketEvent } from '../../db/entities/ticket-event.entity';
import type { Ticket } from '../../db/entities/ticket.entity';
import { alertKinds } from '../../domain/alerts';
import { defaultBrand } from '../../domain/brand-presets';
import { renderAlertMail } from '../../workers/mail/alert-templates';

const brand = { id: 'b', ...defaultBrand, isDefault: true, createdAt: new Date() } as Brand;
const ticket = {
  id: '3f0c8d1e-8a4b-4c8e-9a55-1f2d3c4b5a69',
  reference: 'GCH-ABCD-1234',
  type: 'double_charge',
  customerName: 'Marie <Curie>',
  cardLast4: '4242',
  assigneeId: 'agent',
  firstRespondedAt: null,
  resolvedAt: null,
  firstResponseDueAt: new Date('2026-11-23T16:00:00Z'),
  resolutionDueAt: new Date('2026-11-25T16:00:00Z'),
} as unknown as Ticket;
const urls = { ticketUrl: 'https://support.example.test/agent/tickets/3f0c8d1e-8a4b-4c8e-9a55-1f2d3c4b5a69', profileUrl: 'https://support.example.test/agent/profile' };
const breach = { data: { target: 'resolution', dueAt: '2026-11-25T16:00:00.000Z' } } as unknown as TicketEvent;

describe('an alert e-mail', () => {
  it.each(alertKinds.flatMap((kind) => (['fr', 'en'] as const).map((language) => [kind, language] as const)))('%s in %s: reference, customer, type, deadline, link; never a card digit', (kind, language) => {
    const mail = renderAlertMail({ kind, user: { name: 'Alice', language }, ticket, brand, event: kind === 'sla_breach' ? breach : null, ...urls });
    expect(mail.subject).toContain('[GCH-ABCD-1234]');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('GCH-ABCD-1234');
      expect(part).toContain(urls.ticketUrl);
      expect(part).not.toContain('4242');
    }
    expect(mail.text).toContain('Marie <Curie>');
    expect(mail.html).toContain('Marie &lt;Curie&gt;');
    expect(mail.text).toContain(language === 'fr' ? 'Débit en double' : 'Charged twice');
    if (language === 'en') expect(mail.text).not.toMatch(/ :|Bonjour|Échéance/);
  });

  it('names the SLA target and deadline the signal was about', () => {
    const mail = renderAlertMail({ kind: 'sla_breach', user: { name: 'Alice', language: 'en' }, ticket, brand, event: breach, ...urls });
    expect(mail.text).toContain('A ticket’s resolution deadline has passed.');
    expect(mail.text).toMatch(/Deadline \(resolution\): .*25.*Paris time/);
  });

  it('tells a manager why they hear about a ticket nobody holds', () => {
    const mail = renderAlertMail({ kind: 'sla_warning', user: { name: 'Mo', language: 'fr' }, ticket: { ...ticket, assigneeId: null } as Ticket, brand, event: null, ...urls });
    expect(mail.text).toContain('Personne n’a cette demande');
  });
});
