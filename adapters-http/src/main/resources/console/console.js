// Sluice console: plain JavaScript over Sluice's JSON API and the live stream (GET /v1/live).
// The read key lives in sessionStorage and travels in the Authorization header only, never in a URL.
'use strict';

const KEY = 'sluice.readKey';
const REPLAY_KEY = 'sluice.replayKey';
const MAX_ROWS = 500;
const COLORS = ['#0b5cad', '#d1495b', '#1a7f37', '#8a5a00', '#6e40c9', '#00798c', '#c2185b', '#5b6470'];
const $ = (selector, root = document) => root.querySelector(selector);

const state = { view: null, live: null, pipeTimer: null, charts: {}, selectedDeadLetter: null };

// ---- API -------------------------------------------------------------------------------------

// X-Requested-With marks the call as a script's: Sluice then answers a wrong key with a Bearer
// challenge, not a Basic one, which would open the browser's own sign-in prompt over the page.
function headers(key = sessionStorage.getItem(KEY)) {
  return { Authorization: 'Bearer ' + key, Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
}

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : 'HTTP ' + status);
    this.status = status;
    this.body = body;
  }
}

async function api(path, options = {}) {
  const response = await fetch(path, { cache: 'no-store', ...options, headers: { ...headers(options.key), ...(options.headers || {}) } });
  let body = null;
  const text = await response.text();
  if (text) {
    try { body = JSON.parse(text); } catch (notJson) { body = { message: text }; }
  }
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

function describe(error) {
  if (error instanceof ApiError) {
    const code = error.body && error.body.error ? ' (' + error.body.error + ')' : '';
    return 'HTTP ' + error.status + code + ': ' + error.message;
  }
  return String(error && error.message ? error.message : error);
}

// ---- small DOM helpers -----------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

function pretty(value) {
  return JSON.stringify(value, null, 2);
}

function isoFromLocal(value) {
  return value ? new Date(value).toISOString() : '';
}

function selectableRow(row, onSelect) {
  row.tabIndex = 0;
  row.addEventListener('click', () => onSelect(row));
  row.addEventListener('keydown', event => {
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); onSelect(row); }
    if (event.key === 'ArrowDown' && row.nextElementSibling) { event.preventDefault(); row.nextElementSibling.focus(); }
    if (event.key === 'ArrowUp' && row.previousElementSibling) { event.preventDefault(); row.previousElementSibling.focus(); }
  });
}

function markSelected(row) {
  for (const other of row.parentElement.querySelectorAll('tr[aria-selected="true"]')) other.setAttribute('aria-selected', 'false');
  row.setAttribute('aria-selected', 'true');
}

// ---- sign-in and navigation --------------------------------------------------------------------

async function signIn(event) {
  event.preventDefault();
  const key = $('#key-input').value.trim();
  $('#login-error').textContent = '';
  try {
    await api('/v1/stats', { key });
    sessionStorage.setItem(KEY, key);
    $('#key-input').value = '';
    start();
  } catch (error) {
    $('#login-error').textContent = error instanceof ApiError && error.status === 401
      ? 'This key is not a read key.' : 'Sign-in failed: ' + describe(error);
  }
}

function signOut() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(REPLAY_KEY);
  leaveView();
  location.hash = '';
  showLogin();
}

function showLogin() {
  for (const view of document.querySelectorAll('.view')) view.hidden = true;
  $('#nav').hidden = true;
  $('#sign-out').hidden = true;
  $('#login').hidden = false;
  $('#key-input').focus();
}

function start() {
  $('#login').hidden = true;
  $('#nav').hidden = false;
  $('#sign-out').hidden = false;
  route();
}

const VIEWS = {
  'live': { enter: enterLive, leave: leaveLive },
  'dead-letters': { enter: loadDeadLetters },
  'aggregates': { enter: loadAggregates },
  'metrics': { enter: loadMetrics },
  'pipeline': { enter: enterPipeline, leave: leavePipeline },
};

function leaveView() {
  const current = VIEWS[state.view];
  if (current && current.leave) current.leave();
  state.view = null;
}

function route() {
  if (!sessionStorage.getItem(KEY)) { showLogin(); return; }
  const name = VIEWS[location.hash.slice(1)] ? location.hash.slice(1) : 'live';
  if (name === state.view) return;
  leaveView();
  state.view = name;
  for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== 'view-' + name;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  VIEWS[name].enter();
}

// ---- Live ----------------------------------------------------------------------------------------

function liveQuery() {
  const form = $('#live-filter');
  const params = new URLSearchParams();
  for (const name of ['type', 'user', 'source', 'status']) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  const query = params.toString();
  return '/v1/live' + (query ? '?' + query : '');
}

function enterLive() {
  leaveLive();
  const live = { controller: new AbortController(), paused: false, held: [], count: 0, skipped: 0 };
  state.live = live;
  connect(live);
}

function leaveLive() {
  if (state.live) {
    state.live.controller.abort();
    state.live = null;
  }
}

function liveStatus(live, text) {
  if (state.live !== live) return;
  const paused = live.paused ? ' · paused (' + live.held.length + ' waiting)' : '';
  const skipped = live.skipped ? ' · skipped ' + live.skipped + ' (the live view is a sample under load)' : '';
  $('#live-state').textContent = text + ' · ' + live.count + ' shown' + paused + skipped;
}

async function connect(live) {
  liveStatus(live, 'Connecting…');
  try {
    const response = await fetch(liveQuery(), { headers: { ...headers(), Accept: 'text/event-stream' }, signal: live.controller.signal, cache: 'no-store' });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new ApiError(response.status, body);
    }
    liveStatus(live, 'Connected');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter(line => line.startsWith('data: ')).map(line => line.slice(6)).join('\n');
        if (data) frame(live, JSON.parse(data));
      }
    }
    liveStatus(live, 'Disconnected; reconnecting');
  } catch (error) {
    if (live.controller.signal.aborted) return;
    liveStatus(live, 'Stream failed: ' + describe(error) + '; retrying in 3 s');
    if (error instanceof ApiError && error.status === 401) return;
  }
  setTimeout(() => { if (state.live === live) connect(live); }, 3000);
}

function frame(live, item) {
  if (item.status === 'skipped') {
    live.skipped += item.skipped;
  }
  if (live.paused) {
    live.held.push(item);
    if (live.held.length > MAX_ROWS) live.skipped += live.held.length - MAX_ROWS, live.held.splice(0, live.held.length - MAX_ROWS);
    liveStatus(live, 'Connected');
    return;
  }
  addRow(item);
  live.count++;
  liveStatus(live, 'Connected');
}

function addRow(item) {
  const tbody = $('#live-table tbody');
  const label = item.status.replace('_', ' ');
  const what = item.kind === 'refusal' ? item.reason + ': ' + item.detail
    : item.kind === 'notice' || item.status === 'skipped' ? item.message
    : item.event_id || item.id || '';
  const row = el('tr', { 'data-status': item.status },
    el('td', { text: time(item.stored_at || item.accepted_at) || time(new Date().toISOString()) }),
    el('td', {}, el('span', { class: 'badge ' + item.status, text: label })),
    el('td', { text: item.event_type || item.name || '' }),
    el('td', { text: item.user_id || '' }),
    el('td', { text: item.source || '' }),
    el('td', { text: what, title: what }));
  row.item = item;
  selectableRow(row, showLiveItem);
  tbody.prepend(row);
  while (tbody.rows.length > MAX_ROWS) tbody.deleteRow(tbody.rows.length - 1);
}

async function showLiveItem(row) {
  markSelected(row);
  const item = row.item;
  const panel = $('#live-detail');
  panel.replaceChildren(el('h3', { text: 'Details' }));
  if (item.kind === 'event') {
    panel.append(el('p', { class: 'hint', text: 'Loading the stored row of ' + item.event_id + '…' }));
    try {
      const stored = await api('/v1/events/' + encodeURIComponent(item.event_id));
      panel.replaceChildren(el('h3', { text: 'Stored row' }), el('pre', { text: pretty(stored) }));
    } catch (error) {
      const why = error instanceof ApiError && error.status === 404
        ? 'Not stored yet (the consumer stores it within moments): select it again once a "stored" line shows.' : describe(error);
      panel.replaceChildren(el('h3', { text: 'Event' }), el('p', { class: 'hint', text: why }), el('pre', { text: pretty(item) }));
    }
  } else if (item.kind === 'refusal') {
    panel.append(el('p', { text: 'Refused: ' + item.reason + ' — ' + item.detail }), el('pre', { text: item.payload_preview || '' }),
      el('p', {}, el('a', { href: '#dead-letters', text: 'Open Dead letters to inspect and replay it' })));
  } else {
    panel.append(el('pre', { text: pretty(item) }));
  }
  panel.focus();
}

function togglePause() {
  const live = state.live;
  if (!live) return;
  live.paused = !live.paused;
  $('#live-pause').setAttribute('aria-pressed', String(live.paused));
  $('#live-pause').textContent = live.paused ? 'Resume' : 'Pause';
  if (!live.paused) {
    for (const item of live.held) { addRow(item); live.count++; }
    live.held = [];
  }
  liveStatus(live, 'Connected');
}

// ---- Dead letters ------------------------------------------------------------------------------

function deadLetterFilter() {
  const form = $('#dl-filter');
  const params = new URLSearchParams();
  const reason = form.elements.reason.value;
  if (reason) params.set('reason', reason);
  const from = isoFromLocal(form.elements.from.value);
  const to = isoFromLocal(form.elements.to.value);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  return params;
}

async function loadDeadLetters() {
  const params = deadLetterFilter();
  if ($('#dl-filter').elements.pending.checked) params.set('replayed', 'false');
  params.set('limit', '200');
  $('#dl-replay-all').disabled = !params.get('reason');
  const tbody = $('#dl-table tbody');
  try {
    const page = await api('/v1/dead-letters?' + params);
    tbody.replaceChildren();
    for (const letter of page.dead_letters) {
      const row = el('tr', { 'data-id': String(letter.id) },
        el('td', { text: String(letter.id) }),
        el('td', { text: new Date(letter.failed_at).toLocaleString() }),
        el('td', {}, el('span', { class: 'badge rejected', text: letter.reason })),
        el('td', { text: letter.detail, title: letter.detail }),
        el('td', { text: letter.replayed_at ? 'yes' : 'no' }));
      row.letter = letter;
      selectableRow(row, showDeadLetter);
      tbody.append(row);
    }
    if (!page.dead_letters.length) tbody.append(el('tr', {}, el('td', { colspan: '5', text: 'No dead letters match.' })));
  } catch (error) {
    $('#dl-outcome').textContent = 'Could not list dead letters: ' + describe(error);
  }
}

function showDeadLetter(row) {
  markSelected(row);
  const letter = row.letter;
  state.selectedDeadLetter = letter;
  const bytes = letter.payload !== undefined ? letter.payload : atob(letter.payload_base64 || '');
  const panel = $('#dl-detail');
  const replay = el('button', { type: 'button', id: 'dl-replay-one', text: 'Replay dead letter ' + letter.id, onclick: () => replayOne(letter) });
  if (letter.replayed_at) replay.disabled = true;
  panel.replaceChildren(
    el('h3', { text: 'Dead letter ' + letter.id }),
    el('p', { text: letter.reason + ': ' + letter.detail }),
    el('p', { class: 'hint', text: 'Source ' + letter.source + ' · origin ' + letter.origin + ' · attempts ' + letter.attempts
      + (letter.replayed_at ? ' · replayed ' + letter.replayed_at + ' as ' + letter.replayed_event_id : '') }),
    el('h3', { text: letter.payload !== undefined ? 'Original bytes (UTF-8)' : 'Original bytes (not UTF-8; shown decoded from Base64)' }),
    el('pre', { class: 'payload', text: bytes }),
    el('div', { class: 'actions' }, replay));
  panel.focus();
}

function replayKey() {
  return $('#replay-key').value.trim() || sessionStorage.getItem(KEY);
}

function replayOutcome(report) {
  const stored = report.replayed.map(item => item.dead_letter_id + ' → ' + item.id);
  const bad = report.still_invalid.map(item => item.dead_letter_id + ' (' + item.reason + ')');
  return (stored.length ? 'Replayed: ' + stored.join(', ') + '. ' : 'Nothing replayed. ')
    + (bad.length ? 'Still invalid, left as dead letters: ' + bad.join('; ') + '.' : '');
}

function replayRefusal(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    return 'Replay refused (HTTP ' + error.status + '): ' + error.message + ' Enter an operator key under "Replay key".';
  }
  return 'Replay failed: ' + describe(error);
}

async function replayOne(letter) {
  const outcome = $('#dl-outcome');
  outcome.textContent = 'Replaying dead letter ' + letter.id + '…';
  try {
    const report = await api('/v1/dead-letters/' + letter.id + '/replay', { method: 'POST', key: replayKey() });
    outcome.textContent = replayOutcome(report);
  } catch (error) {
    outcome.textContent = replayRefusal(error);
  }
  await loadDeadLetters();
}

async function replayAll() {
  const params = deadLetterFilter();
  const outcome = $('#dl-outcome');
  if (!params.get('reason')) return;
  outcome.textContent = 'Replaying every pending dead letter with reason ' + params.get('reason') + '…';
  try {
    const report = await api('/v1/dead-letters/replay?' + params, { method: 'POST', key: replayKey() });
    outcome.textContent = replayOutcome(report);
  } catch (error) {
    outcome.textContent = replayRefusal(error);
  }
  await loadDeadLetters();
}

// ---- charts --------------------------------------------------------------------------------------

function chart(id, seriesNames, data, yLabel, lastSeconds) {
  const target = document.getElementById(id);
  if (state.charts[id]) { state.charts[id].destroy(); delete state.charts[id]; }
  target.replaceChildren();
  if (!data[0].length) {
    target.append(el('p', { class: 'hint', text: 'No data in this range yet.' }));
    return;
  }
  const options = {
    width: Math.max(280, target.clientWidth || 600),
    height: window.innerWidth < 760 ? 200 : 260,
    // A sliding window keeps a short history (the pipeline's first points) from spreading over years.
    scales: { x: lastSeconds ? { time: true, range: (u, min, max) => [max - lastSeconds, max] } : { time: true } },
    axes: [{}, { label: yLabel, size: 60 }],
    series: [{}].concat(seriesNames.map((name, i) => ({ label: name, stroke: COLORS[i % COLORS.length], width: 2, points: { show: data[0].length < 60 } }))),
  };
  state.charts[id] = new uPlot(options, data, target);
}

function resizeCharts() {
  for (const [id, plot] of Object.entries(state.charts)) {
    const target = document.getElementById(id);
    if (target.clientWidth) plot.setSize({ width: Math.max(280, target.clientWidth), height: window.innerWidth < 760 ? 200 : 260 });
  }
}

/** Rows keyed by bucket and series into uPlot's columns: x (seconds), then one array per series. */
function columns(rows, seriesOf, valueOf, bucketSeconds, fromSeconds, toSeconds) {
  const names = [...new Set(rows.map(seriesOf))].slice(0, COLORS.length);
  const first = Math.floor(fromSeconds / bucketSeconds) * bucketSeconds;
  const xs = [];
  for (let x = first; x <= toSeconds; x += bucketSeconds) xs.push(x);
  const index = new Map(xs.map((x, i) => [x, i]));
  const series = names.map(() => xs.map(() => 0));
  for (const row of rows) {
    const s = names.indexOf(seriesOf(row));
    const i = index.get(Date.parse(row.bucket_start) / 1000);
    if (s >= 0 && i !== undefined) series[s][i] = valueOf(row);
  }
  return { names, data: [xs, ...series] };
}

// ---- Aggregates and metrics -----------------------------------------------------------------------

async function loadAggregates() {
  const form = $('#agg-filter');
  const granularity = form.elements.granularity.value;
  const bucket = granularity === 'minute' ? 60 : 3600;
  const toSeconds = Math.floor(Date.now() / 1000);
  const fromSeconds = toSeconds - Number(form.elements.range.value);
  const params = new URLSearchParams({ granularity, from: new Date(fromSeconds * 1000).toISOString(), to: new Date((toSeconds + bucket) * 1000).toISOString() });
  if (form.elements.type.value.trim()) params.set('type', form.elements.type.value.trim());
  try {
    const body = await api('/v1/aggregates?' + params);
    const rows = body.aggregates;
    $('#agg-state').textContent = rows.length + ' buckets from ' + new Date(body.from).toLocaleString() + ' to ' + new Date(body.to).toLocaleString()
      + ' (the open ' + granularity + ' included).';
    const events = columns(rows, row => row.event_type, row => row.total_events, bucket, fromSeconds, toSeconds);
    chart('agg-events', events.names, events.data, 'events');
    const users = columns(rows, row => row.event_type, row => row.unique_users, bucket, fromSeconds, toSeconds);
    chart('agg-users', users.names, users.data, 'users');
  } catch (error) {
    $('#agg-state').textContent = 'Could not load aggregates: ' + describe(error);
  }
}

async function loadMetrics() {
  const form = $('#met-filter');
  const window_ = form.elements.window.value;
  const bucket = { '1m': 60, '5m': 300, '1h': 3600 }[window_];
  const toSeconds = Math.floor(Date.now() / 1000);
  const fromSeconds = toSeconds - Number(form.elements.range.value);
  const params = new URLSearchParams({ window: window_, from: new Date(fromSeconds * 1000).toISOString(), to: new Date((toSeconds + bucket) * 1000).toISOString() });
  if (form.elements.name.value.trim()) params.set('name', form.elements.name.value.trim());
  try {
    const body = await api('/v1/metrics/aggregates?' + params);
    const rows = body.aggregates;
    const seriesOf = row => row.name + JSON.stringify(row.labels || {}).replace(/^\{\}$/, '');
    $('#met-state').textContent = rows.length + ' buckets of ' + window_ + ' for ' + new Set(rows.map(seriesOf)).size + ' series.';
    const avg = columns(rows, seriesOf, row => row.avg, bucket, fromSeconds, toSeconds);
    chart('met-avg', avg.names, avg.data, 'avg');
    const p95 = columns(rows, seriesOf, row => row.p95, bucket, fromSeconds, toSeconds);
    chart('met-p95', p95.names, p95.data, 'p95');
  } catch (error) {
    $('#met-state').textContent = 'Could not load metric aggregates: ' + describe(error);
  }
}

// ---- Pipeline ------------------------------------------------------------------------------------

const PIPE_POINTS = 150;

function enterPipeline() {
  leavePipeline();
  // lag: partition number → its lag at each point of x (null before the partition was first measured).
  const history = { x: [], accepted: [], refused: [], stored: [], backlog: [], batch: [], store: [], lag: new Map(), last: null };
  const poll = async () => {
    try {
      const [stats, pulse] = await Promise.all([api('/v1/stats'), api('/v1/live/pulse')]);
      const now = Date.now() / 1000;
      const last = history.last;
      if (last) {
        const seconds = Math.max(0.001, now - last.at);
        history.x.push(now);
        history.accepted.push((pulse.accepted - last.pulse.accepted) / seconds);
        history.refused.push((pulse.refused - last.pulse.refused) / seconds);
        history.stored.push((pulse.stored - last.pulse.stored) / seconds);
        history.backlog.push(stats.backlog);
        history.batch.push(pulse.last_batch_ms);
        history.store.push(pulse.last_store_ms);
        recordLag(history, stats.lag_by_partition || []);
        for (const column of ['x', 'accepted', 'refused', 'stored', 'backlog', 'batch', 'store']) {
          if (history[column].length > PIPE_POINTS) history[column].shift();
        }
        for (const points of history.lag.values()) {
          if (points.length > PIPE_POINTS) points.shift();
        }
      }
      history.last = { at: now, pulse };
      numbers(stats, pulse);
      $('#pipe-state').textContent = 'Updated ' + new Date().toLocaleTimeString([], { hour12: false }) + ' (every 2 s; rates are this node\'s).';
      if (history.x.length) {
        chart('pipe-ingest', ['accepted/s', 'refused/s'], [history.x, history.accepted, history.refused], 'per second', PIPE_POINTS * 2);
        chart('pipe-flow', ['stored/s', 'backlog'], [history.x, history.stored, history.backlog], 'records', PIPE_POINTS * 2);
        chart('pipe-times', ['batch ms', 'db write ms'], [history.x, history.batch, history.store], 'ms', PIPE_POINTS * 2);
        drawLag(history);
      }
    } catch (error) {
      $('#pipe-state').textContent = 'Could not read the pipeline: ' + describe(error);
    }
  };
  poll();
  state.pipeTimer = setInterval(poll, 2000);
}

/** One point of Kafka lag per partition; a partition not in this answer (Kafka did not answer) gets a gap. */
function recordLag(history, partitions) {
  const now = new Map(partitions.map(entry => [entry.partition, entry.lag]));
  for (const partition of now.keys()) {
    if (!history.lag.has(partition)) history.lag.set(partition, history.x.slice(0, -1).map(() => null));
  }
  for (const [partition, points] of history.lag) points.push(now.has(partition) ? now.get(partition) : null);
}

/** Kafka mode only: the Chronicle buffer is one local queue, whose backlog the flow chart shows. */
function drawLag(history) {
  const figure = $('#pipe-lag-figure');
  figure.hidden = history.lag.size === 0;
  if (figure.hidden) return;
  const partitions = [...history.lag.keys()].sort((a, b) => a - b);
  chart('pipe-lag', partitions.map(p => 'partition ' + p), [history.x, ...partitions.map(p => history.lag.get(p))], 'records', PIPE_POINTS * 2);
}

function leavePipeline() {
  if (state.pipeTimer) clearInterval(state.pipeTimer);
  state.pipeTimer = null;
}

function numbers(stats, pulse) {
  const items = [
    ['Stored events (all time)', stats.total_events],
    ['Metric samples', stats.metric_samples],
    ['Backlog', stats.backlog === null ? 'unknown' : stats.backlog],
    ['Last stored', stats.last_processed_at ? new Date(stats.last_processed_at).toLocaleTimeString() : '—'],
    ['Accepted since start', pulse.accepted],
    ['Refused since start', pulse.refused],
    ['Live viewers', pulse.viewers],
  ];
  for (const entry of stats.lag_by_partition || []) items.push(['Kafka lag, partition ' + entry.partition, entry.lag]);
  for (const [reason, count] of Object.entries(stats.dead_letters || {})) items.push(['Dead letters: ' + reason, count]);
  $('#pipe-numbers').replaceChildren(...items.map(([name, value]) => el('div', {}, el('dt', { text: name }), el('dd', { text: String(value) }))));
}

// ---- start-up --------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('#login-form').addEventListener('submit', signIn);
  $('#sign-out').addEventListener('click', signOut);
  $('#live-filter').addEventListener('submit', event => { event.preventDefault(); enterLive(); });
  $('#live-pause').addEventListener('click', togglePause);
  $('#live-clear').addEventListener('click', () => { $('#live-table tbody').replaceChildren(); if (state.live) { state.live.count = 0; state.live.skipped = 0; } });
  $('#dl-filter').addEventListener('submit', event => { event.preventDefault(); loadDeadLetters(); });
  $('#dl-replay-all').addEventListener('click', replayAll);
  $('#dl-filter').elements.reason.addEventListener('change', () => { $('#dl-replay-all').disabled = !$('#dl-filter').elements.reason.value; });
  $('#replay-key').value = sessionStorage.getItem(REPLAY_KEY) || '';
  $('#replay-key').addEventListener('change', () => sessionStorage.setItem(REPLAY_KEY, $('#replay-key').value.trim()));
  $('#agg-filter').addEventListener('submit', event => { event.preventDefault(); loadAggregates(); });
  $('#met-filter').addEventListener('submit', event => { event.preventDefault(); loadMetrics(); });
  window.addEventListener('hashchange', route);
  let resizing;
  window.addEventListener('resize', () => { clearTimeout(resizing); resizing = setTimeout(resizeCharts, 150); });
  if (sessionStorage.getItem(KEY)) start(); else showLogin();
});
