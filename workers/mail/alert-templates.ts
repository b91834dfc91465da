import escapeHtml from 'escape-html';
import type { Brand } from '../../db/entities/brand.entity';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { TicketEvent } from '../../db/entities/ticket-event.entity';
import type { AlertKind } from '../../domain/alerts';
import { anomalyTypeLabels } from '../../domain/labels';
import type { Language } from '../../domain/ticket.schemas';
import { formatDue, type RenderedMail } from './templates';

export interface AlertMailInput {
  kind: AlertKind;
  /** The staff user alerted, in whose language the mail is written. */
  user: { name: string; language: Language };
  ticket: Ticket;
  brand: Brand;
  /** The event alerted about: an SLA signal's event says which target and deadline. */
  event: TicketEvent | null;
  /** The ticket's page in the agents' app, and the page where alerts are turned off. */
  ticketUrl: string;
  profileUrl: string;
}

type Target = 'first_response' | 'resolution';

const phrases = {
  fr: {
    hello: (name: string) => `Bonjour ${name},`,
    /** French puts a space before a colon; English does not. */
    colon: ' : ',
    subject: { assigned: 'Demande assignée', customer_reply: 'Nouveau message du client', sla_warning: 'Échéance proche', sla_breach: 'Échéance dépassée' } satisfies Record<AlertKind, string>,
    lead: {
      assigned: 'Une demande vous a été assignée.',
      customer_reply: 'Le client a ajouté un message ou des pièces à une demande.',
      sla_warning: (target: string) => `L’échéance de ${target} d’une demande approche.`,
      sla_breach: (target: string) => `L’échéance de ${target} d’une demande est dépassée.`,
    },
    target: { first_response: 'première réponse', resolution: 'résolution' } satisfies Record<Target, string>,
    unassigned: 'Personne n’a cette demande : vous êtes prévenu comme manager de la boutique.',
    reference: 'Référence',
    customer: 'Client',
    type: 'Type',
    shop: 'Boutique',
    due: 'Échéance',
    open: 'Ouvrir la demande',
    footer: (profile: string) => `Message automatique de Guichet, ne pas y répondre. Pour choisir les alertes que vous recevez : ${profile}`,
  },
  en: {
    hello: (name: string) => `Hello ${name},`,
    colon: ': ',
    subject: { assigned: 'Ticket assigned', customer_reply: 'New message from the customer', sla_warning: 'Deadline approaching', sla_breach: 'Deadline missed' },
    lead: {
      assigned: 'A ticket was assigned to you.',
      customer_reply: 'The customer added a message or files to a ticket.',
      sla_warning: (target: string) => `A ticket’s ${target} deadline is approaching.`,
      sla_breach: (target: string) => `A ticket’s ${target} deadline has passed.`,
    },
    target: { first_response: 'first response', resolution: 'resolution' },
    unassigned: 'Nobody holds this ticket: you are told as a manager of its shop.',
    reference: 'Reference',
    customer: 'Customer',
    type: 'Type',
    shop: 'Shop',
    due: 'Deadline',
    open: 'Open the ticket',
    footer: (profile: string) => `An automatic message from Guichet; do not reply. To choose which alerts you receive: ${profile}`,
  },
} satisfies Record<Language, unknown>;

/** The deadline the alert is about: the SLA signal's own, else the first target the ticket has not met. */
function deadline(ticket: Ticket, event: TicketEvent | null): { target: Target; dueAt: Date } | null {
  const data = event?.data as { target?: unknown; dueAt?: unknown } | undefined;
  if ((data?.target === 'first_response' || data?.target === 'resolution') && typeof data.dueAt === 'string') return { target: data.target, dueAt: new Date(data.dueAt) };
  if (ticket.resolvedAt) return null;
  return ticket.firstRespondedAt ? { target: 'resolution', dueAt: ticket.resolutionDueAt } : { target: 'first_response', dueAt: ticket.firstResponseDueAt };
}

/**
 * An alert to a staff user, in their language: what happened, the ticket's reference,
 * customer, type, shop and deadline, and a link to its page. Only those fields are read
 * from the ticket: no payment detail (tickets hold a card's last 4 digits at most) is ever written.
 */
export function renderAlertMail({ kind, user, ticket, brand, event, ticketUrl, profileUrl }: AlertMailInput): RenderedMail {
  const lang = user.language;
  const p = phrases[lang];
  const due = deadline(ticket, event);
  const target = p.target[due?.target ?? 'first_response'];
  const lead = kind === 'sla_warning' || kind === 'sla_breach' ? p.lead[kind](target) : p.lead[kind];
  const type = anomalyTypeLabels[lang][ticket.type];
  const facts: Array<[string, string]> = [
    [p.reference, ticket.reference],
    [p.customer, ticket.customerName],
    [p.type, type],
    [p.shop, brand.name],
    ...(due ? [[`${p.due} (${p.target[due.target]})`, formatDue(due.dueAt, brand.policy.calendar.timeZone, lang)] as [string, string]] : []),
  ];
  const note = kind !== 'assigned' && !ticket.assigneeId ? [p.unassigned] : [];
  const subject = `[${ticket.reference}] ${p.subject[kind]}${p.colon}${type} – ${ticket.customerName}`;
  const text = [
    p.hello(user.name),
    lead,
    ...note,
    facts.map(([label, value]) => `  - ${label}${p.colon}${value}`).join('\n'),
    `${p.open}${p.colon}${ticketUrl}`,
    p.footer(profileUrl),
  ].join('\n\n');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:600px;margin:0 auto;padding:16px">
<p>${escapeHtml(p.hello(user.name))}</p>
<p>${escapeHtml(lead)}</p>
${note.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n')}
<table style="border-collapse:collapse">${facts.map(([label, value]) => `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>
<p><a href="${escapeHtml(ticketUrl)}" style="display:inline-block;padding:10px 16px;background:#1f4e79;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(p.open)}</a></p>
<p style="font-size:13px;color:#555">${escapeHtml(p.footer(profileUrl))}</p>
</body></html>`;
  return { subject, text, html };
}
