import { useCallback, useEffect, useState } from 'react';
import { scoreFromQuery, type Score } from '../../../../domain/satisfaction';
import type { RatingInput, SatisfactionView } from '../../../../domain/satisfaction.schemas';
import { call } from '../../api';

/**
 * The score a link of the resolution e-mail chose (`?rate=4`), read once before the status
 * page's token handling takes the address bar's query and fragment away. Opening the link
 * records nothing: the customer confirms on the page.
 */
export function useScoreFromLink(): Score | null {
  const [score] = useState(() => scoreFromQuery(window.location.search));
  return score;
}

/** The private token the status page keeps for this tab (use-customer-ticket.ts stores it). */
const tokenOf = (reference: string) => sessionStorage.getItem(`guichet.token.${reference}`);

/** Whether the ticket's answer can be rated, its rating, and the rating itself (once). */
export function useSatisfaction(reference: string, status: string | undefined) {
  const [view, setView] = useState<SatisfactionView | null>(null);
  const load = useCallback(() => {
    const token = tokenOf(reference);
    if (!token) return;
    call<SatisfactionView>('GET', `/api/tickets/${encodeURIComponent(reference)}/satisfaction`, { token }).then(setView, () => undefined);
  }, [reference]);
  // Read again when the ticket's status changes (resolved, reopened).
  useEffect(load, [load, status]);

  /** Sends the rating; throws the API's refusal (already rated, not resolved) for the card to show. */
  const rate = useCallback(
    async (input: Pick<RatingInput, 'score' | 'comment' | 'via'>) => {
      setView(await call<SatisfactionView>('POST', `/api/tickets/${encodeURIComponent(reference)}/satisfaction`, { token: tokenOf(reference) ?? undefined, body: input }));
    },
    [reference],
  );
  return { view, rate, reload: load };
}
