import { redact } from './redaction';

/*
 * What outgoing webhooks tell, decided from the timeline: each ticket event that matters to
 * another system maps to one webhook event, and carries only a chosen few of its fields —
 * never a message's text, a customer's link or token, nor a card number.
 */

export const webhookEventTypes = ['ticket.created', 'ticket.updated', 'ticket.resolved', 'sla.warning', 'sla.breached', 'payment.verdict'] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
/** What "send a test event" sends: no endpoint chooses it, every endpoint can receive it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test' as const;
export type WebhookDeliveryEventType = WebhookEventType | typeof WEBHOOK_TEST_EVENT;

export const webhookFormats = ['json', 'slack'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** The timeline events that are a `ticket.updated`: what changes the ticket's state, not its internal notes or e-mail bookkeeping. */
const UPDATE_EVENTS = new Set([
  'triaged', 'status_changed', 'assigned', 'reopened', 'priority_changed', 'evidence_added', 'payment_facts_corrected',
  'information_requested', 'reply', 'customer_message', 'sla_paused', 'sla_resumed', 'refund_issued', 'deadlines_recomputed',
]);

/** The webhook event a timeline event is, or null when it is none. */
export function webhookEventOf(ticketEventType: string): WebhookEventType | null {
  switch (ticketEventType) {
    case 'created':
      return 'ticket.created';
    case 'resolved':
      return 'ticket.resolved';
    case 'sla_warning':
      return 'sla.warning';
    case 'sla_breached':
      return 'sla.breached';
    case 'payment_checked':
      return 'payment.verdict';
    default:
      return UPDATE_EVENTS.has(ticketEventType) ? 'ticket.updated' : null;
  }
}

const pick = (data: Record<string, unknown>, keys: readonly string[]) => {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (data[k] !== undefined) out[k] = data[k];
  return out;
};

/** The fields of each timeline event that may leave Guichet: a list, so a field added to an event later stays home until chosen. */
const EXPORTED_FIELDS: Record<string, readonly string[]> = {
  created: ['type', 'source'],
  resolved: ['outcome'],
  sla_warning: ['target', 'threshold', 'dueAt'],
  sla_breached: ['target', 'dueAt'],
  payment_checked: ['verdict', 'confidence', 'suggestedOutcome'],
  status_changed: ['from', 'to'],
  assigned: ['assigneeId'],
  priority_changed: ['from', 'to', 'by'],
  reopened: [],
  triaged: [],
  evidence_added: [],
  payment_facts_corrected: [],
  information_requested: [],
  reply: [],
  customer_message: [],
  sla_paused: [],
  sla_resumed: [],
  refund_issued: [],
  deadlines_recomputed: [],
};

/** `data` of a webhook event: which timeline event it came from and its exported fields (only scalars). */
export function webhookEventData(ticketEventType: string, data: Record<string, unknown> | undefined): Record<string, unknown> {
  const fields = pick(data ?? {}, EXPORTED_FIELDS[ticketEventType] ?? []);
  const scalars = Object.fromEntries(Object.entries(fields).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v)));
  return { change: ticketEventType, ...scalars };
}

/** What a payload says of a ticket: its state and deadlines, none of the customer's personal data (an integration reads those through the API). */
export interface WebhookTicket {
  id: string;
  reference: string;
  status: string;
  type: string;
  priority: string;
  source: string;
  assigneeId: string | null;
  amountCents: number | null;
  currency: string;
  missingEvidence: string[];
  outcome: string | null;
  /** The nearest deadline not met yet. */
  dueAt: string | null;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  createdAt: string;
  updatedAt: string;
  /** The ticket in the agents' web app (a sign-in is needed: no token in it). */
  url: string;
}

export interface WebhookBrand {
  id: string;
  slug: string;
  name: string;
}

export interface WebhookEnvelope {
  id: string;
  type: WebhookDeliveryEventType;
  createdAt: string;
  brand: WebhookBrand;
  ticket: WebhookTicket | null;
  data: Record<string, unknown>;
}

/** Values that are ours and never a customer's text: left alone (a UUID's digit groups can pass the Luhn check). */
const IDENTIFIER_KEYS = new Set(['id', 'url', 'assigneeId', 'ticketId', 'reference']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The body of a delivery, in the endpoint's format. Every string is passed through the card
 * number redaction once more: what left the timeline was redacted already, this is the last door.
 */
export function webhookBody(format: WebhookFormat, envelope: WebhookEnvelope, language: 'fr' | 'en' = 'fr'): string {
  const body = format === 'slack' ? slackMessage(envelope, language) : envelope;
  return JSON.stringify(body, (key, value) => (typeof value === 'string' && !IDENTIFIER_KEYS.has(key) && !UUID.test(value) ? redact(value).text : value));
}

const SLACK_TITLES: Record<'fr' | 'en', Record<WebhookDeliveryEventType, string>> = {
  fr: {
    'ticket.created': 'Nouveau ticket',
    'ticket.updated': 'Ticket modifié',
    'ticket.resolved': 'Ticket résolu',
    'sla.warning': 'Échéance proche',
    'sla.breached': 'Échéance dépassée',
    'payment.verdict': 'Vérification du paiement',
    'webhook.test': 'Test de Guichet',
  },
  en: {
    'ticket.created': 'New ticket',
    'ticket.updated': 'Ticket updated',
    'ticket.resolved': 'Ticket resolved',
    'sla.warning': 'Deadline approaching',
    'sla.breached': 'Deadline missed',
    'payment.verdict': 'Payment check',
    'webhook.test': 'Guichet test',
  },
};

const TARGETS: Record<'fr' | 'en', Record<string, string>> = {
  fr: { first_response: 'première réponse', resolution: 'résolution' },
  en: { first_response: 'first response', resolution: 'resolution' },
};

/** Slack's mrkdwn needs &, < and > escaped in text it did not write itself. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A Slack incoming-webhook message (`{ text, blocks }`): the text is the notification's line,
 * the blocks say which ticket, which target and when it was due, with a button to open it.
 */
export function slackMessage(e: WebhookEnvelope, language: 'fr' | 'en'): { text: string; blocks: unknown[] } {
  const icon = e.type === 'sla.breached' ? ':rotating_light:' : e.type === 'sla.warning' ? ':warning:' : ':inbox_tray:';
  const title = SLACK_TITLES[language][e.type];
  const t = e.ticket;
  const shop = slackEscape(e.brand.name);
  const text = t ? `${icon} ${title}: ${t.reference} (${shop})` : `${icon} ${title} (${shop})`;
  const fields: string[] = [];
  if (t) {
    fields.push(`*${language === 'fr' ? 'Ticket' : 'Ticket'}*\n${t.reference}`, `*${language === 'fr' ? 'Statut' : 'Status'}*\n${t.status}`);
    fields.push(`*${language === 'fr' ? 'Type' : 'Type'}*\n${t.type}`, `*${language === 'fr' ? 'Priorité' : 'Priority'}*\n${t.priority}`);
  }
  const target = typeof e.data.target === 'string' ? TARGETS[language][e.data.target] ?? e.data.target : null;
  if (target) fields.push(`*${language === 'fr' ? 'Objectif' : 'Target'}*\n${target}`);
  if (typeof e.data.dueAt === 'string') fields.push(`*${language === 'fr' ? 'Échéance' : 'Due'}*\n<!date^${Math.floor(Date.parse(e.data.dueAt) / 1000)}^{date_short_pretty} {time}|${e.data.dueAt}>`);
  if (typeof e.data.verdict === 'string') fields.push(`*${language === 'fr' ? 'Verdict' : 'Verdict'}*\n${e.data.verdict}`);
  if (typeof e.data.outcome === 'string') fields.push(`*${language === 'fr' ? 'Issue' : 'Outcome'}*\n${e.data.outcome}`);
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: `${icon} *${title}* — ${shop}` } }];
  if (fields.length) blocks.push({ type: 'section', fields: fields.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: f })) });
  if (t) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: language === 'fr' ? 'Ouvrir dans Guichet' : 'Open in Guichet' }, url: t.url }],
    });
  }
  return { text, blocks };
}
