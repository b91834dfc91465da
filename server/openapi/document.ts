import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import type { ErrorCode } from '../../domain/error-codes';
import { errorBodyCodes, errors, securitySchemes, signedInErrors, universalErrors } from './common';
import { healthPaths } from './health.paths';
import { macrosPaths } from './macros.paths';
import { integrationsPaths, integrationsWebhooks } from './integrations.paths';
import { mergeSatisfactionPaths } from './merge-satisfaction.paths';
import { authPaths } from './auth.paths';
import { usersPaths } from './users.paths';
import { mePaths } from './me.paths';
import { brandsPaths } from './brands.paths';
import { analyticsPaths } from './analytics.paths';
import { eventsPaths } from './events.paths';
import { ticketsPaths } from './tickets.paths';
import { agentTicketsPaths } from './agent-tickets.paths';
import { slaPaths } from './sla.paths';
import { paymentsPaths } from './payments.paths';
import { paymentWebhooksPaths } from './payment-webhooks.paths';
import { personalDataPaths } from './personal-data.paths';
import { openApiPaths } from './openapi.paths';
import { queueBoardPaths } from './queue-board.paths';

/** Every route module's paths: add a module's `*.paths.ts` here. */
const pathModules: ZodOpenApiPathsObject[] = [
  healthPaths,
  openApiPaths,
  authPaths,
  usersPaths,
  mePaths,
  brandsPaths,
  analyticsPaths,
  eventsPaths,
  ticketsPaths,
  agentTicketsPaths,
  slaPaths,
  paymentsPaths,
  paymentWebhooksPaths,
  personalDataPaths,
  queueBoardPaths,
  integrationsPaths,
  macrosPaths,
  mergeSatisfactionPaths,
];

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * Adds to an operation's error answers the codes any route may answer besides its own
 * (common.ts `universalErrors`; 401 and 403 on signed-in routes), merged into the bodies the
 * module wrote: each status keeps one body listing every code it may carry.
 */
function withCommonErrors(path: string, method: string, operation: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  const signedIn = (operation.security ?? []).some((requirement) => 'session' in requirement || 'apiToken' in requirement);
  const extra: Record<string, readonly ErrorCode[]> = { ...universalErrors, ...(signedIn ? signedInErrors : {}) };
  // Every /api route reads the session first (server/app.ts): a bad API token answers 401 there, and a write with a session but not its CSRF token (or with a read-only token) 403.
  if (behindSession(path)) {
    extra[401] = [...new Set([...(extra[401] ?? []), ...sessionErrors[401]])];
    if (method !== 'get') extra[403] = [...new Set([...(extra[403] ?? []), ...sessionErrors[403]])];
  }
  const responses: ZodOpenApiResponsesObject = { ...operation.responses };
  const byStatus: Record<string, ErrorCode[]> = {};
  for (const [status, codes] of Object.entries(extra)) byStatus[status] = [...codes];
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const schema = response && 'content' in response ? response.content?.['application/json']?.schema : undefined;
    const codes = schema ? errorBodyCodes.get(schema as never) : undefined;
    if (!codes) continue;
    byStatus[status] = [...new Set([...codes, ...(byStatus[status] ?? [])])];
  }
  for (const [status, codes] of Object.entries(byStatus)) {
    const existing = responses[status as keyof ZodOpenApiResponsesObject];
    const existingSchema = existing && 'content' in existing ? existing.content?.['application/json']?.schema : undefined;
    // A module's own non-error answer at that status (health's 503) stays as written.
    if (existing && !(existingSchema && errorBodyCodes.has(existingSchema as never))) continue;
    Object.assign(responses, errors({ [status]: codes }));
  }
  // Express answers a GET with an ETag: a client sending it back in If-None-Match may get 304 and no body.
  if (method === 'get' && !responses['304']) responses['304'] = { description: 'Not modified: the answer is the one whose ETag was sent in If-None-Match.' };
  return { ...operation, responses };
}

/** What server/app.ts mounts before `loadSession` and `csrfProtection`: the health check, this document, Stripe's webhooks. */
const behindSession = (path: string) => path.startsWith('/api/') && path !== '/api/openapi.json' && !path.startsWith('/api/payments/webhooks/');
const sessionErrors = { 401: ['invalid_token'], 403: ['csrf_failed', 'insufficient_scope'] } as const;

function withCommonErrorsEverywhere(paths: ZodOpenApiPathsObject): ZodOpenApiPathsObject {
  const out: ZodOpenApiPathsObject = {};
  for (const [path, item] of Object.entries(paths)) {
    const copy = { ...item } as Record<string, unknown>;
    for (const method of methods) {
      const operation = item[method];
      if (operation) copy[method] = withCommonErrors(path, method, operation);
    }
    out[path as keyof ZodOpenApiPathsObject] = copy;
  }
  return out;
}

/** The modules' paths, joined: two modules may describe different methods of one path (`/api/tickets`: the queue and the report form). */
function mergePaths(modules: ZodOpenApiPathsObject[]): ZodOpenApiPathsObject {
  const out: Record<string, Record<string, unknown>> = {};
  for (const module of modules) {
    for (const [path, item] of Object.entries(module)) {
      const existing = out[path] ?? {};
      for (const method of methods) {
        if (item[method] && existing[method]) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is described twice`);
      }
      out[path] = { ...existing, ...item };
    }
  }
  return out as ZodOpenApiPathsObject;
}

let built: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document of the whole API, built once from the routes' own zod schemas. */
export function openApiDocument() {
  built ??= createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Guichet API',
      version: '1.0.0', // the API's own version: it changes when a published route would break
      description:
        'Payment-anomaly reports for online shops: intake, agents’ work, reports and integrations. Every error answers `{ "error": { "code", "message", "details" } }`; ' +
        'each operation lists the codes it may answer by status. `x-guichet-role` names who may call: `public`, `customer` (the ticket’s private token), or the least staff role (agent ⊂ manager ⊂ admin).',
    },
    paths: withCommonErrorsEverywhere(mergePaths(pathModules)),
    // What Guichet sends to the endpoints admins register (outgoing webhooks, signed).
    webhooks: integrationsWebhooks,
    components: { securitySchemes: { ...securitySchemes } },
  });
  return built;
}
