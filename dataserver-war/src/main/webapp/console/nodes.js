// The node table: search by id or address, sort by a column, page through it; a row opens the
// node. Paging, sorting and searching happen on the server (GET /api/registry/admin/nodes), so a
// fleet of 100,000 costs the page no more than 50 rows.
import { call } from './api.js';
import { el, every, lifetime, time } from './dom.js';
import { pagedSearch } from './paging.js';

const PAGE = 50;
const REFRESH_MILLIS = 5000;
const COLUMNS = [
  { key: 'id', label: 'Node' },
  { key: 'networkAddress', label: 'Address' },
  { key: null, label: 'Site' },
  { key: 'version', label: 'Version', numeric: true },
  { key: null, label: 'Behind', numeric: true },
  { key: 'load', label: 'Load', numeric: true },
  { key: 'leaseExpiry', label: 'Last seen' },
  { key: 'registeredAt', label: 'Registered' },
];

export function render(container, params, showProblem) {
  const life = lifetime(showProblem);
  const paging = pagedSearch({
    id: 'node', size: PAGE, placeholder: 'id or address contains…',
    label: 'Search nodes by id or address', reload: () => life.run(load),
  });
  const state = Object.assign(paging.state, { sort: 'id', order: 'asc' });
  const summary = el('p', { id: 'node-count', 'aria-live': 'polite' });
  const table = el('table', { id: 'node-table' });
  container.append(
    el('h1', {}, 'Nodes'),
    el('div', { class: 'toolbar' }, paging.search, summary),
    el('div', { class: 'scroll' }, table),
    paging.pager);

  async function load() {
    const query = new URLSearchParams({
      sort: state.sort, order: state.order, offset: state.offset, limit: PAGE,
    });
    if (state.q) {
      query.set('q', state.q);
    }
    const { json, headers } = await call('GET', `registry/admin/nodes?${query}`, undefined,
      { withHeaders: true });
    if (life.left) {
      return;
    }
    const total = Number(headers.get('X-Total-Count') ?? json.length);
    summary.textContent = total === 0
      ? 'No node matches.'
      : `Nodes ${state.offset + 1}–${state.offset + json.length} of ${total}`;
    paging.paged(json.length, total);
    table.replaceChildren(head(state, () => life.run(load)), body(json));
    showProblem(null);
  }

  const stopRefreshing = every(REFRESH_MILLIS, () => life.run(load));
  return () => {
    life.leave();
    paging.stop();
    stopRefreshing();
  };
}

function head(state, reload) {
  return el('thead', {}, el('tr', {}, COLUMNS.map((column) => {
    if (!column.key) {
      return el('th', { class: column.numeric ? 'n' : null, scope: 'col' }, column.label);
    }
    const sorted = state.sort === column.key;
    const button = el('button', {
      type: 'button', class: 'sort', 'data-sort': column.key,
      onclick: () => {
        state.order = sorted && state.order === 'asc' ? 'desc' : 'asc';
        state.sort = column.key;
        state.offset = 0;
        reload();
      },
    }, column.label, sorted ? (state.order === 'asc' ? ' ▲' : ' ▼') : '');
    return el('th', {
      scope: 'col', class: column.numeric ? 'n' : null,
      'aria-sort': sorted ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none',
    }, button);
  })));
}

function body(nodes) {
  return el('tbody', {}, nodes.map((node) => el('tr', { 'data-node': node.nodeId },
    el('td', {}, el('a', { href: `#nodes/${encodeURIComponent(node.nodeId)}`, dir: 'auto' },
      node.nodeId)),
    el('td', {}, node.networkAddress),
    el('td', {}, node.site ?? '—'),
    el('td', { class: 'n' }, node.version),
    el('td', { class: node.behind > 0 ? 'n behind' : 'n', 'data-column': 'behind' }, node.behind),
    el('td', { class: 'n' }, node.load),
    el('td', {}, time(node.lastSeen)),
    el('td', {}, time(node.registeredAt)))));
}
