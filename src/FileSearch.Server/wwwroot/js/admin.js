// The admin page: documents by status, queue depth, throughput of the last hour (an SVG drawn here), dead-lettered
// files with redrive (one or all) and recent failures. Shown to admins only (GET /api/v1/me).
import { getJson, getMe, postJson } from './api.js';
import { el, formatDate, formatNumber, initPage, showError } from './common.js';
import { onLanguageChange, t } from './i18n.js';

const errorBox = document.getElementById('error');
const adminStatus = document.getElementById('admin-status');
const SVG = 'http://www.w3.org/2000/svg';
let data = { status: null, dlq: null, failures: null };

function kvRows(entries) {
  return entries.map(([label, value]) => {
    const row = el('tr');
    const head = el('th', null, label);
    head.scope = 'row';
    row.append(head, el('td', 'num', formatNumber(value)));
    return row;
  });
}

function statusLabel(key) {
  const label = t(`status.${key}`);
  return label === `status.${key}` ? key : label;
}

function svgEl(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function timeLabel(iso) {
  const date = new Date(iso);
  return date.toLocaleTimeString(document.documentElement.lang === 'ja' ? 'ja-JP' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** A bar chart of indexed documents per minute, in an SVG with a text alternative. */
function renderChart(series) {
  const container = document.getElementById('chart');
  const points = series || [];
  const total = points.reduce((sum, point) => sum + (point.indexed || 0), 0);
  const max = Math.max(1, ...points.map((point) => point.indexed || 0));
  const width = 720;
  const height = 220;
  const margin = { top: 12, right: 12, bottom: 28, left: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart-svg', preserveAspectRatio: 'xMidYMid meet' });
  const description = t('admin.chartDescription', { total: formatNumber(total), max: formatNumber(max) });
  svg.append(svgEl('title', {}, description));
  const ticks = [0, Math.ceil(max / 2), max].filter((v, i, all) => all.indexOf(v) === i);
  for (const tick of ticks) {
    const y = margin.top + plotH - (tick / max) * plotH;
    svg.append(svgEl('line', { x1: margin.left, x2: width - margin.right, y1: y, y2: y, class: 'grid' }));
    svg.append(svgEl('text', { x: margin.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, formatNumber(tick)));
  }
  const step = points.length > 0 ? plotW / points.length : plotW;
  points.forEach((point, index) => {
    const value = point.indexed || 0;
    const barH = (value / max) * plotH;
    const x = margin.left + index * step;
    const bar = svgEl('rect', { x: x + step * 0.1, y: margin.top + plotH - barH, width: Math.max(1, step * 0.8), height: barH, class: 'bar' });
    bar.append(svgEl('title', {}, `${timeLabel(point.at)}: ${formatNumber(value)}`));
    svg.append(bar);
    if (index % 10 === 0 || index === points.length - 1) {
      svg.append(svgEl('text', { x: x + step / 2, y: height - 8, 'text-anchor': 'middle', class: 'axis' }, timeLabel(point.at)));
    }
  });
  svg.append(svgEl('line', { x1: margin.left, x2: width - margin.right, y1: margin.top + plotH, y2: margin.top + plotH, class: 'baseline' }));
  container.replaceChildren(svg);
  document.getElementById('chart-caption').textContent = description;
}

function renderStatus() {
  const status = data.status;
  if (!status) return;
  const docs = Object.entries(status.documents || {}).map(([key, value]) => [statusLabel(key), value]);
  docs.push([t('admin.indexDocuments'), status.indexDocuments]);
  document.getElementById('doc-status').replaceChildren(...kvRows(docs));
  const queue = status.queue || {};
  const queueRows = kvRows([
    [t('admin.visible'), queue.visible],
    [t('admin.inFlight'), queue.inFlight],
    [t('admin.deadLettered'), queue.deadLettered],
  ]);
  if (queue.oldestVisibleAgeSeconds !== null && queue.oldestVisibleAgeSeconds !== undefined) {
    const row = el('tr');
    const head = el('th', null, t('admin.oldest'));
    head.scope = 'row';
    row.append(head, el('td', 'num', t('admin.seconds', { value: formatNumber(Math.round(queue.oldestVisibleAgeSeconds)) })));
    queueRows.push(row);
  }
  document.getElementById('queue').replaceChildren(...queueRows);
  const problem = document.getElementById('index-problem');
  problem.hidden = !status.indexProblem;
  problem.textContent = status.indexProblem ? t('admin.indexProblem', { problem: status.indexProblem }) : '';
  renderChart(status.throughput);
}

async function redrive(messageId, button) {
  button.disabled = true;
  showError(errorBox, null);
  try {
    const result = await postJson('/api/v1/dlq/redrive', messageId ? { messageId } : {});
    adminStatus.textContent = t('admin.redriven', { count: result?.redriven ?? 0 });
    await refresh();
  } catch (error) {
    showError(errorBox, error);
  } finally {
    button.disabled = false;
  }
}

function renderDlq() {
  const items = data.dlq?.items || [];
  const rows = items.map((item) => {
    const row = el('tr');
    const file = el('td', 'path-cell', item.path || item.key || item.messageId);
    const reason = el('td', null, item.reason || '');
    const receives = el('td', 'num', formatNumber(item.receiveCount));
    const at = el('td', 'nowrap', formatDate(item.deadLetteredAt, true));
    const actions = el('td');
    const button = el('button', 'small', t('admin.redrive'));
    button.type = 'button';
    button.setAttribute('aria-label', t('admin.redriveOne', { name: item.path || item.key || item.messageId }));
    button.addEventListener('click', () => redrive(item.messageId, button));
    actions.append(button);
    row.append(file, reason, receives, at, actions);
    return row;
  });
  document.getElementById('dlq').replaceChildren(...rows);
  document.getElementById('dlq-empty').hidden = items.length > 0;
  document.getElementById('redrive-all').disabled = items.length === 0;
  document.querySelector('.table-scroll').hidden = items.length === 0;
}

function renderFailures() {
  const items = data.failures?.items || [];
  const list = items.map((item) => {
    const entry = el('li');
    const link = el('a', null, item.name || item.path);
    link.href = `/document.html?id=${encodeURIComponent(item.id)}`;
    entry.append(link, el('span', 'failure-reason', item.reason || ''));
    const time = el('time', 'muted', formatDate(item.at, true));
    time.dateTime = item.at || '';
    entry.append(time);
    return entry;
  });
  document.getElementById('failures').replaceChildren(...list);
  document.getElementById('failures-empty').hidden = items.length > 0;
}

async function refresh() {
  const [status, dlq, failures] = await Promise.allSettled([
    getJson('/api/v1/status'),
    getJson('/api/v1/dlq', { limit: 100 }),
    getJson('/api/v1/failures', { limit: 20 }),
  ]);
  const failed = [status, dlq, failures].find((result) => result.status === 'rejected');
  showError(errorBox, failed ? failed.reason : null);
  if (status.status === 'fulfilled') data.status = status.value;
  if (dlq.status === 'fulfilled') data.dlq = dlq.value;
  if (failures.status === 'fulfilled') data.failures = failures.value;
  renderAll();
}

function renderAll() {
  renderStatus();
  renderDlq();
  renderFailures();
}

async function start() {
  const ready = initPage();
  const [me] = await Promise.all([getMe(), ready]);
  if (!me || !me.isAdmin) {
    document.getElementById('not-admin').hidden = false;
    return;
  }
  document.getElementById('admin').hidden = false;
  document.getElementById('refresh').addEventListener('click', () => refresh());
  document.getElementById('redrive-all').addEventListener('click', (event) => redrive(null, event.currentTarget));
  document.getElementById('reindex').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    if (!window.confirm(t('admin.reindexConfirm'))) return;
    button.disabled = true;
    try {
      await postJson('/api/v1/reindex', {});
      adminStatus.textContent = t('admin.reindexStarted');
    } catch (error) {
      showError(errorBox, error);
    } finally {
      button.disabled = false;
    }
  });
  onLanguageChange(renderAll);
  // Kept current while the page is in view: the queue and the chart move on their own.
  setInterval(() => {
    if (document.visibilityState === 'visible') refresh();
  }, 30000);
  await refresh();
}

start();
