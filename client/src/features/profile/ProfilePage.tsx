import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { alertKinds, type AlertPreferences, type AlertSettingsUpdate } from '../../../../domain/alerts';
import { languages, type Language } from '../../../../domain/ticket.schemas';
import { AgentBar } from '../../components/AgentBar';
import { Layout } from '../../components/Layout';
import { apiProblem, say, type Problem } from '../../errors';
import { addNamespaces } from '../../i18n';
import * as profile from '../../i18n/profile';
import * as queue from '../../i18n/queue';
import { useAlertSettings, type AlertSettings } from './use-alert-settings';

addNamespaces({ queue, profile });

/** `/agent/profile`: the signed-in user's alert e-mails. Layout only: `useAlertSettings` reads and saves. */
export function ProfilePage() {
  const { t } = useTranslation();
  const { settings, problem, save } = useAlertSettings();
  return (
    <Layout wide actions={<AgentBar />}>
      <h1>{t('profile:title')}</h1>
      <p className="hint">{t('profile:intro')}</p>
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
      {settings ? <AlertSettingsForm settings={settings} onSave={save} /> : problem ? null : <p aria-busy="true">{t('common:loading')}</p>}
    </Layout>
  );
}

type Outcome = { kind: 'saved' } | { kind: 'error'; problem: Problem };

function AlertSettingsForm({ settings, onSave }: { settings: AlertSettings; onSave: (changes: AlertSettingsUpdate) => Promise<AlertSettings> }) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<Language>(settings.language);
  const [preferences, setPreferences] = useState<AlertPreferences>(settings.preferences);
  const [allShops, setAllShops] = useState(settings.watchedBrandIds === null);
  const [shops, setShops] = useState<string[]>(settings.watchedBrandIds ?? settings.brands.map((b) => b.id));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // Any change after a save hides its confirmation: what is on screen is no longer what was saved.
  useEffect(() => setOutcome((o) => (o?.kind === 'saved' ? null : o)), [language, preferences, allShops, shops]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSave({ language, preferences, ...(settings.watchesBrands ? { watchedBrandIds: allShops ? null : shops } : {}) });
      setOutcome({ kind: 'saved' });
    } catch (err) {
      setOutcome({ kind: 'error', problem: apiProblem(err) });
    } finally {
      setBusy(false);
    }
  };
  const toggleShop = (id: string, on: boolean) => setShops((list) => (on ? [...new Set([...list, id])] : list.filter((s) => s !== id)));

  return (
    <form className="profile-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend>{t('profile:kinds.legend')}</legend>
        {alertKinds.map((kind) => (
          <div key={kind}>
            <label className="choice">
              <input type="checkbox" name={kind} checked={preferences[kind]} aria-describedby={`alert-${kind}-hint`} onChange={(e) => setPreferences((p) => ({ ...p, [kind]: e.target.checked }))} />
              {t(`profile:kinds.${kind}`)}
            </label>
            <p id={`alert-${kind}-hint`} className="hint">{t(`profile:kinds.${kind}Hint`)}</p>
          </div>
        ))}
      </fieldset>
      {settings.watchesBrands ? (
        <fieldset aria-describedby="shops-hint">
          <legend>{t('profile:shops.legend')}</legend>
          <p id="shops-hint" className="hint">{t('profile:shops.hint')}</p>
          <label className="choice">
            <input type="radio" name="shops" value="all" checked={allShops} onChange={() => setAllShops(true)} />
            {t('profile:shops.all')}
          </label>
          <label className="choice">
            <input type="radio" name="shops" value="some" checked={!allShops} onChange={() => setAllShops(false)} />
            {t('profile:shops.some')}
          </label>
          {!allShops ? (
            <div role="group" aria-label={t('profile:shops.legend')}>
              {settings.brands.map((b) => (
                <label key={b.id} className="choice">
                  <input type="checkbox" name={`shop-${b.slug}`} checked={shops.includes(b.id)} onChange={(e) => toggleShop(b.id, e.target.checked)} />
                  {b.name}
                </label>
              ))}
            </div>
          ) : null}
          {!allShops && !shops.length ? <p className="hint" role="note">{t('profile:shops.noneChosen')}</p> : null}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t('profile:language.legend')}</legend>
        {languages.map((lng) => (
          <label key={lng} className="choice" lang={lng}>
            <input type="radio" name="language" value={lng} checked={language === lng} onChange={() => setLanguage(lng)} />
            {t(`profile:language.${lng}`)}
          </label>
        ))}
      </fieldset>
      <div aria-live="polite">{outcome?.kind === 'saved' ? <p className="banner info" role="status">{t('profile:saved')}</p> : null}</div>
      {outcome?.kind === 'error' ? <p className="banner error-banner" role="alert">{say(t, outcome.problem)}</p> : null}
      <button type="submit" disabled={busy}>{busy ? t('profile:saving') : t('profile:save')}</button>
    </form>
  );
}
