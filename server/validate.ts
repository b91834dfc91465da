import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { validationError } from './errors';

interface Schemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}
type Parsed<S extends Schemas> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

/**
 * A route's one boundary check: its params, query and body parsed with their schemas
 * (domain/), or 400 `validation_failed` naming each field; the handler gets the parsed
 * values. Every route validates here, so a ZodError thrown anywhere else is our own bug and
 * answers 500.
 */
export function validate<S extends Schemas>(schemas: S, handler: (input: Parsed<S>, req: Request, res: Response) => Promise<unknown> | unknown): RequestHandler {
  return async (req, res) => {
    const input: Record<string, unknown> = {};
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = schema.safeParse(req[part] ?? {});
      if (!result.success) throw validationError(result.error);
      input[part] = result.data;
    }
    await handler(input as Parsed<S>, req, res);
  };
}
