// One node: what the registry knows of it, and eviction (it must register again; its tokens are
// revoked), confirmed in a dialog first.
import { call } from './api.js';
import { el, time } from './dom.js';

export function render(container, { id }, showProblem) {
  const path = `registry/admin/nodes/${encodeURIComponent(id)}`;
  container.append(
    el('p', {}, el('a', { href: '#nodes' }, '← All nodes')),
    el('h1', { dir: 'auto' }, `Node ${id}`));
  const details = el('div', { id: 'node-details' }, el('p', {}, 'Loading…'));
  container.append(details);
  let stopped = false;

  (async () => {
    try {
      const node = await call('GET', path);
      if (stopped) {
        return;
      }
      details.replaceChildren(facts(node), history(node), evictButton(id, path, showProblem));
    } catch (e) {
      if (!stopped) {
        details.replaceChildren(el('p', { class: 'empty' },
          e.status === 404 ? 'This node is not in the registry (any more).' : 'Not loaded.'));
        showProblem(e);
      }
    }
  })();
  return () => {
    stopped = true;
  };
}

function facts(node) {
  const rows = [
    ['Sync address', node.syncAddress],
    ['Network address', node.networkAddress],
    ['Site', node.site ?? 'none configured for its address'],
    ['Version', `${node.version} (${node.behind} behind the head)`],
    ['Hops', node.dataServer ? '0 (the origin)'
      : `${node.hops} from the data server, as sources were handed out`],
    ['Load', `${node.load} syncs served now; ${node.runningHandOuts} hand-outs running`],
    ['Demoted', node.demoted ? 'yes: handed to nobody for now (reports, or it was busy)' : 'no'],
    ['Registered', time(node.registeredAt)],
    ['Last seen', node.lastSeen ? time(node.lastSeen) : '—'],
    ['Lease until', node.leaseExpiry ? time(node.leaseExpiry) : 'does not lapse'],
    ['Data server', node.dataServer ? 'yes' : 'no'],
  ];
  return el('dl', { class: 'facts' }, rows.map(([term, value]) => [
    el('dt', {}, term), el('dd', { dir: 'auto' }, String(value))]));
}

const FAULTS = {
  BUSY: 'refused it: busy',
  REFUSED: 'sent data that failed verification',
  UNREACHABLE: 'unreachable',
  TIMEOUT: 'did not finish in time',
  NOT_AHEAD: 'was not ahead as offered',
  NO_PROGRESS: 'made no progress',
};

/** What this server member saw lately: the sources it handed the node, reports against it. */
function history(node) {
  const reports = node.reports;
  return el('section', { id: 'node-history' },
    el('h2', {}, 'Sources handed to it lately'),
    node.recentSources.length === 0
      ? el('p', { class: 'empty' }, 'None in the report window (or all of them reported).')
      : el('table', { id: 'node-sources' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Source'), el('th', {}, 'Handed out'))),
        el('tbody', {}, node.recentSources.map((source) => el('tr', {},
          el('td', {}, el('a', { href: `#nodes/${encodeURIComponent(source.nodeId)}` },
            source.nodeId)),
          el('td', {}, time(source.handedAt)))))),
    el('h2', {}, 'What it reported of its sources'),
    node.reportsFiled.length === 0
      ? el('p', { class: 'empty', id: 'node-filed' }, 'No report lately: no source refused or'
        + ' failed it.')
      : el('table', { id: 'node-filed' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Source'), el('th', {}, 'What went wrong'),
          el('th', {}, 'Counted'), el('th', {}, 'When'))),
        el('tbody', {}, node.reportsFiled.map((report) => el('tr', {},
          el('td', {}, report.nodeId),
          el('td', {}, FAULTS[report.fault] ?? report.fault),
          el('td', {}, report.counted ? 'yes' : 'no: not handed to it lately'),
          el('td', {}, time(report.at)))))),
    el('h2', {}, 'Reports against it'),
    el('p', { id: 'node-reports' }, reportsText(reports)));
}

function reportsText(reports) {
  const until = reports.demotedUntil ? time(reports.demotedUntil) : null;
  if (reports.demotions === 0 && reports.witnesses === 0) {
    return `No report counted against it${until ? `; set aside as busy until ${until}` : ''}.`;
  }
  const demoted = reports.demotions === 0
    ? 'never demoted'
    : `demoted ${reports.demotions} times, handed to nobody until ${until}`;
  return `Reported lately from ${reports.witnesses} networks, towards its next demotion (each`
    + ` report keeps it from its reporter; a network's nodes count once); ${demoted}; misconduct`
    + ` reported from ${reports.reporters} networks.`;
}

function evictButton(id, path, showProblem) {
  const confirm = el('button', { type: 'button', class: 'danger', id: 'evict-confirm' }, 'Evict');
  const cancel = el('button', { type: 'button', id: 'evict-cancel' }, 'Cancel');
  const dialog = el('dialog', { id: 'evict-dialog', 'aria-labelledby': 'evict-title' },
    el('h2', { id: 'evict-title' }, 'Evict this node?'),
    el('p', { dir: 'auto' }, `${id} is removed from the registry and its tokens are revoked: it`
      + ' must register again before it syncs or serves.'),
    el('div', { class: 'actions' }, cancel, confirm));
  cancel.addEventListener('click', () => dialog.close());
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      await call('DELETE', path);
      dialog.close();
      location.hash = '#nodes';
    } catch (e) {
      dialog.close();
      showProblem(e);
    } finally {
      confirm.disabled = false;
    }
  });
  const open = el('button', { type: 'button', class: 'danger', id: 'evict' }, 'Evict node…');
  open.addEventListener('click', () => dialog.showModal());
  return el('div', { class: 'actions' }, open, dialog);
}
