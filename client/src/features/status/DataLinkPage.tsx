import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call, fetchFile } from '../../api';
import { Layout } from '../../components/Layout';
import { apiProblem, say, type Problem } from '../../errors';
import { formatDateTime } from '../../format';

/** How long the zip's object URL lives once its download started. */
const OBJECT_URL_LIFETIME_MS = 60_000;

const tokenOfFragment = () => new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');

/**
 * The page a customer's e-mailed export link opens (`/data#token=…`). The token stays in the
 * fragment; the page asks whether the link works (using nothing up), and the download is a
 * POST on the customer's click, so a mail scanner that follows the link spends nothing.
 */
export function DataLinkPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [token] = useState(tokenOfFragment);
  const [link, setLink] = useState<{ expiresAt: string } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(token ? null : { key: 'status:dataLink.noToken' });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const path = token ? `/api/personal-data/exports/${encodeURIComponent(token)}` : null;

  useEffect(() => {
    if (!path) return;
    call<{ state: 'ok'; expiresAt: string }>('GET', path).then(setLink, (err: unknown) => setProblem(apiProblem(err)));
  }, [path]);

  const download = async () => {
    if (!path || busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const url = URL.createObjectURL(await fetchFile(path, { method: 'POST' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'mes-donnees.zip';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
      setDone(true);
      heading.current?.focus();
    } catch (err) {
      setProblem(err instanceof ApiError && err.code === 'network_error' ? { key: 'status:dataLink.failed' } : apiProblem(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Layout>
      <h1 ref={heading} tabIndex={-1}>{t('status:dataLink.title')}</h1>
      {problem ? <p className="banner error-banner" role="alert" data-testid="data-link-problem">{say(t, problem)}</p> : null}
      {!problem && !link ? <p aria-busy="true">{t('status:dataLink.checking')}</p> : null}
      {link && !done ? (
        <section className="card" data-testid="data-link">
          <p>{t('status:dataLink.ready', { date: formatDateTime(link.expiresAt, lang) })}</p>
          <button type="button" className="primary" onClick={() => void download()} aria-busy={busy || undefined}>
            {busy ? t('status:dataLink.downloading') : t('status:dataLink.button')}
          </button>
        </section>
      ) : null}
      {done ? <p className="banner" role="status" data-testid="data-link-done">{t('status:dataLink.done')}</p> : null}
    </Layout>
  );
}
