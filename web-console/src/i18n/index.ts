/**
 * i18next with Vietnamese first. The language also switches zod's built-in
 * messages, so the shared schemas speak the counsellor's language in forms.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { config as zodConfig } from 'zod';
import zodVi from 'zod/v4/locales/vi.js';
import zodEn from 'zod/v4/locales/en.js';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';
import { vi } from './vi';
import { en } from './en';

export type Lang = 'vi' | 'en';
const STORAGE_KEY = 'hotline.lang';

function initialLanguage(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'vi' || saved === 'en') return saved;
  } catch {
    /* storage blocked */
  }
  return 'vi';
}

function applySideEffects(lang: Lang) {
  zodConfig(lang === 'vi' ? zodVi() : zodEn());
  dayjs.locale(lang);
  document.documentElement.lang = lang;
}

const lang = initialLanguage();
applySideEffects(lang);

void i18n.use(initReactI18next).init({
  lng: lang,
  fallbackLng: 'vi',
  resources: { vi: { translation: vi }, en: { translation: en } },
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(next: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* storage blocked */
  }
  applySideEffects(next);
  void i18n.changeLanguage(next);
}

