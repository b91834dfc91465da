/** The parts of an OpenAPI 3.1 document the reference page reads (the document itself: /api/openapi.json). */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Schema;
}

export interface MediaContent {
  schema?: Schema;
}

export interface Response {
  description?: string;
  content?: Record<string, MediaContent>;
}

export interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  'x-guichet-role'?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, MediaContent> };
  responses: Record<string, Response>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components?: { schemas?: Record<string, Schema> };
}

export const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof methods)[number];

export interface OperationEntry {
  id: string;
  method: Method;
  path: string;
  operation: Operation;
}

/** The operations by tag, in the document's order; an operation without a tag goes under `other`. */
export function operationsByTag(doc: OpenApiDocument): Array<[string, OperationEntry[]]> {
  const groups = new Map<string, OperationEntry[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'other';
      const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-$/, '');
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ id, method, path, operation });
    }
  }
  return [...groups];
}

/** The error codes an operation lists, by status. */
export function errorCodesOf(operation: Operation): Array<[string, string[]]> {
  return Object.entries(operation.responses)
    .filter(([status]) => /^[45]/.test(status))
    .map(([status, r]) => [status, (r.content?.['application/json']?.schema?.properties?.error?.properties?.code?.enum as string[] | undefined) ?? []]);
}

export function resolve(doc: OpenApiDocument, schema: Schema): { schema: Schema; name: string | null } {
  if (!schema.$ref) return { schema, name: null };
  const name = schema.$ref.split('/').at(-1)!;
  return { schema: doc.components?.schemas?.[name] ?? {}, name };
}

/** Whether an operation matches the filter's words (path, summary, description, codes). */
export function matches(entry: OperationEntry, filter: string): boolean {
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const text = [entry.method, entry.path, entry.operation.summary, entry.operation.description, ...errorCodesOf(entry.operation).flatMap(([, c]) => c)].join(' ').toLowerCase();
  return words.every((w) => text.includes(w));
}
