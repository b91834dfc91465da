import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { pickLanguage } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language" role="group" aria-label={t('common:language')}>
      {(['fr', 'en'] as const).map((lng) => (
        <button key={lng} type="button" className="link" aria-pressed={i18n.language === lng} onClick={() => void pickLanguage(lng)}>
          {lng === 'fr' ? 'Français' : 'English'}
        </button>
      ))}
    </div>
  );
}

/** Header, skip link and a centred main column; `wide` for the agents' screens. */
export function Layout({ children, wide = false, actions }: { children: ReactNode; wide?: boolean; actions?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip" href="#main">
        {t('common:skip')}
      </a>
      <header className="topbar">
        <div className={wide ? 'bar wide' : 'bar'}>
          <Link to="/" className="brand">
            {t('common:name')}
          </Link>
          <div className="topbar-actions">
            {actions}
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" className={wide ? 'wide' : 'narrow'} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** A labelled control with its hint and its error right below it. */
export function Field({ id, label, hint, error, required, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; required?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="needed" title={t('common:needed')}> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** aria-describedby for a control: its hint and its error, if any. */
export const describedBy = (id: string, hint?: unknown, error?: unknown) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
