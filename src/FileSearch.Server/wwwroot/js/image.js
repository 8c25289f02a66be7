// Image search: choose a photo (file input) or drop it on the page; the server returns the most similar images.
import { postForm } from './api.js';
import { hitCard, initPage, showError } from './common.js';
import { onLanguageChange, t } from './i18n.js';

const fileInput = document.getElementById('image-file');
const dropZone = document.getElementById('drop-zone');
const statusLine = document.getElementById('result-status');
const results = document.getElementById('results');
const errorBox = document.getElementById('error');
const preview = document.getElementById('query-preview');
const ready = initPage();

let controller = null;
let previewUrl = null;
let lastCount = null;

function renderStatus() {
  if (lastCount === null) statusLine.textContent = '';
  else statusLine.textContent = lastCount === 0 ? t('image.noResults') : t('image.count', { count: lastCount });
}

async function search(file) {
  if (!file) return;
  await ready;
  showError(errorBox, null);
  if (!file.type.startsWith('image/')) {
    showError(errorBox, { name: 'Error' });
    statusLine.textContent = t('image.notImage');
    return;
  }
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(file);
  preview.src = previewUrl;
  preview.alt = t('image.queryAlt', { name: file.name });
  document.getElementById('query-block').hidden = false;

  controller?.abort();
  controller = new AbortController();
  const mine = controller;
  const form = new FormData();
  form.append('file', file, file.name);
  statusLine.textContent = t('image.searching');
  results.setAttribute('aria-busy', 'true');
  try {
    const response = await postForm('/api/v1/similar', form, mine.signal);
    if (mine !== controller) return;
    const hits = response?.hits || [];
    results.replaceChildren(...hits.map((hit) => hitCard(hit, '')));
    lastCount = hits.length;
    renderStatus();
  } catch (error) {
    if (error.name === 'AbortError') return;
    lastCount = null;
    statusLine.textContent = '';
    results.replaceChildren();
    showError(errorBox, error);
  } finally {
    if (mine === controller) results.removeAttribute('aria-busy');
  }
}

fileInput.addEventListener('change', () => search(fileInput.files[0]));

for (const type of ['dragenter', 'dragover']) {
  document.addEventListener(type, (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
}
for (const type of ['dragleave', 'dragend']) {
  document.addEventListener(type, (event) => {
    if (event.target === document.documentElement || event.target === dropZone) dropZone.classList.remove('dragging');
  });
}
document.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragging');
  const file = event.dataTransfer?.files?.[0];
  if (file) search(file);
});

// Pasting an image (Ctrl+V of a screenshot) searches too.
document.addEventListener('paste', (event) => {
  const file = [...(event.clipboardData?.files || [])].find((f) => f.type.startsWith('image/'));
  if (file) search(file);
});

onLanguageChange(renderStatus);
