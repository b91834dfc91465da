import { useCallback, useEffect, useState } from 'react';
import type { AlertSettingsView } from '../../../../core/user-views';
import type { AlertSettingsUpdate } from '../../../../domain/alerts';
import { call } from '../../api';
import { apiProblem, type Problem } from '../../errors';

export type AlertSettings = AlertSettingsView;

/** The signed-in user's alert settings, read once and replaced by the API's answer to each save. */
export function useAlertSettings() {
  const [settings, setSettings] = useState<AlertSettings | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    call<AlertSettings>('GET', '/api/me/alerts').then(setSettings, (err: unknown) => setProblem(apiProblem(err)));
  }, []);

  /** Saves the changes; rejects with the API's error for the page to show. */
  const save = useCallback(async (changes: AlertSettingsUpdate) => {
    const next = await call<AlertSettings>('PUT', '/api/me/alerts', { body: changes });
    setSettings(next);
    return next;
  }, []);

  return { settings, problem, save };
}
