// UI text in Japanese and English from i18n/{lang}.json. The language comes from the saved choice (localStorage),
// else the browser's languages; applying it sets <html lang> and every [data-i18n] element.

const SUPPORTED = ['ja', 'en'];
const STORAGE_KEY = 'filesearch.lang';
let strings = null;
let current = 'ja';
const listeners = [];
let resolveLoaded;
/** Resolves once the first language has loaded (for text drawn before then, such as an early error). */
export const loaded = new Promise((resolve) => {
  resolveLoaded = resolve;
});

function savedLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function detectLanguage() {
  const saved = savedLanguage();
  if (SUPPORTED.includes(saved)) return saved;
  for (const tag of navigator.languages || [navigator.language || '']) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (SUPPORTED.includes(base)) return base;
  }
  return 'ja';
}

export function language() {
  return current;
}

/** The text for a key, with {name} placeholders filled from params; the key itself when missing. */
export function t(key, params) {
  if (!strings) return ''; // not loaded yet: the text appears when it is
  const text = strings[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** Fills [data-i18n] (text) and [data-i18n-attr="attr:key;attr:key"] (attributes) under root. */
export function translate(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':').map((part) => part.trim());
      if (attribute && key) element.setAttribute(attribute, t(key));
    }
  }
  const titleKey = document.documentElement.dataset.titleKey;
  if (titleKey) document.title = `${t(titleKey)} - ${t('app.name')}`;
}

export async function setLanguage(lang, { persist = false } = {}) {
  const chosen = SUPPORTED.includes(lang) ? lang : 'ja';
  const response = await fetch(`/i18n/${chosen}.json`, { credentials: 'same-origin' });
  strings = response.ok ? await response.json() : {};
  current = chosen;
  document.documentElement.lang = chosen;
  if (persist) {
    try {
      localStorage.setItem(STORAGE_KEY, chosen);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
  translate();
  resolveLoaded();
  for (const listener of listeners) listener(chosen);
}

/** Called after every language change, for text rendered from data (counts, dates). */
export function onLanguageChange(listener) {
  listeners.push(listener);
}
