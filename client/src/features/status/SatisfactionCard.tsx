import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMENT_MAX, SCORES, type Score } from '../../../../domain/satisfaction';
import { redact } from '../../../../domain/redaction';
import { ApiError } from '../../api';
import { Field } from '../../components/Layout';
import { apiProblem, say, type Problem } from '../../errors';
import { addNamespaces } from '../../i18n';
import * as satisfactionStrings from '../../i18n/satisfaction';
import { useSatisfaction } from './use-satisfaction';

addNamespaces({ satisfaction: satisfactionStrings });

/** A merged report's link: the page shows the survivor's case, and says so. */
export function MergedNote({ from, into }: { from?: string; into: string }) {
  const { t } = useTranslation();
  if (!from) return null;
  return <p className="banner info" role="status" data-testid="merged-note">{t('satisfaction:merged', { from, into })}</p>;
}

/**
 * "Your opinion of our answer": once the request is resolved, a score of 1 to 5 and an
 * optional comment, sent once; the score a link of the e-mail chose comes selected, and is
 * recorded only when the customer sends it.
 */
export function SatisfactionCard({ reference, status, preselected }: { reference: string; status: string; preselected: Score | null }) {
  const { t } = useTranslation();
  const { view, rate, reload } = useSatisfaction(reference, status);
  const [score, setScore] = useState<Score | null>(preselected);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  if (!view || (!view.rateable && !view.rating)) return null;
  if (view.rating) {
    return (
      <section className="card" data-testid="satisfaction">
        <h2>{t('satisfaction:title')}</h2>
        <p role="status" data-testid="satisfaction-thanks">{t('satisfaction:thanks', { score: view.rating.score })}</p>
        {view.rating.comment ? <blockquote>{t('satisfaction:yourComment', { comment: view.rating.comment })}</blockquote> : null}
      </section>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!score) return setProblem({ key: 'satisfaction:pick' });
    setBusy(true);
    setProblem(null);
    try {
      await rate({ score, comment: comment.trim() ? comment.trim() : null, via: preselected !== null && score === preselected ? 'email' : 'status_page' });
    } catch (err) {
      setProblem(apiProblem(err));
      if (err instanceof ApiError && err.code === 'already_rated') reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="satisfaction">
      <h2>{t('satisfaction:title')}</h2>
      {preselected ? <p className="banner info">{t('satisfaction:fromLink', { score: preselected })}</p> : null}
      <fieldset className="scores">
        <legend>{t('satisfaction:ask')}</legend>
        {SCORES.map((n) => (
          // One score a line, each a thumb's height: five radios side by side are too small to hit on a phone.
          <label key={n} className="score" style={{ display: 'flex', alignItems: 'center', gap: '0.5em', minHeight: '44px' }}>
            <input type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} />{' '}
            <span aria-hidden="true">{n}</span> <span className="score-words">{t(`satisfaction:scores.${n}`)}</span>
          </label>
        ))}
      </fieldset>
      <Field id="csat-comment" label={t('satisfaction:comment')} hint={t('satisfaction:commentHint')}>
        <textarea id="csat-comment" aria-describedby="csat-comment-hint" rows={3} maxLength={COMMENT_MAX} value={comment} onChange={(e) => setComment(redact(e.target.value).text)} />
      </Field>
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
      <button type="submit" className="primary" disabled={busy}>{t('satisfaction:send')}</button>
    </form>
  );
}
