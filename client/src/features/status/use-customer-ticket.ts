import { useCallback, useEffect, useState } from 'react';
import { ApiError, call, fetchFile, upload, type CustomerStatusView } from '../../api';
import { apiProblem, type Problem } from '../../errors';

/** The private token travels in the link's fragment; it is kept for this tab and taken out of the address bar. */
function useToken(reference: string): string | null {
  const [token] = useState(() => {
    const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
    const key = `guichet.token.${reference}`;
    if (fromHash) {
      sessionStorage.setItem(key, fromHash);
      window.history.replaceState(null, '', window.location.pathname);
    }
    return fromHash ?? sessionStorage.getItem(key);
  });
  return token;
}

/**
 * The customer's own ticket, with the token of their private link: read, and completed with
 * evidence (fields, files, a message), the answer being the ticket as it now stands; the
 * agents' attachments are read with the same token.
 */
export function useCustomerTicket(reference: string) {
  const token = useToken(reference);
  const [ticket, setTicket] = useState<CustomerStatusView | null>(null);
  const [failure, setFailure] = useState<Problem | null>(token ? null : { key: 'status:noToken' });

  const load = useCallback(() => {
    if (!token) return;
    call<CustomerStatusView>('GET', `/api/tickets/${encodeURIComponent(reference)}`, { token }).then(setTicket, (err: ApiError) =>
      setFailure(err.status === 404 ? { key: 'status:notFound' } : apiProblem(err)),
    );
  }, [reference, token]);
  useEffect(load, [load]);

  /** Sends evidence; throws the API's refusal for the form to show. */
  const addEvidence = useCallback(
    async (form: FormData, onProgress: (ratio: number) => void) => {
      setTicket(await upload<CustomerStatusView>(`/api/tickets/${encodeURIComponent(reference)}/evidence`, form, { token: token!, onProgress }));
    },
    [reference, token],
  );

  /** One of the ticket's files (an agent's attachment), read with the token; throws the API's refusal. */
  const readFile = useCallback((fileId: string) => fetchFile(`/api/tickets/${encodeURIComponent(reference)}/files/${encodeURIComponent(fileId)}`, { token: token ?? undefined }), [reference, token]);

  /** "Send me my data": the API e-mails a single-use link to the ticket's address; the timeline then shows the request. */
  const requestDataExport = useCallback(async () => {
    const sent = await call<{ expiresAt: string }>('POST', `/api/tickets/${encodeURIComponent(reference)}/personal-data-export`, { token: token! });
    load();
    return sent;
  }, [reference, token, load]);

  return { ticket, failure, addEvidence, readFile, requestDataExport };
}
