import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import {
  assignSchema,
  informationRequestSchema,
  noteSchema,
  priorityChangeSchema,
  queueQuerySchema,
  refundSchema,
  reopenSchema,
  replySchema,
  resolveSchema,
  statusChangeSchema,
  versionedSchema,
} from '../../domain/agent-actions.schemas';
import type { ErrorCode } from '../../domain/error-codes';
import { MAX_PROOF_FILES } from '../../domain/proof-files';
import { cardTypes, paymentFactsSchema } from '../../domain/ticket.schemas';
import { caller, errors, formOf, json } from './common';
import { ticketOrReferenceParamsSchema } from './tickets.paths';
import { noteCreatedSchema, paymentCheckSchema, paymentRecheckSchema, queuePageSchema, refundResultSchema, ticketSummary } from './views';

const path = { path: ticketOrReferenceParamsSchema };
const lifecycle = ['invalid_transition', 'already_resolved'] as const;

/** An agent's action on one ticket: the body at the version the agent saw, the ticket as the action leaves it. */
function action(summary: string, body: z.ZodType, codes: Partial<Record<number, readonly ErrorCode[]>>, extra: Partial<ZodOpenApiOperationObject> = {}): ZodOpenApiOperationObject {
  return {
    tags: ['tickets'],
    summary,
    ...caller('agent'),
    requestParams: path,
    requestBody: { content: { 'application/json': { schema: body } } },
    responses: {
      200: json('The ticket after the action.', ticketSummary),
      ...errors({ 400: ['validation_failed'], 404: ['not_found'], 409: ['stale_write'], ...codes }),
    },
    ...extra,
  };
}

const anyShop = paymentFactsSchema({ acceptedCardTypes: cardTypes, currency: 'EUR', timeZone: 'Europe/Paris', now: () => new Date() });

export const agentTicketsPaths: ZodOpenApiPathsObject = {
  '/api/tickets': {
    get: {
      tags: ['tickets'],
      summary: 'The agents’ queue: filtered, ordered by the next deadline (or creation), a page at a time; `q` searches',
      description:
        'Rows carry who has the ticket, who is looking at it now and the business minutes left. With `q`, each row says why it matched (`match`). `nextCursor` (null on the last page) fetches the next page.',
      ...caller('agent'),
      requestParams: { query: queueQuerySchema },
      responses: { 200: json('A page of the queue.', queuePageSchema), ...errors({ 400: ['validation_failed', 'invalid_cursor'] }) },
    },
  },
  '/api/tickets/{id}/payment-check': {
    get: {
      tags: ['payments'],
      summary: 'The payment verification of a ticket against the shop’s ledger as it is (no call to the provider)',
      ...caller('agent'),
      requestParams: path,
      responses: { 200: json('The verdict, the transactions it rests on, what to tell the customer.', paymentCheckSchema), ...errors({ 404: ['not_found'] }) },
    },
    post: {
      tags: ['payments'],
      summary: 'Verify again, asking the shop’s Stripe first when connected; a changed verdict goes on the timeline',
      ...caller('agent'),
      requestParams: path,
      responses: { 200: json('The verdict, and whether it was recorded.', paymentRecheckSchema), ...errors({ 404: ['not_found'] }) },
    },
  },
  '/api/tickets/{id}/claim': { post: action('Take an unassigned ticket (or one already one’s own)', versionedSchema, { 409: ['stale_write', 'already_assigned'] }) },
  '/api/tickets/{id}/assign': {
    post: action('Assign the ticket to an active colleague, or to nobody (`assigneeId: null`)', assignSchema, {}, {
      description: 'An unknown or disabled user answers 400 `validation_failed` naming `assigneeId`.',
    }),
  },
  '/api/tickets/{id}/status': { post: action('Move the ticket along its lifecycle (triaged, awaiting the customer, in progress, closed)', statusChangeSchema, { 409: ['stale_write', ...lifecycle] }) },
  '/api/tickets/{id}/priority': { post: action('Change the priority; the deadlines follow the shop’s targets for it', priorityChangeSchema, {}) },
  '/api/tickets/{id}/notes': {
    post: {
      tags: ['tickets'],
      summary: 'An internal note on the timeline (never shown to the customer)',
      ...caller('agent'),
      requestParams: path,
      requestBody: { content: { 'application/json': { schema: noteSchema } } },
      responses: { 201: json('The note’s event id.', noteCreatedSchema), ...errors({ 400: ['validation_failed'], 404: ['not_found'] }) },
    },
  },
  '/api/tickets/{id}/replies': {
    post: action('Reply to the customer (e-mailed in their language), JSON or a form with up to 5 attachments in `attachments`', replySchema, {
      400: ['validation_failed', 'too_many_files', 'unexpected_file', 'too_many_fields', 'too_many_parts', 'bad_upload', 'malformed_multipart'],
      409: ['stale_write', ...lifecycle],
      413: ['file_too_large', 'field_too_large'],
      415: ['unsupported_file_type'],
    }, {
      requestBody: { content: { 'application/json': { schema: replySchema }, 'multipart/form-data': { schema: formOf(replySchema, 'attachments', MAX_PROOF_FILES) } } },
      responses: {
        201: json('The ticket after the reply.', ticketSummary),
        ...errors({
          400: ['validation_failed', 'too_many_files', 'unexpected_file', 'too_many_fields', 'too_many_parts', 'bad_upload', 'malformed_multipart'],
          404: ['not_found'],
          409: ['stale_write', ...lifecycle],
          413: ['file_too_large', 'field_too_large'],
          415: ['unsupported_file_type'],
        }),
      },
    }),
  },
  '/api/tickets/{id}/information-requests': {
    post: action('Ask the customer for missing evidence (by default what the checklist says is missing); the ticket then awaits them', informationRequestSchema, {
      409: ['stale_write', 'nothing_missing', ...lifecycle],
    }, {
      responses: {
        201: json('The ticket after the request.', ticketSummary),
        ...errors({ 400: ['validation_failed'], 404: ['not_found'], 409: ['stale_write', 'nothing_missing', ...lifecycle] }),
      },
    }),
  },
  '/api/tickets/{id}/resolve': {
    post: action('Resolve with an outcome (a refund with its amount, a duplicate with the other ticket’s reference…); the customer is e-mailed', resolveSchema, {
      409: ['stale_write', ...lifecycle],
      422: ['unknown_ticket', 'amount_unknown', 'refund_exceeds_payment'],
    }),
  },
  '/api/tickets/{id}/payment-facts': {
    post: action('Complete or correct the payment facts (the customer’s fields, under the shop’s rules)', anyShop, {
      400: ['validation_failed', 'invalid_body', 'nothing_to_change'],
    }, { description: 'The fields are checked against the ticket’s shop (cards accepted, currency, time zone). No version check is skipped: `version` is the one the agent saw.' }),
  },
  '/api/tickets/{id}/refund': {
    post: {
      ...action('Refund a charge: through the shop’s Stripe, or (`reference`) record one made elsewhere; the ticket is resolved as refunded', refundSchema, {}),
      responses: {
        200: json('The ticket and the refund.', refundResultSchema),
        ...errors({
          400: ['validation_failed'],
          404: ['not_found'],
          409: ['stale_write', ...lifecycle],
          422: ['unknown_transaction', 'refund_exceeds_refundable', 'payment_provider_refused', 'amount_unknown', 'refund_exceeds_payment'],
          502: ['payment_provider_unavailable'],
        }),
      },
    },
  },
  '/api/tickets/{id}/reopen': { post: action('Reopen a resolved ticket (with a reason); its deadlines start again', reopenSchema, { 409: ['stale_write', 'invalid_transition'] }) },
};
