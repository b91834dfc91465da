import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { MAX_PROOF_FILES } from '../../domain/proof-files';
import { cardTypes, evidenceUpdateSchema, intakeSchema, type IntakeContext } from '../../domain/ticket.schemas';
import { caller, errors, formOf, json } from './common';
import { agentTicketSchema, customerTicketSchema, exportLinkSentSchema, reportReceiptSchema } from './views';

/**
 * The report's fields are checked against the shop it is filed with (the cards it accepts, its
 * currency and time zone): the document shows them for a shop accepting every card type, in EUR.
 */
const anyShop: IntakeContext = { acceptedCardTypes: cardTypes, currency: 'EUR', timeZone: 'Europe/Paris', now: () => new Date() };
export const intakeBodySchema = intakeSchema(anyShop);
export const evidenceBodySchema = evidenceUpdateSchema(anyShop);

export const referenceParamsSchema = z.object({ reference: z.string().describe('The ticket’s reference, as in the private link') });
export const ticketOrReferenceParamsSchema = z.object({ id: z.string().describe('The ticket’s id or reference (customers: the reference)') });
export const ticketFileParamsSchema = ticketOrReferenceParamsSchema.extend({ fileId: z.string().describe('The file’s id (`files[].id` of the ticket)') });

const upload = {
  400: ['validation_failed', 'invalid_body', 'too_many_files', 'unexpected_file', 'too_many_fields', 'too_many_parts', 'bad_upload', 'malformed_multipart'],
  413: ['file_too_large', 'field_too_large'],
  415: ['unsupported_media_type', 'unsupported_file_type'],
} as const;
const tokenNote = 'With the ticket’s private token in `Authorization: Bearer <token>`; a wrong or missing token answers 404, as an unknown ticket. A merged ticket’s link leads to its survivor.';
const file = { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) }, 'image/png': {}, 'image/jpeg': {}, 'application/pdf': {} };

export const ticketsPaths: ZodOpenApiPathsObject = {
  '/api/tickets': {
    post: {
      tags: ['tickets'],
      summary: 'Report a payment anomaly (no account): answers the reference, the private token and link, and what evidence is missing',
      description:
        'JSON, or a form with up to 5 proofs in `evidence`. Missing evidence never refuses a report: the answer lists it. Card numbers and security codes in any text are redacted before anything is stored. ' +
        'An `Idempotency-Key` (8–255 visible ASCII characters) makes a retry answer the first report (`Idempotent-Replayed: true`) instead of filing twice. Limited per address and per e-mail (429 `rate_limited`).',
      ...caller('public'),
      requestParams: { header: z.object({ 'idempotency-key': z.string().optional().describe('8 to 255 visible ASCII characters') }) },
      requestBody: { content: { 'application/json': { schema: intakeBodySchema }, 'multipart/form-data': { schema: formOf(intakeBodySchema, 'evidence', MAX_PROOF_FILES) } } },
      responses: {
        201: { ...json('Filed (or the same report replayed).', reportReceiptSchema), headers: { Location: { description: '/api/tickets/<reference>', schema: { type: 'string' } } } },
        ...errors({ ...upload, 400: [...upload[400], 'invalid_idempotency_key'], 422: ['idempotency_key_reused'], 429: ['rate_limited'] }),
      },
    },
  },
  '/api/tickets/{id}': {
    get: {
      tags: ['tickets'],
      summary: 'A ticket: signed-in staff get everything agents see (by id or reference); the customer, with the private token, their status page',
      description: `Agents and up see the whole ticket (\`AgentTicket\`). ${tokenNote}`,
      security: [{ session: [] }, { apiToken: [] }, { customerToken: [] }],
      'x-guichet-role': 'customer',
      requestParams: { path: ticketOrReferenceParamsSchema },
      responses: { 200: json('The ticket as the caller may see it.', agentTicketSchema.or(customerTicketSchema)), ...errors({ 401: ['invalid_token'], 404: ['not_found'] }) },
    },
  },
  '/api/tickets/{id}/files/{fileId}': {
    get: {
      tags: ['tickets'],
      summary: 'One proof or reply attachment, as stored (agents; or the customer with the private token)',
      description: `Served with its type and \`Content-Disposition: attachment\`. ${tokenNote}`,
      security: [{ session: [] }, { apiToken: [] }, { customerToken: [] }],
      'x-guichet-role': 'customer',
      requestParams: { path: ticketFileParamsSchema },
      responses: { 200: { description: 'The file’s bytes.', content: file }, ...errors({ 401: ['invalid_token'], 404: ['not_found'] }) },
    },
  },
  '/api/tickets/{reference}/personal-data-export': {
    post: {
      tags: ['personal data'],
      summary: '“Send me my data”: e-mails the ticket’s address a single-use link to a zip of their data (at most 3 a day)',
      description: tokenNote,
      ...caller('customer'),
      requestParams: { path: referenceParamsSchema },
      responses: { 202: json('The link was sent.', exportLinkSentSchema), ...errors({ 404: ['not_found'], 410: ['personal_data_erased'], 429: ['rate_limited'] }) },
    },
  },
  '/api/tickets/{reference}/evidence': {
    post: {
      tags: ['tickets'],
      summary: 'The customer adds missing evidence, proofs or a message',
      description: `JSON, or a form with up to 5 proofs in \`evidence\`. ${tokenNote}`,
      ...caller('customer'),
      requestParams: { path: referenceParamsSchema },
      requestBody: { content: { 'application/json': { schema: evidenceBodySchema }, 'multipart/form-data': { schema: formOf(evidenceBodySchema, 'evidence', MAX_PROOF_FILES) } } },
      responses: {
        200: json('The status page after the addition.', customerTicketSchema),
        ...errors({ ...upload, 400: [...upload[400], 'nothing_to_add'], 404: ['not_found'], 409: ['ticket_closed'] }),
      },
    },
  },
};
