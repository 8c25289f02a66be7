// The search page. The URL holds the whole query (q, type, path, from, to, minSize, maxSize, sort, collapse, offset): a search
// can be bookmarked, and back/forward replays it. Only the latest request's answer is drawn.
import { getJson } from './api.js';
import { el, formatNumber, formatSize, hitCard, initPage, showError } from './common.js';
import { loaded, onLanguageChange, t } from './i18n.js';
import { attachSuggestions } from './suggest.js';

const LIMIT = 20;
const KEYS = ['q', 'type', 'path', 'from', 'to', 'minSize', 'maxSize', 'sort', 'collapse', 'offset'];
const form = document.getElementById('search-form');
const input = document.getElementById('q');
const statusLine = document.getElementById('result-status');
const results = document.getElementById('results');
const facets = document.getElementById('facets');
const pager = document.getElementById('pager');
const activeFilters = document.getElementById('active-filters');
const errorBox = document.getElementById('error');
const fields = {
  from: document.getElementById('from'),
  to: document.getElementById('to'),
  minSize: document.getElementById('min-size'),
  maxSize: document.getElementById('max-size'),
  sort: document.getElementById('sort'),
  type: document.getElementById('type'),
  collapse: document.getElementById('collapse'),
};

let controller = null;
let lastResponse = null;

function readState(search = location.search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null && value !== '') state[key] = value;
  }
  return state;
}

function urlFor(state) {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = state[key];
    if (value === undefined || value === null || value === '') continue;
    if (key === 'offset' && Number(value) === 0) continue;
    if (key === 'sort' && value === 'relevance') continue;
    params.set(key, value);
  }
  const query = params.toString();
  return query ? `${location.pathname}?${query}` : location.pathname;
}

function hasQuery(state) {
  return KEYS.some((key) => key !== 'sort' && key !== 'offset' && key !== 'collapse' && state[key]);
}

const KB = 1024;

function fillForm(state) {
  input.value = state.q || '';
  fields.from.value = state.from || '';
  fields.to.value = state.to || '';
  fields.minSize.value = state.minSize ? String(Math.round(Number(state.minSize) / KB)) : '';
  fields.maxSize.value = state.maxSize ? String(Math.round(Number(state.maxSize) / KB)) : '';
  fields.sort.value = state.sort || 'relevance';
  fields.collapse.value = state.collapse || '';
  const type = state.type || '';
  if (type && ![...fields.type.options].some((option) => option.value === type)) {
    fields.type.append(new Option(type.toUpperCase(), type));
  }
  fields.type.value = type;
}

const filterPanel = document.getElementById('filter-panel');

/** The filters stay open on wide screens and whenever one is set; on a phone they fold away. */
function openFilters(state) {
  const active = ['type', 'from', 'to', 'minSize', 'maxSize', 'collapse'].some((key) => state[key]) || (state.sort && state.sort !== 'relevance');
  if (active || window.matchMedia('(min-width: 801px)').matches) filterPanel.open = true;
}

function stateFromForm() {
  const current = readState();
  const kb = (value) => (value.trim() === '' ? undefined : String(Math.round(Number(value) * KB)));
  return {
    q: input.value.trim() || undefined,
    type: fields.type.value || undefined,
    path: current.path,
    from: fields.from.value || undefined,
    to: fields.to.value || undefined,
    minSize: kb(fields.minSize.value),
    maxSize: kb(fields.maxSize.value),
    sort: fields.sort.value,
    collapse: fields.collapse.value || undefined,
  };
}

function navigate(state) {
  const url = urlFor(state);
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
  run(readState());
}

function monthRange(month) {
  const [year, mon] = month.split('-').map(Number);
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** A link that applies a change to the current query; handled without reloading the page. */
function queryLink(label, change, { current = false } = {}) {
  const state = { ...readState(), ...change, offset: undefined };
  const link = el('a', null, label);
  link.href = urlFor(state);
  if (current) link.setAttribute('aria-current', 'true');
  link.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(state);
  });
  return link;
}

function facetGroup(titleKey, values, render) {
  if (!values || values.length === 0) return null;
  const section = el('section', 'facet');
  const id = `facet-${titleKey.replace(/\W/g, '-')}`;
  const heading = el('h3', null, t(titleKey));
  heading.id = id;
  section.setAttribute('aria-labelledby', id);
  section.append(heading);
  const list = el('ul', 'facet-list');
  for (const value of values) {
    const item = el('li');
    const { label, change, current } = render(value);
    const link = queryLink(label, change, { current });
    const count = el('span', 'count', formatNumber(value.count));
    count.append(el('span', 'visually-hidden', t('facet.documents')));
    link.append(count);
    item.append(link);
    list.append(item);
  }
  section.append(list);
  return section;
}

const facetsPanel = facets.closest('.facets');

function renderFacets(response, state) {
  facets.replaceChildren();
  const data = response?.facets;
  const any = Boolean(data) && [data.types, data.months, data.folders].some((values) => values && values.length > 0);
  facetsPanel.hidden = !any;
  facetsPanel.parentElement.classList.toggle('no-facets', !any);
  if (!any) return;
  const groups = [
    facetGroup('facet.type', data.types, (v) => ({
      label: v.value.toUpperCase(),
      change: { type: state.type === v.value ? undefined : v.value },
      current: state.type === v.value,
    })),
    facetGroup('facet.month', data.months, (v) => {
      const range = monthRange(v.value);
      const current = state.from === range.from && state.to === range.to;
      return { label: v.value, change: current ? { from: undefined, to: undefined } : range, current };
    }),
    facetGroup('facet.folder', data.folders, (v) => ({
      label: v.value,
      change: { path: state.path === v.value ? undefined : v.value },
      current: state.path === v.value,
    })),
  ].filter(Boolean);
  facets.append(...groups);
}

function renderActiveFilters(state) {
  activeFilters.replaceChildren();
  const chips = [];
  if (state.type) chips.push([t('filter.type', { value: state.type.toUpperCase() }), { type: undefined }]);
  if (state.path) chips.push([t('filter.path', { value: state.path }), { path: undefined }]);
  if (state.from) chips.push([t('filter.from', { value: state.from }), { from: undefined }]);
  if (state.to) chips.push([t('filter.to', { value: state.to }), { to: undefined }]);
  if (state.minSize) chips.push([t('filter.minSize', { value: formatSize(state.minSize) }), { minSize: undefined }]);
  if (state.maxSize) chips.push([t('filter.maxSize', { value: formatSize(state.maxSize) }), { maxSize: undefined }]);
  if (chips.length === 0) {
    activeFilters.hidden = true;
    return;
  }
  activeFilters.hidden = false;
  const list = el('ul', 'chips');
  list.setAttribute('aria-label', t('filter.active'));
  for (const [label, change] of chips) {
    const item = el('li');
    const link = queryLink(label, change);
    link.className = 'chip';
    link.setAttribute('aria-label', t('filter.remove', { label }));
    link.append(el('span', 'chip-x', '×'));
    item.append(link);
    list.append(item);
  }
  activeFilters.append(list);
}

function renderPager(response) {
  pager.replaceChildren();
  const pages = Math.ceil(response.total / LIMIT);
  if (pages <= 1) {
    pager.hidden = true;
    return;
  }
  pager.hidden = false;
  const page = Math.floor(response.offset / LIMIT);
  const list = el('ul', 'pages');
  const add = (label, target, { current = false, aria } = {}) => {
    const item = el('li');
    if (target === null) {
      item.append(el('span', 'page-gap', label));
    } else {
      const state = { ...readState(), offset: String(target * LIMIT) };
      const fresh = el('a', null, label);
      fresh.href = urlFor(state);
      if (aria) fresh.setAttribute('aria-label', aria);
      if (current) fresh.setAttribute('aria-current', 'page');
      fresh.addEventListener('click', (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(state);
        document.getElementById('results-heading').scrollIntoView();
      });
      item.append(fresh);
    }
    list.append(item);
  };
  if (page > 0) add(t('pager.previous'), page - 1);
  const first = Math.max(0, page - 2);
  const last = Math.min(pages - 1, page + 2);
  if (first > 0) add('1', 0, { aria: t('pager.page', { page: 1 }) });
  if (first > 1) add('…', null);
  for (let p = first; p <= last; p += 1) {
    add(String(p + 1), p, { current: p === page, aria: t('pager.page', { page: p + 1 }) });
  }
  if (last < pages - 2) add('…', null);
  if (last < pages - 1) add(String(pages), pages - 1, { aria: t('pager.page', { page: pages }) });
  if (page < pages - 1) add(t('pager.next'), page + 1);
  pager.append(list);
}

function renderStatus(response) {
  if (!response) {
    statusLine.textContent = t('search.prompt');
    return;
  }
  const from = response.total === 0 ? 0 : response.offset + 1;
  const to = response.offset + response.hits.length;
  statusLine.textContent =
    response.total === 0
      ? t('search.noResults')
      : t('search.count', {
          total: formatNumber(response.total),
          from: formatNumber(from),
          to: formatNumber(to),
          ms: Number(response.tookMs ?? 0).toFixed(1),
        });
}

function render(response, state) {
  lastResponse = response;
  renderStatus(response);
  renderActiveFilters(state);
  results.replaceChildren(...response.hits.map((hit) => hitCard(hit, state.q)));
  renderFacets(response, state);
  renderPager(response);
}

async function run(state) {
  fillForm(state);
  controller?.abort();
  showError(errorBox, null);
  if (!hasQuery(state)) {
    lastResponse = null;
    controller = null;
    results.replaceChildren();
    renderFacets(null, state);
    pager.hidden = true;
    renderActiveFilters(state);
    renderStatus(null);
    document.body.classList.remove('has-results');
    return;
  }
  controller = new AbortController();
  const mine = controller;
  results.setAttribute('aria-busy', 'true');
  statusLine.textContent = t('search.searching');
  try {
    const response = await getJson(
      '/api/v1/search',
      { ...state, sort: state.sort || 'relevance', offset: state.offset || 0, limit: LIMIT, facets: true },
      mine.signal,
    );
    if (mine !== controller) return;
    document.body.classList.add('has-results');
    render(response, state);
  } catch (error) {
    if (error.name === 'AbortError') return;
    await loaded;
    if (mine !== controller) return;
    statusLine.textContent = '';
    results.replaceChildren();
    renderFacets(null, state);
    showError(errorBox, error);
  } finally {
    if (mine === controller) results.removeAttribute('aria-busy');
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  suggestions.close();
  navigate(stateFromForm());
});
fields.sort.addEventListener('change', () => navigate(stateFromForm()));
fields.type.addEventListener('change', () => navigate(stateFromForm()));
fields.collapse.addEventListener('change', () => navigate(stateFromForm()));
document.getElementById('clear-filters').addEventListener('click', () => {
  navigate({ q: input.value.trim() || undefined, sort: fields.sort.value, collapse: fields.collapse.value || undefined });
});
window.addEventListener('popstate', () => run(readState()));

const suggestions = attachSuggestions(input, document.getElementById('suggestions'), () => {
  navigate(stateFromForm());
});

onLanguageChange(() => {
  if (lastResponse) render(lastResponse, readState());
  else renderStatus(null);
});

const state = readState();
fillForm(state);
openFilters(state);
// The query starts at once; the UI text loads beside it.
run(state);
initPage().then(() => {
  if (lastResponse || !hasQuery(state)) renderStatus(lastResponse);
  else if (results.getAttribute('aria-busy') === 'true') statusLine.textContent = t('search.searching');
});
if (!state.q) input.focus();
