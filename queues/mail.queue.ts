import { z } from 'zod';
import { defineQueue, retention } from './queue-definition';

export const mailTemplates = ['acknowledgement', 'information_request', 'evidence_reminder', 'agent_reply', 'resolution', 'money_traced', 'personal_data_export', 'merged'] as const;
export type MailTemplate = (typeof mailTemplates)[number];

/** One e-mail to a ticket's customer, rendered from the ticket when the job runs. */
export const mailQueue = defineQueue({
  name: 'mail',
  payload: z.object({
    ticketId: z.uuid(),
    template: z.enum(mailTemplates),
    /** Distinguishes several mails of one template on a ticket (e.g. an event id). */
    key: z.string().regex(/^[\w-]+$/).default('once'),
    /** The timeline event the mail tells about (a reply, a request, a resolution). */
    eventId: z.number().int().positive().optional(),
  }),
  jobId: ({ ticketId, template, key }) => `mail-${ticketId}-${template}-${key}`,
  // SMTP outages can last: retry for about an hour, then the outbox sweeper takes over.
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, ...retention },
});
