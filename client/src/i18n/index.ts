import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as common from './common';
import * as errors from './errors';
import * as report from './report';
import * as status from './status';

/**
 * Translations by namespace, one file per feature, each with `fr` and `en` where `en` is
 * typed `typeof fr`: a key missing or extra in one language is a compile error.
 *
 * The customer's namespaces are bundled with the app; the agents' and managers' ones are
 * imported by their lazy pages and added here when those load (`addNamespaces`), so a
 * customer on a phone never downloads them.
 */
export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];
export interface Bundle<T extends object = object> {
  fr: T;
  en: T;
}

const LANGUAGE_KEY = 'guichet.language';
const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(LANGUAGE_KEY) : null;

void i18n.use(initReactI18next).init({
  resources: {
    fr: { common: common.fr, errors: errors.fr, report: report.fr, status: status.fr },
    en: { common: common.en, errors: errors.en, report: report.en, status: status.en },
  },
  ns: ['common', 'errors', 'report', 'status'],
  defaultNS: 'common',
  lng: stored === 'en' || stored === 'fr' ? stored : 'fr',
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
  returnObjects: true,
});

/** Adds the namespaces a lazy page brings; adding one twice is harmless. */
export function addNamespaces(bundles: Record<string, Bundle>): void {
  for (const [ns, bundle] of Object.entries(bundles)) {
    if (i18n.hasResourceBundle('fr', ns)) continue;
    for (const lng of languages) i18n.addResourceBundle(lng, ns, bundle[lng]);
  }
}

/** Whether the reader chose a language (the switch): else a shop's form may speak its own default. */
export const languagePicked = () => {
  const value = localStorage.getItem(LANGUAGE_KEY);
  return value === 'fr' || value === 'en';
};

/** The reader's own choice of language: kept for their next visits. */
export function pickLanguage(lng: Language): Promise<unknown> {
  localStorage.setItem(LANGUAGE_KEY, lng);
  return i18n.changeLanguage(lng);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

export default i18n;
