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
export const errorBody = (codes: readonly ErrorCode[] = errorCodes) =>
  z.object({
    error: z.object({
      code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown(),
    }),
  });

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

/** Who may call: `security` of an operation. */
export const publicRoute = [] as const;
export const signedIn = [{ session: [] }, { apiToken: [] }];

export const securitySchemes = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'guichet_session',
    description: 'A signed-in user’s session (POST /api/auth/login). Writes also need its CSRF token in X-CSRF-Token.',
  },
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token an admin issued (read or write scope): no session, no CSRF token.',
  },
} as const;
