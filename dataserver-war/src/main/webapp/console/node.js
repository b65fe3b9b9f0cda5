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
      details.replaceChildren(facts(node), evictButton(id, path, showProblem));
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
    ['Version', `${node.version} (${node.behind} behind the head)`],
    ['Load', `${node.load} syncs served now; ${node.runningHandOuts} hand-outs running`],
    ['Demoted', node.demoted ? 'yes: reported by peers, handed out last' : 'no'],
    ['Registered', time(node.registeredAt)],
    ['Lease until', node.leaseExpiry ? time(node.leaseExpiry) : 'does not lapse'],
    ['Data server', node.dataServer ? 'yes' : 'no'],
  ];
  return el('dl', { class: 'facts' }, rows.map(([term, value]) => [
    el('dt', {}, term), el('dd', { dir: 'auto' }, String(value))]));
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
