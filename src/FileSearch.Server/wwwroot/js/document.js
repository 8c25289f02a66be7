// The document page (document.html?id=...&q=...): preview, metadata, extracted text with the matches highlighted
// and next/previous match buttons, OCR pages, the original, the NAS path and, for images, similar images.
import { ApiError, getJson } from './api.js';
import { copyText, el, formatDate, formatNumber, formatSize, highlightedText, hitCard, initPage, showError } from './common.js';
import { onLanguageChange, t } from './i18n.js';

const TEXT_CHUNK = 20000;
const params = new URLSearchParams(location.search);
const id = params.get('id');
const query = params.get('q') || '';
const errorBox = document.getElementById('error');
const textBox = document.getElementById('text');
const moreButton = document.getElementById('more-text');
const matchNav = document.getElementById('match-nav');
const matchStatus = document.getElementById('match-status');

let doc = null;
let textLoaded = 0;
let textTotal = 0;
let currentMatch = -1;

function metaRow(labelKey, value) {
  if (value === null || value === undefined || value === '') return null;
  const row = el('tr');
  row.append(el('th', null, t(labelKey)));
  row.firstChild.scope = 'row';
  const cell = el('td');
  if (value instanceof Node) cell.append(value);
  else cell.textContent = String(value);
  row.append(cell);
  return row;
}

function statusLabel(status) {
  const label = t(`status.${status}`);
  return label === `status.${status}` ? status : label;
}

function renderMeta() {
  const rows = [
    metaRow('meta.name', doc.name),
    metaRow('meta.path', doc.path),
    metaRow('meta.type', doc.type ? `${doc.type.toUpperCase()}${doc.mimeType ? ` (${doc.mimeType})` : ''}` : ''),
    metaRow('meta.size', doc.size !== null && doc.size !== undefined ? `${formatSize(doc.size)} (${formatNumber(doc.size)} B)` : ''),
    metaRow('meta.modified', formatDate(doc.modified, true)),
    metaRow('meta.indexedAt', formatDate(doc.indexedAt, true)),
    metaRow('meta.status', statusLabel(doc.status)),
    metaRow('meta.failureReason', doc.failureReason),
    metaRow('meta.pages', doc.pageCount ? formatNumber(doc.pageCount) : ''),
    metaRow('meta.textLength', doc.textLength !== undefined && doc.textLength !== null
      ? (doc.truncated
        ? t('meta.truncatedOf', { stored: formatNumber(doc.storedTextLength), extracted: formatNumber(doc.textLength) })
        : formatNumber(doc.textLength))
      : ''),
    metaRow('meta.extraction', doc.extractionMethod),
  ].filter(Boolean);
  document.getElementById('meta').replaceChildren(...rows);
}

function renderOcr() {
  const section = document.getElementById('ocr-section');
  if (!doc.ocr) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const pictureOnly = doc.ocr.noText > 0 && doc.ocr.noText === (doc.ocr.pages || []).length;
  document.getElementById('ocr-summary').textContent = pictureOnly
    ? t('doc.ocrNoText')
    : t('doc.ocrSummary', { confidence: Number(doc.ocr.confidence ?? 0).toFixed(1) });
  const rows = (doc.ocr.pages || []).map((page) => {
    const row = el('tr');
    const weak = page.weak === true || (page.status !== 'ok' && page.status !== 'no-text');
    if (weak) row.className = 'weak';
    row.append(el('td', null, formatNumber(page.page)));
    row.append(el('td', null, page.confidence === null || page.confidence === undefined ? '-' : `${Number(page.confidence).toFixed(1)}%`));
    const status = el('td');
    const label = t(`ocr.${page.status}`) === `ocr.${page.status}` ? page.status : t(`ocr.${page.status}`);
    if (weak) status.append(el('span', 'badge badge-warn', '⚠'), document.createTextNode(' '));
    status.append(document.createTextNode(label));
    row.append(status);
    return row;
  });
  document.getElementById('ocr-pages').replaceChildren(...rows);
}

// A member or attachment: the file holding it (a link to its own page), then its path inside it.
function renderChain() {
  const chain = document.getElementById('doc-chain');
  if (!doc.parentId) {
    chain.hidden = true;
    return;
  }
  const link = el('a', null, doc.parentName);
  link.id = 'parent-link';
  link.href = `/document.html?id=${encodeURIComponent(doc.parentId)}${query ? `&q=${encodeURIComponent(query)}` : ''}`;
  chain.replaceChildren(document.createTextNode(`${t('doc.inside')} `), link, document.createTextNode(` › ${doc.memberPath}`));
  chain.hidden = false;
}

function downloadName() {
  if (!doc.memberPath) return doc.name;
  const last = doc.memberPath.split(' › ').pop();
  return last.slice(last.lastIndexOf('/') + 1);
}

function renderDocument() {
  document.getElementById('doc-title').textContent = doc.name;
  document.title = `${doc.name} - ${t('app.name')}`;
  renderChain();
  renderMeta();
  renderOcr();
}

function marks() {
  return textBox.querySelectorAll('mark');
}

function updateMatchStatus() {
  const count = marks().length;
  matchNav.hidden = count === 0;
  matchStatus.textContent = count === 0 ? '' : t('doc.matchStatus', { current: currentMatch + 1, count });
}

function goToMatch(delta) {
  const all = marks();
  if (all.length === 0) return;
  all[currentMatch]?.classList.remove('current');
  currentMatch = currentMatch < 0 ? (delta > 0 ? 0 : all.length - 1) : (currentMatch + delta + all.length) % all.length;
  const mark = all[currentMatch];
  mark.classList.add('current');
  mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
  updateMatchStatus();
}

/** The words of the query to find in the text: phrases whole, operators and NOT terms left out, prefixes as typed. */
function queryTerms(text) {
  const terms = [];
  const pattern = /(NOT\s+|-)?("([^"]+)"|\S+)/gu;
  for (const match of text.matchAll(pattern)) {
    if (match[1]) continue;
    const term = (match[3] ?? match[2]).replace(/\*+$/u, '').trim();
    if (term && !['AND', 'OR', 'NOT'].includes(term)) terms.push(term.toLowerCase());
  }
  return terms;
}

/** Ranges of the query's words in the text, when the server cannot highlight (exact, case-insensitive matches). */
function localHighlights(text, terms) {
  const lower = text.toLowerCase();
  const ranges = [];
  for (const term of terms) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) {
      ranges.push({ start: at, length: term.length });
    }
  }
  return ranges;
}

let serverHighlights = true;

async function fetchText() {
  const path = `/api/v1/documents/${encodeURIComponent(id)}/text`;
  if (query && serverHighlights) {
    try {
      return await getJson(path, { q: query, offset: textLoaded, length: TEXT_CHUNK });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) throw error;
      serverHighlights = false; // the server cannot highlight: the matches are found here instead
    }
  }
  const chunk = await getJson(path, { offset: textLoaded, length: TEXT_CHUNK });
  return query ? { ...chunk, highlights: localHighlights(chunk.text, queryTerms(query)) } : chunk;
}

async function loadText() {
  moreButton.disabled = true;
  try {
    const chunk = await fetchText();
    if (textLoaded === 0 && !chunk.text) {
      await ready;
      textBox.append(el('p', 'muted', t('doc.noText')));
    }
    textBox.append(highlightedText(chunk.text, chunk.highlights));
    textLoaded = chunk.offset + chunk.text.length;
    textTotal = chunk.totalLength;
    moreButton.hidden = textLoaded >= textTotal || chunk.text.length === 0;
    updateMatchStatus();
  } catch (error) {
    await ready;
    showError(errorBox, error);
  } finally {
    moreButton.disabled = false;
  }
}

async function loadSimilar() {
  const section = document.getElementById('similar-section');
  try {
    const response = await getJson(`/api/v1/documents/${encodeURIComponent(id)}/similar`, { limit: 12 });
    const hits = (response?.hits || []).filter((hit) => hit.id !== id);
    if (hits.length === 0) return;
    document.getElementById('similar').replaceChildren(...hits.map((hit) => hitCard(hit, '', { compact: true })));
    section.hidden = false;
  } catch {
    // similar images are extra: the page works without them
  }
}

function setUpUnc() {
  const block = document.getElementById('unc-block');
  if (!doc.uncPath) return;
  block.hidden = false;
  const field = document.getElementById('unc-path');
  field.value = doc.uncPath;
  field.addEventListener('focus', () => field.select());
  document.getElementById('copy-unc').addEventListener('click', async () => {
    const copied = await copyText(doc.uncPath);
    document.getElementById('copy-status').textContent = copied ? t('doc.copied') : t('doc.copyFailed');
  });
}

async function load() {
  if (!id) {
    await ready;
    showError(errorBox, { name: 'Error' });
    return;
  }
  // Document, text and similar images are requested together.
  const documentRequest = getJson(`/api/v1/documents/${encodeURIComponent(id)}`);
  const textRequest = loadText();
  try {
    doc = await documentRequest;
  } catch (error) {
    await ready;
    showError(errorBox, error);
    return;
  }
  await ready;
  document.getElementById('document').hidden = false;
  const preview = document.getElementById('preview');
  if (doc.previewUrl || doc.thumbnailUrl) {
    preview.src = doc.previewUrl || doc.thumbnailUrl;
    preview.alt = t('doc.previewAlt', { name: doc.name });
    preview.hidden = false;
  }
  const download = document.getElementById('download');
  download.href = doc.contentUrl;
  download.setAttribute('download', downloadName());
  setUpUnc();
  renderDocument();
  if (doc.isImage) loadSimilar();
  await textRequest;
}

if (query) {
  const back = document.getElementById('back-link');
  back.href = `/?q=${encodeURIComponent(query)}`;
}
document.getElementById('next-match').addEventListener('click', () => goToMatch(1));
document.getElementById('prev-match').addEventListener('click', () => goToMatch(-1));
moreButton.addEventListener('click', loadText);
onLanguageChange(() => {
  if (doc) {
    renderDocument();
    document.getElementById('preview').alt = t('doc.previewAlt', { name: doc.name });
  }
  updateMatchStatus();
});

const ready = initPage();
load();
