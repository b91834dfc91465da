import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { mergeOverviewSchema, mergeResultSchema, mergeSchema, ticketIdParamsSchema } from '../../domain/merge.schemas';
import { csatQuerySchema, csatReportSchema, customerReferenceParamsSchema, ratingSchema, satisfactionViewSchema } from '../../domain/satisfaction.schemas';
import { caller, errors, json } from './common';

/*
 * Merge (agents) and satisfaction (customers rate, managers read CSAT): issue 16.
 * Customer routes take the ticket's private token as `Authorization: Bearer <token>`.
 */

const customerToken = 'With the ticket’s private token in `Authorization: Bearer <token>` (a merged ticket’s token opens its survivor, which the same customer owns); anyone else gets 404.';

export const mergeSatisfactionPaths: ZodOpenApiPathsObject = {
  '/api/tickets/{id}/merges': {
    get: {
      tags: ['merge'],
      summary: 'What the ticket page shows about merging: the survivor it was merged into, the tickets merged into it, its possible duplicates',
      description: 'Each possible duplicate says which way a merge goes (the newer report into the older), whether it can be done and, if not, the refusal code the merge would answer.',
      ...caller('agent'),
      requestParams: { path: ticketIdParamsSchema },
      responses: { 200: json('The merge panel.', mergeOverviewSchema), ...errors({ 404: ['not_found'] }) },
    },
  },
  '/api/tickets/{id}/merge': {
    post: {
      tags: ['merge'],
      summary: 'Fold this ticket (a possible duplicate) into another of the same customer',
      description:
        'Both tickets at the versions the agent saw (`version`, `intoVersion`). The timeline (marked `mergedFrom`), customer messages, evidence files and imported e-mails move to the survivor, ' +
        'whose facts fill their gaps with this ticket’s (its own win; the others are on the `merged` event as `conflicts`) and whose checklist is recomputed. This ticket is closed as `duplicate_of`, ' +
        'points to the survivor, and its private link, token and e-mail thread lead there. The customer gets one e-mail. Refused across shops, between two customers’ reports, into itself, ' +
        'from or into a merged ticket, from or into a closed one.',
      ...caller('agent'),
      requestParams: { path: ticketIdParamsSchema },
      requestBody: { content: { 'application/json': { schema: mergeSchema } } },
      responses: {
        200: json('Merged.', mergeResultSchema),
        ...errors({
          400: ['validation_failed', 'invalid_json'],
          404: ['not_found'],
          409: ['stale_write', 'already_merged', 'merge_into_merged', 'merge_closed', 'merge_into_closed', 'merge_not_triaged', 'personal_data_erased'],
          422: ['unknown_ticket', 'merge_into_itself', 'merge_across_brands', 'merge_other_customer'],
        }),
      },
    },
  },
  '/api/tickets/{reference}/satisfaction': {
    get: {
      tags: ['satisfaction'],
      summary: 'Whether the customer can rate the answer now, and the rating given',
      description: `${customerToken} Reading never records a rating (the e-mail’s score links only open the status page).`,
      ...caller('customer'),
      requestParams: { path: customerReferenceParamsSchema },
      responses: { 200: json('The rating state of the current resolution.', satisfactionViewSchema), ...errors({ 404: ['not_found'] }) },
    },
    post: {
      tags: ['satisfaction'],
      summary: 'Rate the answer: 1 to 5 and an optional comment, once per resolution',
      description: `${customerToken} Card numbers in the comment are redacted first. A second rating of the same resolution answers 409 \`already_rated\`; reopened and resolved again, the ticket can be rated again.`,
      ...caller('customer'),
      requestParams: { path: customerReferenceParamsSchema },
      requestBody: { content: { 'application/json': { schema: ratingSchema } } },
      responses: {
        201: json('Recorded.', satisfactionViewSchema),
        ...errors({ 400: ['validation_failed', 'invalid_body', 'invalid_json'], 404: ['not_found'], 409: ['not_rateable', 'already_rated'] }),
      },
    },
  },
  '/api/analytics/satisfaction': {
    get: {
      tags: ['analytics'],
      summary: 'CSAT by anomaly type, shop, the agent who resolved, or day, over the tickets created in the period',
      description: 'CSAT is the share of 4 and 5 among the ratings; the response rate is the rated tickets over the resolved tickets of the same group (as the SLA report counts them). Managers only.',
      ...caller('manager'),
      requestParams: { query: csatQuerySchema },
      responses: {
        200: {
          description: 'The report (JSON), or its groups as CSV with `format=csv`.',
          content: { 'application/json': { schema: csatReportSchema }, 'text/csv': { schema: z.string() } },
        },
        ...errors({ 400: ['validation_failed'] }),
      },
    },
  },
};
