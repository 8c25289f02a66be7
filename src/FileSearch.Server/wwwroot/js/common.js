// What every page shares: the language switch, the admin link, formatting, highlighted text and error messages.
import { ApiError, getAntiforgery, getJson, getMe } from './api.js';
import { detectLanguage, language, onLanguageChange, setLanguage, t } from './i18n.js';

/** Loads the UI language, wires the switch and shows the admin link to admins. Resolves when the text is in place. */
export async function initPage() {
  const switcher = document.getElementById('lang-switch');
  if (switcher) {
    switcher.addEventListener('change', () => setLanguage(switcher.value, { persist: true }));
    onLanguageChange((lang) => {
      switcher.value = lang;
    });
  }
  const ready = setLanguage(detectLanguage());
  getMe().then((me) => {
    const admin = document.getElementById('nav-admin');
    if (admin && me && me.isAdmin) admin.hidden = false;
    const user = document.getElementById('user-name');
    if (user && me && me.user) user.textContent = me.user;
    if (me && me.authentication === 'oidc') showSignOut();
  });
  await ready;
}

/** Signed in through the identity provider (a cookie): a sign-out button, a form post carrying the antiforgery token. */
async function showSignOut() {
  const form = document.getElementById('signout');
  const field = document.getElementById('signout-token');
  if (!form || !field) return;
  try {
    const { token, formFieldName } = await getAntiforgery();
    field.name = formFieldName || field.name;
    field.value = token;
    form.hidden = false;
  } catch {
    form.hidden = true;
  }
}

export function formatSize(bytes) {
  if (bytes === null || bytes === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(language(), { maximumFractionDigits: digits })} ${units[unit]}`;
}

export function formatDate(iso, withTime = false) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const ja = language() === 'ja';
  const options = { year: 'numeric', month: ja ? '2-digit' : 'short', day: ja ? '2-digit' : 'numeric' };
  if (withTime) Object.assign(options, { hour: '2-digit', minute: '2-digit' });
  return date.toLocaleString(ja ? 'ja-JP' : 'en-GB', options);
}

export function formatNumber(value) {
  return Number(value ?? 0).toLocaleString(language());
}

/**
 * Text with highlighted ranges as DOM nodes: text nodes and <mark> elements (never HTML from the server).
 * Ranges are UTF-16 offsets ({start, length}); overlapping or out-of-range ones are clipped.
 */
export function highlightedText(text, highlights) {
  const fragment = document.createDocumentFragment();
  const source = text || '';
  const ranges = (highlights || [])
    .filter((range) => Number.isInteger(range.start) && Number.isInteger(range.length) && range.length > 0)
    .slice()
    .sort((a, b) => a.start - b.start);
  let position = 0;
  for (const range of ranges) {
    const start = Math.max(range.start, position);
    const end = Math.min(range.start + range.length, source.length);
    if (start >= end) continue;
    if (start > position) fragment.append(document.createTextNode(source.slice(position, start)));
    const mark = document.createElement('mark');
    mark.textContent = source.slice(start, end);
    fragment.append(mark);
    position = end;
  }
  if (position < source.length) fragment.append(document.createTextNode(source.slice(position)));
  return fragment;
}

/** An element with a class and text, the small building block of the pages. */
export function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined && text !== null) element.textContent = String(text);
  return element;
}

/** Shows an API error (problem details) politely in the given container; clears it when error is null. */
export function showError(container, error) {
  if (!container) return;
  container.replaceChildren();
  if (!error) {
    container.hidden = true;
    return;
  }
  if (error.name === 'AbortError') return;
  container.hidden = false;
  let title;
  let detail = '';
  if (error instanceof ApiError) {
    if (error.status === 0) title = t('error.network');
    else if (error.status === 401 || error.status === 403) title = t('error.forbidden');
    else if (error.status === 404) title = t('error.notFound');
    else if (error.status >= 500) title = t('error.server');
    else title = t('error.request');
    detail = error.detail || (error.status >= 400 && error.status < 500 ? error.title : '');
  } else {
    title = t('error.unexpected');
  }
  container.append(el('p', 'error-title', title));
  if (detail) container.append(el('p', 'error-detail', detail));
  const fields = error instanceof ApiError ? Object.entries(error.errors || {}) : [];
  if (fields.length > 0) {
    const list = el('ul', 'error-fields');
    for (const [field, messages] of fields) {
      for (const message of [].concat(messages)) list.append(el('li', null, `${field}: ${message}`));
    }
    container.append(list);
  }
}

/** Copies text to the clipboard; falls back to selecting it in a hidden field. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    area.remove();
    return copied;
  }
}

/** The folder holding a hit, as the NAS (UNC) path when the server knows it, else the indexed path. */
function folderOf(hit) {
  const full = hit.uncPath || hit.path || '';
  const separator = hit.uncPath ? '\\' : '/';
  const cut = full.lastIndexOf(separator);
  return cut > 0 ? full.slice(0, cut) : full;
}

/** A result card for a hit (search and similar images): thumbnail, name, folder, type, date, size, snippet. */
/** The files a collapsed hit stands for ("3 other copies"), listed when opened. */
function hitGroup(hit, query) {
  const { kind, others, ids, latestId } = hit.group;
  const details = el('details', 'hit-group');
  const label = t(`hit.${kind === 'copies' ? 'copies' : 'versions'}.${others === 1 ? 'one' : 'other'}`, { count: formatNumber(others) });
  const summary = el('summary', null, label);
  details.append(summary);
  if (latestId && latestId === hit.id) summary.append(' ', el('span', 'badge badge-latest', t('hit.latest')));
  const list = el('ul', 'hit-group-list');
  details.append(list);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    list.replaceChildren(el('li', null, t('hit.groupLoading')));
    const documents = await Promise.all(ids.slice(0, 50).map((id) =>
      getJson(`/api/v1/documents/${encodeURIComponent(id)}`).catch(() => null)));
    list.replaceChildren(...documents.filter(Boolean).map((doc) => {
      const item = el('li');
      const link = el('a', null, doc.path || doc.name);
      link.href = `/document.html?id=${encodeURIComponent(doc.id)}${query ? `&q=${encodeURIComponent(query)}` : ''}`;
      item.append(link);
      if (doc.modified) {
        const time = el('time', null, formatDate(doc.modified));
        time.dateTime = doc.modified;
        item.append(' ', time);
      }
      if (doc.id === latestId) item.append(' ', el('span', 'badge badge-latest', t('hit.latest')));
      return item;
    }));
  });
  return details;
}

export function hitCard(hit, query, { compact = false } = {}) {
  const item = el('li', compact ? 'hit hit-compact' : 'hit');
  const article = el('article', 'hit-body');
  const href = `/document.html?id=${encodeURIComponent(hit.id)}${query ? `&q=${encodeURIComponent(query)}` : ''}`;
  const thumbLink = el('a', 'hit-thumb');
  thumbLink.href = href;
  thumbLink.tabIndex = -1;
  thumbLink.setAttribute('aria-hidden', 'true');
  if (hit.thumbnailUrl) {
    const img = document.createElement('img');
    img.src = hit.thumbnailUrl;
    img.alt = '';
    img.loading = 'lazy';
    img.decoding = 'async';
    img.width = 128;
    img.height = 128;
    // No card from the server (placeholders off, or the preview is gone): the type label instead of a broken image.
    img.addEventListener('error', () => img.replaceWith(el('span', 'thumb-placeholder', (hit.type || '?').toUpperCase())), { once: true });
    thumbLink.append(img);
  } else {
    thumbLink.append(el('span', 'thumb-placeholder', (hit.type || '?').toUpperCase()));
  }
  article.append(thumbLink);
  const main = el('div', 'hit-main');
  const heading = el('h3', 'hit-name');
  const link = el('a', null, hit.name);
  link.href = href;
  heading.append(link);
  main.append(heading);
  if (!compact) {
    main.append(el('p', 'hit-path', folderOf(hit)));
    const meta = el('p', 'hit-meta');
    meta.append(el('span', 'badge', (hit.type || '').toUpperCase()));
    if (hit.modified) {
      const time = el('time', null, formatDate(hit.modified));
      time.dateTime = hit.modified;
      meta.append(time);
    }
    if (hit.size !== null && hit.size !== undefined) meta.append(el('span', null, formatSize(hit.size)));
    main.append(meta);
    if (hit.snippet && hit.snippet.text) {
      const snippet = el('p', 'hit-snippet');
      snippet.append(highlightedText(hit.snippet.text, hit.snippet.highlights));
      main.append(snippet);
    }
    if (hit.group && hit.group.others > 0) main.append(hitGroup(hit, query));
  }
  article.append(main);
  item.append(article);
  return item;
}
