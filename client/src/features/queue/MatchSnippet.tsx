import { useTranslation } from 'react-i18next';
import type { SearchMatch } from '../../../../domain/search.schemas';

/**
 * Why a row matched the search: the field, and the excerpt with the words found emphasised.
 * The excerpt is plain text whose found words are marked «like this»; it is cut at the marks
 * and every piece rendered as text, so nothing in it is ever read as markup.
 */
export function MatchSnippet({ match }: { match: SearchMatch }) {
  const { t } = useTranslation();
  const pieces = match.snippet.split(/«([^«»]*)»/);
  return (
    <small className="match" data-testid="search-match" data-field={match.field}>
      <span className="match-field">{t('queue:match.found', { field: t(`queue:match.${match.field}`) })} </span>
      {pieces.map((piece, i) => (i % 2 === 1 ? <mark key={i}>{piece}</mark> : piece))}
    </small>
  );
}
