import { useTranslation } from 'react-i18next';
import { resolve, type OpenApiDocument, type Schema } from './openapi-model';

const MAX_DEPTH = 6;

/** A schema's type in a few words: `string ≤ 120`, `integer ≥ 1`, `"fr" | "en"`, `uuid`. */
function typeLabel(s: Schema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? '');
  const bits: string[] = [s.format ?? type];
  if (s.minLength !== undefined && s.minLength > 0) bits.push(`≥ ${s.minLength}`);
  if (s.maxLength !== undefined) bits.push(`≤ ${s.maxLength}`);
  if (s.minimum !== undefined) bits.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) bits.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) bits.push(`≤ ${s.maximum}`);
  if (s.pattern && !s.format) bits.push(`/${s.pattern}/`);
  if (s.default !== undefined) bits.push(`= ${JSON.stringify(s.default)}`);
  return bits.filter(Boolean).join(' ');
}

/** A schema as a nested list: each property with its type, whether it is required, its own properties below. */
export function SchemaView({ doc, schema, depth = 0 }: { doc: OpenApiDocument; schema: Schema; depth?: number }) {
  const { t } = useTranslation();
  const { schema: s, name } = resolve(doc, schema);
  const title = name ? <span className="api-schema-name">{name}</span> : null;
  if (depth > MAX_DEPTH) return <span>{t('api-docs:schema.more')}</span>;
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    return (
      <div className="api-schema">
        {title}
        <span className="api-type">{t('api-docs:schema.oneOf')}</span>
        <ol className="api-branches">
          {branches.map((b, i) => (
            <li key={i}>
              <SchemaView doc={doc} schema={b} depth={depth + 1} />
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (s.type === 'array' && s.items) {
    return (
      <div className="api-schema">
        {title}
        <span className="api-type">{t('api-docs:schema.arrayOf')}</span> <SchemaView doc={doc} schema={s.items} depth={depth + 1} />
      </div>
    );
  }
  if (s.properties) {
    const required = new Set(s.required ?? []);
    return (
      <div className="api-schema">
        {title}
        <ul className="api-properties">
          {Object.entries(s.properties).map(([key, property]) => {
            const inner = resolve(doc, property).schema;
            const nested = Boolean(inner.properties || inner.anyOf || inner.oneOf || (inner.type === 'array' && inner.items));
            return (
              <li key={key}>
                <code className="api-property">{key}</code>
                {required.has(key) ? <span className="api-required"> {t('api-docs:schema.required')}</span> : null}
                {nested ? null : <span className="api-type"> {typeLabel(inner) || t('api-docs:schema.anyValue')}</span>}
                {property.description ?? inner.description ? <span className="hint"> — {property.description ?? inner.description}</span> : null}
                {nested ? <SchemaView doc={doc} schema={property} depth={depth + 1} /> : null}
              </li>
            );
          })}
        </ul>
      </div>
    );
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    return (
      <div className="api-schema">
        {title}
        <span className="api-type">{t('api-docs:schema.mapOf')}</span> <SchemaView doc={doc} schema={s.additionalProperties} depth={depth + 1} />
      </div>
    );
  }
  return (
    <span className="api-schema">
      {title} <span className="api-type">{typeLabel(s) || t('api-docs:schema.anyValue')}</span>
    </span>
  );
}
