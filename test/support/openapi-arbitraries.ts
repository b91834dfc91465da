import fc from 'fast-check';

/*
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document (2020-12, as zod-openapi
 * writes them): values a schema accepts, for the property-based request tests to start from
 * before they mutate them. Only the subset the document uses: types (one or several), enum,
 * const, anyOf/oneOf/allOf, $ref into components, string lengths, patterns and formats
 * (email, uuid, date-time), number bounds, arrays, objects (required, optional,
 * additionalProperties, propertyNames). No npm library does this for fast-check 4 and 2020-12
 * (json-schema-fast-check needs fast-check 1, zod-fast-check zod 3).
 *
 * `hints` give, by property name, values that real fixtures hold (a ticket's current version,
 * an agent's id, a shop's slug): a schema cannot say which uuid names a user, and a request
 * naming none only ever tests the 404.
 */

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  default?: unknown;
  [key: string]: unknown;
};

export interface ArbitraryOptions {
  /** Resolves `$ref`s (`#/components/schemas/X`) in this document. */
  root: unknown;
  /** By property name: a fixture's value, used most of the time instead of the schema's. */
  hints?: Record<string, fc.Arbitrary<unknown>>;
  /** The hint every time (the requests meant to succeed), else most of the time. */
  alwaysHint?: boolean;
}

/** Letters and a few that need care (accents, an apostrophe, a space), never blank at the ends. */
const textUnit = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789éèçàÉ’\'-'.split(''));
const text = (min: number, max: number) =>
  fc.string({ unit: textUnit, minLength: Math.max(min, 1), maxLength: Math.max(Math.max(min, 1), max) });

function resolve(ref: string, root: unknown): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`openapi-arbitraries: only local $refs (${ref})`);
  let node = root as Record<string, unknown>;
  for (const part of ref.slice(2).split('/')) node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')] as Record<string, unknown>;
  if (!node) throw new Error(`openapi-arbitraries: no ${ref}`);
  return node as JsonSchema;
}

function stringArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  // Long enough to reach a column's limit now and then, short most of the time.
  const max = Math.min(s.maxLength ?? 40, 10_000);
  if (s.format === 'email') return fc.emailAddress().filter((e) => e.length <= max && e.length >= min);
  if (s.format === 'uuid') return fc.uuid({ version: 4 });
  if (s.format === 'date-time')
    return fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-11-23T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'binary') return fc.constant('');
  if (s.pattern) {
    return fc
      .stringMatching(new RegExp(s.pattern))
      .map((v) => v.slice(0, max))
      .filter((v) => v.length >= min && new RegExp(s.pattern!).test(v));
  }
  if (min === 0 && !s.minLength) return fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 9, arbitrary: text(1, Math.min(max, 40)) });
  return fc.oneof(
    { weight: 9, arbitrary: text(min, Math.min(max, Math.max(min, 40))) },
    { weight: 1, arbitrary: text(max, max) },
  );
}

function numberArbitrary(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low = s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : Number.EPSILON) : (s.minimum ?? -1_000_000);
  const high = s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : Number.EPSILON) : (s.maximum ?? 1_000_000);
  if (integer) {
    const min = Math.ceil(Math.max(low, -2_147_483_648));
    const max = Math.floor(Math.min(high, 2_147_483_647));
    // Small values most of the time (counts, versions, amounts), the bounds sometimes.
    return fc.oneof({ weight: 6, arbitrary: fc.integer({ min, max: Math.min(max, Math.max(min, 0) + 1000) }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
  }
  return fc.double({ min: Math.max(low, -1e6), max: Math.min(high, 1e6), noNaN: true, noDefaultInfinity: true });
}

/** Values the schema accepts (as JSON Schema reads them: zod's refinements and transforms may still refuse some). */
export function arbitraryFor(schema: JsonSchema | boolean | undefined, options: ArbitraryOptions, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined || schema === true || (typeof schema === 'object' && !Object.keys(schema).length)) return fc.jsonValue({ maxDepth: 1, noUnicodeString: false });
  if (schema === false) return fc.constant(undefined);
  const s = schema;
  if (s.$ref) return arbitraryFor(resolve(s.$ref, options.root), options, depth);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf || s.oneOf) return fc.oneof(...(s.anyOf ?? s.oneOf)!.map((branch) => arbitraryFor(branch, options, depth + 1)));
  if (s.allOf) return arbitraryFor(Object.assign({}, ...s.allOf.map((x) => (x.$ref ? resolve(x.$ref, options.root) : x))), options, depth);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : ['string'];
  if (types.length > 1) return fc.oneof(...types.map((type) => arbitraryFor({ ...s, type }, options, depth)));
  switch (types[0]) {
    case 'string':
      return stringArbitrary(s);
    case 'integer':
      return numberArbitrary(s, true);
    case 'number':
      return numberArbitrary(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryFor(s.items, options, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)) });
    case 'object':
      return objectArbitrary(s, options, depth);
    default:
      throw new Error(`openapi-arbitraries: type ${String(types[0])} is not handled`);
  }
}

function objectArbitrary(s: JsonSchema, options: ArbitraryOptions, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    const own = arbitraryFor(property, options, depth + 1);
    const hint = options.hints?.[name];
    fields[name] = hint ? (options.alwaysHint ? hint : fc.oneof({ weight: 4, arbitrary: hint }, { weight: 1, arbitrary: own })) : own;
  }
  const record = fc.record(fields, { requiredKeys: Object.keys(fields).filter((k) => required.has(k)), noNullPrototype: true });
  const extra = s.additionalProperties;
  if (!Object.keys(properties).length && extra && typeof extra === 'object') {
    const keys = s.propertyNames ? (arbitraryFor(s.propertyNames, options, depth + 1) as fc.Arbitrary<string>) : text(1, 12);
    return fc.dictionary(keys, arbitraryFor(extra, options, depth + 1), { maxKeys: depth > 2 ? 1 : 3, noNullPrototype: true });
  }
  return record as fc.Arbitrary<Record<string, unknown>>;
}

/** An operation's query parameters as a record of strings (the query string carries text). */
export function queryArbitrary(parameters: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>, options: ArbitraryOptions): fc.Arbitrary<Record<string, string>> {
  const query = parameters.filter((p) => p.in === 'query');
  const fields: Record<string, fc.Arbitrary<string>> = {};
  for (const p of query) {
    const own = arbitraryFor(p.schema, options).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    const hint = options.hints?.[p.name];
    fields[p.name] = hint ? (options.alwaysHint ? hint.map(String) : fc.oneof({ weight: 4, arbitrary: hint.map(String) }, { weight: 1, arbitrary: own })) : own;
  }
  return fc.record(fields, { requiredKeys: query.filter((p) => p.required).map((p) => p.name), noNullPrototype: true }) as fc.Arbitrary<Record<string, string>>;
}
