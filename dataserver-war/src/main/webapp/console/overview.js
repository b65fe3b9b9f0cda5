// The fleet at a glance: the signed head, nodes per versions behind it (a chart), how fast the
// latest versions spread, the share of bytes peers carried, the data server's slots and the
// registry's latency. Refreshed every few seconds from GET /api/registry/admin/overview.
import { call } from './api.js';
import { el, svg, every, bytes, seconds, percent, time } from './dom.js';

const REFRESH_MILLIS = 2000;

export function render(container, params, showProblem) {
  container.append(el('h1', {}, 'Overview'));
  const body = el('div', { id: 'overview', 'aria-live': 'polite' }, el('p', {}, 'Loading…'));
  container.append(body);
  return every(REFRESH_MILLIS, async (stopped) => {
    try {
      const overview = await call('GET', 'registry/admin/overview');
      if (!stopped()) {
        body.replaceChildren(...content(overview));
        showProblem(null);
        // read by ConsoleBenchmark: time from navigation to the first overview drawn
        if (performance.getEntriesByName('overview-rendered').length === 0) {
          performance.mark('overview-rendered');
        }
      }
    } catch (e) {
      if (!stopped()) {
        showProblem(e);
      }
    }
  });
}

function content(o) {
  const atHead = o.behind.find((row) => row.versions === 0)?.nodes ?? 0;
  const latest = o.spread[0];
  return [
    el('div', { class: 'cards' },
      card('Head version', o.head.version, headDetail(o), 'head-version'),
      card('Nodes live', o.nodes, `${atHead} at the head`, 'nodes-live'),
      card('Carried by peers', percent(o.offload.peerShare),
        `${bytes(o.offload.fromPeersBytes)} from peers, ${bytes(o.offload.fromDataServerBytes)}`
          + ' from the data server', 'peer-share'),
      card('Data-server slots', `${o.dataServer.inUse} / ${o.dataServer.slots}`,
        `${o.dataServer.waiting} waiting`, 'data-server-slots'),
      card('Registry latency', `${o.registryLatency.p99Millis.toFixed(1)} ms`,
        `p99; p50 ${o.registryLatency.p50Millis.toFixed(1)} ms over`
          + ` ${o.registryLatency.window} requests`, 'registry-latency'),
      card('Latest version to all', seconds(latest?.secondsToShare['1.0']),
        latest ? `version ${latest.version}` : 'no version followed yet', 'latest-spread')),
    el('h2', {}, 'Version lag of the fleet'),
    lagChart(o.behind),
    el('h2', {}, 'How the latest versions spread'),
    spreadTable(o.spread),
    el('p', { class: 'note' },
      `Signed head ${o.head.hash.slice(0, 16)}…; allocation ${o.allocation.chain}, k = ${o.allocation.k}`
        + `${o.allocation.peerAssisted ? '' : ' (peers off: every node copies from the data server)'};`
        + ` ${o.held.heartbeats} heartbeats and ${o.held.sourceRequests} source requests held.`),
  ];
}

/** When the head was committed, if it is one of the versions followed since the start. */
function headDetail(o) {
  const committed = o.spread.find((s) => s.version === o.head.version)?.committedAt;
  return `${committed ? `committed ${time(committed)}; ` : ''}log floor ${o.head.logFloor}`;
}

function card(label, value, detail, id) {
  return el('div', { class: 'card', id },
    el('div', { class: 'label' }, label),
    el('div', { class: 'value' }, String(value)),
    el('div', { class: 'detail' }, detail));
}

/** Nodes per versions behind the head, as bars; also as a table for screen readers. */
function lagChart(behind) {
  if (behind.length === 0) {
    return el('p', { id: 'lag-chart', class: 'empty' }, 'No nodes are registered.');
  }
  const max = Math.max(...behind.map((row) => row.nodes));
  const barWidth = 36;
  const height = 160;
  // room for at least a dozen bars, so that one or two stay bars rather than filling the width
  const chart = svg('svg', {
    viewBox: `0 0 ${Math.max(behind.length, 12) * barWidth + 10} ${height + 40}`,
    preserveAspectRatio: 'xMinYMid meet',
    role: 'img',
    'aria-label': 'nodes per versions behind the head',
    class: 'chart',
  });
  behind.forEach((row, i) => {
    const barHeight = Math.max(2, Math.round((row.nodes / max) * height));
    const x = 5 + i * barWidth;
    chart.append(
      svg('rect', {
        x: x + 4, y: height - barHeight + 16, width: barWidth - 8, height: barHeight,
        class: row.versions === 0 ? 'bar fresh' : 'bar',
      }),
      svg('text', { x: x + barWidth / 2, y: height - barHeight + 12, class: 'count' },
        String(row.nodes)),
      svg('text', { x: x + barWidth / 2, y: height + 32, class: 'axis' },
        `${row.versions}${row.orMore ? '+' : ''}`));
  });
  const table = el('table', { class: 'sr-only', id: 'lag-table' },
    el('caption', {}, 'Nodes per versions behind the head'),
    el('tr', {}, el('th', {}, 'Versions behind'), el('th', {}, 'Nodes')),
    behind.map((row) => el('tr', { 'data-behind': row.versions },
      el('td', {}, `${row.versions}${row.orMore ? ' or more' : ''}`), el('td', {}, row.nodes))));
  return el('figure', { id: 'lag-chart' }, chart,
    el('figcaption', {}, 'Nodes per versions behind the head (0: up to date)'), table);
}

function spreadTable(spread) {
  if (spread.length === 0) {
    return el('p', { class: 'empty' }, 'No version committed since the server started.');
  }
  return el('div', { class: 'scroll' }, el('table', { id: 'spread-table' },
    el('thead', {}, el('tr', {},
      el('th', {}, 'Version'), el('th', {}, 'Committed'), el('th', { class: 'n' }, '50 %'),
      el('th', { class: 'n' }, '99 %'), el('th', { class: 'n' }, '100 %'))),
    el('tbody', {}, spread.map((s) => el('tr', {},
      el('td', {}, s.version), el('td', {}, time(s.committedAt)),
      el('td', { class: 'n' }, seconds(s.secondsToShare['0.5'])),
      el('td', { class: 'n' }, seconds(s.secondsToShare['0.99'])),
      el('td', { class: 'n' }, seconds(s.secondsToShare['1.0'])))))));
}
