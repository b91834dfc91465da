import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgentBar } from '../../components/AgentBar';
import { Layout } from '../../components/Layout';
import { addNamespaces } from '../../i18n';
import * as apiDocs from '../../i18n/api-docs';
import * as queue from '../../i18n/queue';
import { errorCodesOf, matches, operationsByTag, type OpenApiDocument, type OperationEntry } from './openapi-model';
import { SchemaView } from './SchemaView';
import './api-docs.css';

addNamespaces({ 'api-docs': apiDocs, queue });

const DOC_URL = '/api/openapi.json';

/**
 * `/api-docs`: the API's reference, read from the OpenAPI document the server builds from the
 * routes' own schemas (`/api/openapi.json`), so the page cannot tell something else than the API.
 * Public, like the document: integrators read it before they hold a token.
 */
export function ApiDocsPage() {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<OpenApiDocument | null>(null);
  const [failed, setFailed] = useState(false);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    let live = true;
    fetch(DOC_URL, { headers: { Accept: 'application/json' } })
      .then((res) => (res.ok ? (res.json() as Promise<OpenApiDocument>) : Promise.reject(new Error(String(res.status)))))
      .then((d) => live && setDoc(d))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);

  const groups = useMemo(() => (doc ? operationsByTag(doc).map(([tag, ops]) => [tag, ops.filter((o) => matches(o, filter))] as const).filter(([, ops]) => ops.length) : []), [doc, filter]);
  const shown = groups.reduce((n, [, ops]) => n + ops.length, 0);

  return (
    <Layout wide actions={<AgentBar />}>
      <h1>{t('api-docs:title')}</h1>
      <p className="hint">{t('api-docs:intro')}</p>
      <p>
        <a href={DOC_URL}>{t('api-docs:download')}</a>
        {doc ? <span className="hint"> — {doc.info.title} {doc.info.version}, OpenAPI {doc.openapi}</span> : null}
      </p>
      {failed ? <p className="banner error-banner" role="alert">{t('api-docs:failed')}</p> : null}
      {!doc && !failed ? <p aria-busy="true">{t('api-docs:loading')}</p> : null}
      {doc ? (
        <div className="api-docs">
          <nav className="api-nav" aria-label={t('api-docs:groups')}>
            <label htmlFor="api-filter">{t('api-docs:filter')}</label>
            <input id="api-filter" type="search" value={filter} placeholder={t('api-docs:filterHint')} onChange={(e) => setFilter(e.target.value)} />
            <p className="hint" aria-live="polite">{t('api-docs:count', { count: shown })}</p>
            <ul>
              {groups.map(([tag, ops]) => (
                <li key={tag}>
                  <a href={`#tag-${tag.replace(/\W+/g, '-')}`}>{tag}</a> <span className="hint">({ops.length})</span>
                </li>
              ))}
            </ul>
          </nav>
          <div className="api-groups">
            {shown === 0 ? <p>{t('api-docs:nothing')}</p> : null}
            {groups.map(([tag, ops]) => (
              <section key={tag} aria-labelledby={`tag-${tag.replace(/\W+/g, '-')}`}>
                <h2 id={`tag-${tag.replace(/\W+/g, '-')}`}>{tag}</h2>
                {ops.map((entry) => (
                  <OperationView key={entry.id} doc={doc} entry={entry} />
                ))}
              </section>
            ))}
          </div>
        </div>
      ) : null}
    </Layout>
  );
}

function OperationView({ doc, entry }: { doc: OpenApiDocument; entry: OperationEntry }) {
  const { t } = useTranslation();
  const { operation: o, method, path } = entry;
  const role = o['x-guichet-role'];
  const schemes = [...new Set((o.security ?? []).flatMap((s) => Object.keys(s)))];
  const bodies = Object.entries(o.requestBody?.content ?? {});
  const successes = Object.entries(o.responses).filter(([status]) => /^[123]/.test(status));
  const errors = errorCodesOf(o);
  return (
    <details className="card api-operation" id={entry.id} data-testid="api-operation">
      <summary>
        <span className={`api-method api-${method}`}>{method.toUpperCase()}</span> <code className="api-path">{path}</code> <span className="api-summary">{o.summary}</span>
      </summary>
      {o.description ? <p>{o.description}</p> : null}
      <h3>{t('api-docs:who')}</h3>
      <p data-testid="api-who">
        {role ? t(`api-docs:roles.${role}`, { defaultValue: role }) : null}
        {schemes.length ? <span className="hint"> — {schemes.map((s) => t(`api-docs:security.${s}`, { defaultValue: s })).join(' · ')}</span> : null}
      </p>
      {o.parameters?.length ? (
        <>
          <h3>{t('api-docs:parameters')}</h3>
          <table className="api-params">
            <thead>
              <tr>
                <th scope="col">{t('api-docs:param.name')}</th>
                <th scope="col">{t('api-docs:param.in')}</th>
                <th scope="col">{t('api-docs:param.type')}</th>
                <th scope="col">{t('api-docs:param.required')}</th>
              </tr>
            </thead>
            <tbody>
              {o.parameters.map((p) => (
                <tr key={`${p.in}-${p.name}`}>
                  <td><code>{p.name}</code>{p.description ?? p.schema?.description ? <div className="hint">{p.description ?? p.schema?.description}</div> : null}</td>
                  <td>{t(`api-docs:in.${p.in}`)}</td>
                  <td>{p.schema ? <SchemaView doc={doc} schema={p.schema} /> : null}</td>
                  <td>{p.required ? t('api-docs:param.yes') : t('api-docs:param.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {bodies.length ? (
        <>
          <h3>{t('api-docs:requestBody')}</h3>
          {bodies.map(([media, content]) => (
            <div key={media} className="api-media">
              <code>{media}</code>
              {content.schema ? <SchemaView doc={doc} schema={content.schema} /> : null}
            </div>
          ))}
        </>
      ) : null}
      <h3>{t('api-docs:responses')}</h3>
      <ul className="api-responses">
        {successes.map(([status, r]) => (
          <li key={status}>
            <strong>{status}</strong> {r.description}
            {Object.entries(r.content ?? {}).length === 0 ? <span className="hint"> — {t('api-docs:noBody')}</span> : null}
            {Object.entries(r.content ?? {}).map(([media, content]) => (
              <div key={media} className="api-media">
                <code>{media}</code>
                {content.schema ? <SchemaView doc={doc} schema={content.schema} /> : null}
              </div>
            ))}
          </li>
        ))}
      </ul>
      {errors.length ? (
        <>
          <h3>{t('api-docs:errorCodes')}</h3>
          <dl className="api-errors" data-testid="api-errors">
            {errors.map(([status, codes]) => (
              <div key={status}>
                <dt>{status}</dt>
                <dd>{codes.map((c) => <code key={c}>{c}</code>)}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </details>
  );
}
