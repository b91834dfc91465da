import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { brandEventsQuerySchema, brandSlugParamsSchema, createBrandSchema, updateBrandSchema } from '../../domain/brand-admin.schemas';
import { mailboxSchema } from '../../domain/mailbox.schemas';
import { stripeConnectorSchema } from '../../domain/payment-connector.schemas';
import { caller, errors, json } from './common';
import { adminBrandSchema, brandEventsSchema, brandListSchema, brandPresetsSchema, brandUpdatedSchema, mailboxViewSchema, publicBrandSchema, stripeConnectorViewSchema } from './views';

export const currentBrandQuerySchema = z.object({ brand: z.string().optional().describe('A shop’s slug; without it, the shop whose host name the request came to, else the default shop') });

const path = { path: brandSlugParamsSchema };
const unknownShop = { 400: ['validation_failed'], 404: ['not_found'] } as const;

export const brandsPaths: ZodOpenApiPathsObject = {
  '/api/brands': {
    get: {
      tags: ['brands'],
      summary: 'The shops (agents and up)',
      ...caller('agent'),
      responses: { 200: json('Every shop.', brandListSchema) },
    },
    post: {
      tags: ['brands'],
      summary: 'Create a shop with its whole policy (admins)',
      description: 'The policy is checked field by field: 422 `invalid_policy` names each wrong path in `details`.',
      ...caller('admin'),
      requestBody: { content: { 'application/json': { schema: createBrandSchema } } },
      responses: {
        201: { ...json('Created.', adminBrandSchema), headers: { Location: { description: '/api/brands/<slug>', schema: { type: 'string' } } } },
        ...errors({ 400: ['validation_failed'], 409: ['slug_taken'], 422: ['invalid_policy'] }),
      },
    },
  },
  '/api/brands/current': {
    get: {
      tags: ['brands'],
      summary: 'What the public report form needs to know of a shop: cards accepted, currency, opening hours, support address',
      ...caller('public'),
      requestParams: { query: currentBrandQuerySchema },
      responses: { 200: json('The shop.', publicBrandSchema), ...errors({ 400: ['validation_failed'] }) },
    },
  },
  '/api/brands/presets': {
    get: {
      tags: ['brands'],
      summary: 'Ready-made policies drawn from the shops’ published pages (admins)',
      ...caller('admin'),
      responses: { 200: json('The presets.', brandPresetsSchema) },
    },
  },
  '/api/brands/{slug}': {
    get: {
      tags: ['brands'],
      summary: 'A shop and its whole policy (admins)',
      ...caller('admin'),
      requestParams: path,
      responses: { 200: json('The shop.', adminBrandSchema), ...errors(unknownShop) },
    },
    patch: {
      tags: ['brands'],
      summary: 'Change a shop’s name or policy (admins): every change is on its audit trail, open tickets’ deadlines follow new targets',
      ...caller('admin'),
      requestParams: path,
      requestBody: { content: { 'application/json': { schema: updateBrandSchema } } },
      responses: { 200: json('The shop as changed, and how many tickets’ deadlines moved.', brandUpdatedSchema), ...errors({ ...unknownShop, 409: ['slug_taken'], 422: ['invalid_policy'] }) },
    },
  },
  '/api/brands/{slug}/events': {
    get: {
      tags: ['brands'],
      summary: 'A shop’s audit trail, newest first (admins)',
      ...caller('admin'),
      requestParams: { ...path, query: brandEventsQuerySchema },
      responses: { 200: json('The events.', brandEventsSchema), ...errors(unknownShop) },
    },
  },
  '/api/brands/{slug}/connectors/stripe': {
    get: {
      tags: ['brands'],
      summary: 'The shop’s Stripe connection (admins): whether it is set, which key (a hint), the webhook URL to declare; never a secret',
      ...caller('admin'),
      requestParams: path,
      responses: { 200: json('The connection.', stripeConnectorViewSchema), ...errors(unknownShop) },
    },
    put: {
      tags: ['brands'],
      summary: 'Set the shop’s Stripe keys (admins); stored encrypted, never answered',
      ...caller('admin'),
      requestParams: path,
      requestBody: { content: { 'application/json': { schema: stripeConnectorSchema } } },
      responses: { 200: json('The connection.', stripeConnectorViewSchema), ...errors(unknownShop) },
    },
    delete: {
      tags: ['brands'],
      summary: 'Remove the shop’s Stripe connection (admins)',
      ...caller('admin'),
      requestParams: path,
      responses: { 200: json('The connection, now not configured.', stripeConnectorViewSchema), ...errors(unknownShop) },
    },
  },
  '/api/brands/{slug}/mailbox': {
    get: {
      tags: ['brands'],
      summary: 'The shop’s support mailbox (admins): where e-mails are imported from; never the password',
      ...caller('admin'),
      requestParams: path,
      responses: { 200: json('The mailbox.', mailboxViewSchema), ...errors(unknownShop) },
    },
    put: {
      tags: ['brands'],
      summary: 'Set the shop’s IMAP mailbox (admins); the password is stored encrypted',
      ...caller('admin'),
      requestParams: path,
      requestBody: { content: { 'application/json': { schema: mailboxSchema } } },
      responses: { 200: json('The mailbox.', mailboxViewSchema), ...errors(unknownShop) },
    },
    delete: {
      tags: ['brands'],
      summary: 'Stop importing the shop’s mailbox (admins)',
      ...caller('admin'),
      requestParams: path,
      responses: { 200: json('The mailbox, now not configured.', mailboxViewSchema), ...errors(unknownShop) },
    },
  },
};
