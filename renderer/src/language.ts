/** The UI language, remembered per browser profile (or Electron window). */
export type Language = 'en' | 'ar';

const STORAGE_KEY = 'hashiya.language';

export function loadLanguage(): Language {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'ar' ? 'ar' : 'en';
  } catch {
    return 'en';
  }
}

export function saveLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Private windows may refuse storage: the choice then lasts for this session only.
  }
}
