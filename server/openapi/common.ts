import { z } from 'zod';
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { errorCodes, type ErrorCode } from '../../domain/error-codes';

/**
 * The pieces every `*.paths.ts` file describes its routes with. Each route module has its own
 * `<module>.paths.ts` here exporting a `ZodOpenApiPathsObject` built from the same zod schemas
 * its routes validate with (domain/*.schemas.ts); `document.ts` joins them into one OpenAPI 3.1
 * document, served at `/api/openapi.json`, checked against every response of the integration
 * suite and used to generate the fuzzer's requests.
 */

/** The one error body (`server/errors.ts`), listing the codes a given answer may carry. */
export const errorBody = (codes: readonly ErrorCode[] = errorCodes) => {
  const schema = z.object({
    error: z.object({
      code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown(),
    }),
  });
  errorBodyCodes.set(schema, codes);
  return schema;
};

/** The codes each error body lists, so that document.ts can add the codes every route may answer. */
export const errorBodyCodes = new WeakMap<z.ZodType, readonly ErrorCode[]>();

/** A JSON answer. */
export const json = (description: string, schema: z.ZodType): ZodOpenApiResponseObject => ({
  description,
  content: { 'application/json': { schema } },
});

/** Error answers by status, each with the codes it may carry: `errors({ 404: ['not_found'] })`. */
export function errors(byStatus: Partial<Record<number, readonly ErrorCode[]>>): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, codes] of Object.entries(byStatus)) {
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = json(`Refused: ${codes!.join(', ')}.`, errorBody(codes!));
  }
  return responses;
}

/**
 * A `multipart/form-data` body with the same fields as a JSON schema (each sent as text, read by
 * the same schema) and up to `maxFiles` files in `fileField`.
 */
export function formOf(schema: z.ZodObject, fileField: string, maxFiles: number) {
  const fields = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, z.string()]));
  return z.object({
    ...fields,
    [fileField]: z.array(z.string().meta({ format: 'binary' })).max(maxFiles).optional().describe('PNG, JPEG or PDF (judged by their bytes), at most 10 MB each'),
  });
}

/** Who may call: `security` of an operation. */
export const publicRoute = [] as const;
export const signedIn = [{ session: [] }, { apiToken: [] }];

/** Who may call, for people: the least role a signed-in route needs (`x-guichet-role`), or a customer's private token. */
export type Caller = 'public' | 'customer' | 'agent' | 'manager' | 'admin' | 'stripe';

/**
 * An operation's `security` and `x-guichet-role` for a caller: signed-in roles take a session or
 * an API token (whose user is an agent, so manager and admin routes refuse it), customers their
 * ticket's private token, public routes nothing.
 */
export function caller(who: Caller, options: { apiToken?: boolean } = {}) {
  const security: Array<Record<string, string[]>> =
    who === 'public' || who === 'stripe'
      ? []
      : who === 'customer'
        ? [{ customerToken: [] }]
        : options.apiToken === false || who !== 'agent'
          ? [{ session: [] }]
          : [{ session: [] }, { apiToken: [] }];
  return { security, 'x-guichet-role': who };
}

/** Error codes by status that any signed-in route may answer besides its own (401, 403). */
export const signedInErrors = { 401: ['unauthenticated', 'invalid_token'], 403: ['forbidden', 'csrf_failed', 'insufficient_scope'] } as const satisfies Record<number, readonly ErrorCode[]>;

/**
 * What every route may answer whatever it does, added by document.ts to each operation: an
 * address with a bad %-escape, a body too large or not JSON, a malformed HTTP request, the
 * database away, a restart, our own bug.
 */
export const universalErrors = {
  400: ['malformed_url', 'invalid_json', 'bad_request'],
  413: ['body_too_large'],
  // A JSON body in a charset or encoding the parser does not read (`charset=utf-16`).
  415: ['bad_request'],
  431: ['headers_too_large'],
  500: ['internal_error'],
  503: ['database_unavailable', 'shutting_down'],
} as const satisfies Record<number, readonly ErrorCode[]>;

export const securitySchemes = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'guichet_session',
    description: 'A signed-in user’s session (POST /api/auth/login). Writes also need its CSRF token in X-CSRF-Token.',
  },
  customerToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'A ticket’s private token (in the report’s answer and its private link): only the customer who reported it holds it. A wrong token answers 404, as an unknown ticket.',
  },
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token an admin issued (read or write scope): no session, no CSRF token.',
  },
} as const;
