import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { signedInErrors, universalErrors } from '../../server/openapi/common';
import { openApiDocument } from '../../server/openapi/document';

/*
 * Answers checked against the OpenAPI document (server/openapi/): the operation a request
 * matched (method and path template), whether the status is one it documents, and whether a
 * JSON body matches the schema documented for that status. The document is JSON Schema 2020-12
 * throughout (OpenAPI 3.1), so ajv's 2020 build reads its schemas as they are, `$ref`s included.
 */

type Doc = ReturnType<typeof openApiDocument>;
export type OpenApiDocument = Doc;
type Operation = NonNullable<NonNullable<Doc['paths']>[string]['get']>;

export const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface OperationRef {
  /** `GET /api/tickets/{id}` */
  key: string;
  method: HttpMethod;
  template: string;
  operation: Operation;
}

const DOC_ID = 'guichet-openapi';
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** `/api/tickets/{id}` → a regex of one segment per parameter; a literal segment wins over a parameter. */
function templateMatcher(template: string, subtree: boolean): RegExp {
  const body = template
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}${subtree ? '(?:/.*)?' : ''}/?$`);
}

export interface Mismatch {
  operation: string;
  status: number;
  problem: string;
}

export class OpenApiChecker {
  readonly doc: Doc;
  readonly operations: OperationRef[] = [];
  private readonly ajv: Ajv2020;
  private readonly matchers: Array<{ re: RegExp; literals: number; template: string }>;
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(doc: Doc = openApiDocument()) {
    this.doc = doc;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(doc as object, DOC_ID);
    const templates = Object.keys(doc.paths ?? {});
    for (const template of templates) {
      const item = doc.paths![template];
      for (const method of httpMethods) {
        const operation = item[method];
        if (operation) this.operations.push({ key: `${method.toUpperCase()} ${template}`, method, template, operation });
      }
    }
    // The most literal template first: `/api/brands/current` before `/api/brands/{slug}`.
    this.matchers = templates
      .map((template) => ({
        template,
        re: templateMatcher(template, Boolean((doc.paths![template].get as Record<string, unknown> | undefined)?.['x-guichet-subtree'])),
        literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
      }))
      .sort((a, b) => b.literals - a.literals || b.template.split('/').length - a.template.split('/').length);
  }

  /** The documented operation a request goes to, or null when no path template matches it. */
  find(method: string, path: string): OperationRef | { template: string; operation: null } | null {
    const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    // Several templates can match (`/api/tickets/{id}` and `/api/tickets/bulk`): the most literal one that has the method.
    const candidates = this.matchers.filter((x) => x.re.test(path));
    if (!candidates.length) return null;
    for (const c of candidates) {
      const found = this.operations.find((o) => o.template === c.template && o.method === m);
      if (found) return found;
      // A subtree another library serves (the queue board): every method below it is described by its GET.
      const subtree = this.operations.find((o) => o.template === c.template && o.method === 'get' && (o.operation as Record<string, unknown>)['x-guichet-subtree']);
      if (subtree) return subtree;
    }
    return { template: candidates[0].template, operation: null };
  }

  private validator(op: OperationRef, status: string, mediaType: string): ValidateFunction | null {
    const id = `${op.key} ${status} ${mediaType}`;
    if (!this.validators.has(id)) {
      const ref = `${DOC_ID}#/${pointer('paths', op.template, op.method, 'responses', status, 'content', mediaType, 'schema')}`;
      const content = (op.operation.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>)[status]?.content?.[mediaType];
      this.validators.set(id, content?.schema ? this.ajv.compile({ $ref: ref }) : null);
    }
    return this.validators.get(id)!;
  }

  /**
   * The problems of one answer, none when it is as documented: an undocumented path, method or
   * status, a media type the status does not list, a JSON body not matching its schema.
   */
  check(method: string, path: string, status: number, contentType: string | undefined, body: Buffer | null): { op: OperationRef | null; mismatch: Mismatch | null } {
    const found = this.find(method, path);
    const label = `${method.toUpperCase()} ${path}`;
    if (!found) {
      // The one answer a path no route has may give: the unknown route's 404 (or the router's 400 for a bad %-escape), in the error shape.
      if (isUnknownRouteAnswer(status, body)) return { op: null, mismatch: null };
      return { op: null, mismatch: { operation: label, status, problem: 'no documented path matches' } };
    }
    if (!found.operation && isUnknownRouteAnswer(status, body)) return { op: null, mismatch: null };
    if (!found.operation) return { op: null, mismatch: { operation: `${method.toUpperCase()} ${found.template}`, status, problem: `method not documented (${label})` } };
    const op = found as OperationRef;
    const responses = op.operation.responses as Record<string, { content?: Record<string, unknown> }>;
    const documented = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    const fail = (problem: string) => ({ op, mismatch: { operation: op.key, status, problem: `${problem} (${label})` } });
    if (!documented) return fail(`status ${status} not documented (documented: ${Object.keys(responses).join(', ')})`);
    if (method.toUpperCase() === 'HEAD' || status === 204 || status === 304 || !body?.length) return { op, mismatch: null };
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const content = documented.content ?? {};
    if (!(mediaType in content)) {
      if (!Object.keys(content).length && !body.length) return { op, mismatch: null };
      return fail(`media type ${mediaType || '(none)'} not documented for ${status} (documented: ${Object.keys(content).join(', ') || 'no body'})`);
    }
    if (mediaType !== 'application/json') return { op, mismatch: null };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return fail('body is not JSON');
    }
    const validate = this.validator(op, String(status), mediaType);
    if (validate && !validate(parsed)) return fail(describeErrors(validate.errors ?? []));
    return { op, mismatch: null };
  }
}

/**
 * What a path or method no route has may answer: the unknown route's 404 `not_found` ("No route
 * for …"), or what answers before routing, as every operation may (a bad %-escape, a body the
 * parser refuses, no session or the wrong role under a router that checks it first).
 */
const BEFORE_ROUTING: Record<number, readonly string[]> = { ...universalErrors, ...signedInErrors };
function isUnknownRouteAnswer(status: number, body: Buffer | null): boolean {
  try {
    const parsed = JSON.parse(body?.toString('utf8') ?? '') as { error?: { code?: string; message?: string } };
    const code = parsed.error?.code ?? '';
    if (status === 404) return code === 'not_found' && /^No route for /.test(parsed.error?.message ?? '');
    return (BEFORE_ROUTING[status] ?? []).includes(code);
  } catch {
    return false;
  }
}

function describeErrors(errors: ErrorObject[]): string {
  return errors
    .slice(0, 8)
    .map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ');
}

let shared: OpenApiChecker | undefined;
/** One checker per test file (compiling the document's schemas takes a moment). */
export const openApiChecker = () => (shared ??= new OpenApiChecker());
