import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { openApiDocument } from '../../server/openapi/document';
import { arbitraryFor, queryArbitrary, type JsonSchema } from '../support/openapi-arbitraries';

/*
 * The fuzzer's starting points (test/support/openapi-arbitraries.ts) are what the document
 * says a request may be: every value generated for an operation's JSON body or query is valid
 * against that schema, as ajv reads it.
 */

const doc = openApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc as object, 'doc');
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

type Op = { parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };
const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  (['get', 'post', 'put', 'patch', 'delete'] as const).flatMap((method) => {
    const op = (item as Record<string, Op | undefined>)[method];
    return op ? [{ key: `${method.toUpperCase()} ${path}`, path, method, op }] : [];
  }),
);

describe('values generated from the OpenAPI document', () => {
  const withBody = operations.filter((o) => o.op.requestBody?.content?.['application/json']?.schema);
  test.each(withBody.map((o) => [o.key, o] as const))('%s: every JSON body generated is valid against its schema', (_key, o) => {
    const validate = ajv.compile({ $ref: `doc#/${pointer('paths', o.path, o.method, 'requestBody', 'content', 'application/json', 'schema')}` });
    fc.assert(
      fc.property(arbitraryFor(o.op.requestBody!.content!['application/json'].schema, { root: doc }), (body) => {
        if (!validate(body)) throw new Error(`${JSON.stringify(body).slice(0, 300)}: ${ajv.errorsText(validate.errors)}`);
      }),
      { numRuns: 30, seed: 16 },
    );
  });

  const withQuery = operations.filter((o) => o.op.parameters?.some((p) => p.in === 'query'));
  test.each(withQuery.map((o) => [o.key, o] as const))('%s: every query generated is valid against its parameters', (_key, o) => {
    const query = o.op.parameters!.filter((p) => p.in === 'query');
    const validators = new Map(query.map((p) => [p.name, ajv.compile(p.schema ?? {})]));
    fc.assert(
      fc.property(queryArbitrary(o.op.parameters!, { root: doc }), (values) => {
        for (const p of query) if (p.required) expect(values).toHaveProperty(p.name);
        for (const [name, value] of Object.entries(values)) {
          const validate = validators.get(name)!;
          if (!validate(value)) throw new Error(`${name}=${value}: ${ajv.errorsText(validate.errors)}`);
        }
      }),
      { numRuns: 30, seed: 16 },
    );
  });

  test('a schema it cannot honour is said so, not guessed', () => {
    expect(() => arbitraryFor({ type: 'file' }, { root: doc })).toThrow(/not handled/);
    expect(() => arbitraryFor({ $ref: 'other.json#/x' }, { root: doc })).toThrow(/local/);
  });
});
