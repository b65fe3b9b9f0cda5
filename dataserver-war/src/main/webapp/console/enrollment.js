// Enrollment: the mode, the node ids holding a per-node credential (withdraw one: the node is
// evicted and cannot come back), and issuing credentials for many machines at once. Credentials
// are shown once, here, and offered as a file; the server keeps only their hashes.
import { call } from './api.js';
import { el, lifetime, time } from './dom.js';

export function render(container, params, showProblem) {
  const mode = el('p', { id: 'enrollment-mode' });
  const names = el('textarea', {
    id: 'enrollment-names', rows: 6, placeholder: 'LAPTOP-0042\nLAPTOP-0043',
    'aria-describedby': 'enrollment-names-help',
  });
  const file = el('input', { id: 'enrollment-file', type: 'file', accept: '.txt,.csv,text/plain',
    'aria-label': 'A file of machine names' });
  const issue = el('button', { type: 'submit', id: 'enrollment-issue' }, 'Issue credentials');
  const issued = el('div', { id: 'enrollment-issued', 'aria-live': 'polite' });
  const list = el('div', { id: 'enrollment-list' });
  const form = el('form', { class: 'editor' },
    el('label', { for: 'enrollment-names' }, 'Node ids (machine names), one a line'), names,
    el('p', { class: 'note', id: 'enrollment-names-help' }, 'Or read them from a text file (one a'
      + ' line; in a CSV file the first column). A node that had a credential gets a new one and'
      + ' must register again with it.'),
    file, el('div', { class: 'actions' }, issue));
  container.append(el('h1', {}, 'Enrollment'), mode, form, issued,
    el('h2', {}, 'Nodes holding a credential'), list);

  const life = lifetime(showProblem);
  const reload = () => life.run(load);
  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (chosen) {
      const text = await chosen.text();
      names.value = text.split(/\r?\n/).map((line) => line.split(/[,;]/)[0].trim())
        .filter((line) => line).join('\n');
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const nodeIds = [...new Set(names.value.split('\n').map((n) => n.trim()).filter((n) => n))];
    if (nodeIds.length === 0) {
      showProblem({ message: 'List at least one node id.' });
      return;
    }
    issue.disabled = true;
    try {
      const answer = await call('POST', 'registry/admin/credentials', { nodeIds });
      issued.replaceChildren(...shownOnce(answer.credentials));
      names.value = '';
      showProblem(null);
      reload();
    } catch (e) {
      showProblem(e);
    } finally {
      issue.disabled = false;
    }
  });

  async function load() {
    const [overview, holders] = await Promise.all([
      call('GET', 'registry/admin/overview'), call('GET', 'registry/admin/credentials')]);
    if (life.left) {
      return;
    }
    mode.textContent = overview.enrollment.mode === 'per-node'
      ? 'Mode: per-node. A node registers only with the credential issued for its id.'
      : 'Mode: secret. Every node registers with the deployment\'s enrollment secret; the'
        + ' credentials below take effect when peerbook.registry.enrollment is per-node.';
    list.replaceChildren(holders.length === 0
      ? el('p', { class: 'empty' }, 'No node holds a credential.')
      : el('div', { class: 'scroll' }, el('table', { id: 'credential-table' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Node'), el('th', {}, 'Issued'), el('th', {}, ''))),
        el('tbody', {}, holders.map((holder) => el('tr', { 'data-holder': holder.nodeId },
          el('td', { dir: 'auto' }, holder.nodeId), el('td', {}, time(holder.issuedAt)),
          el('td', {}, withdrawButton(holder.nodeId, showProblem, reload))))))));
  }

  reload();
  return () => life.leave();
}

/** The credentials, this once: a table and the same as a CSV file to hand to the roll-out. */
function shownOnce(credentials) {
  const csv = ['nodeId,credential,issuedAt',
    ...credentials.map((c) => `${c.nodeId},${c.credential},${c.issuedAt}`)].join('\r\n');
  const download = el('a', {
    id: 'enrollment-download', class: 'button', download: 'peerbook-credentials.csv',
    href: URL.createObjectURL(new Blob([csv + '\r\n'], { type: 'text/csv' })),
  }, 'Download as CSV');
  return [
    el('p', { class: 'conflict', role: 'alert' }, `${credentials.length} credentials issued. They`
      + ' are shown only now: download them before you leave this page. Each agent takes its own'
      + ' as --enrollment-secret with --node-id.'),
    download,
    el('div', { class: 'scroll' }, el('table', { id: 'issued-table' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Node'), el('th', {}, 'Credential'))),
      el('tbody', {}, credentials.map((c) => el('tr', { 'data-issued': c.nodeId },
        el('td', { dir: 'auto' }, c.nodeId), el('td', { class: 'secret' }, c.credential)))))),
  ];
}

function withdrawButton(nodeId, showProblem, reload) {
  const button = el('button', { type: 'button', class: 'danger', 'data-withdraw': nodeId },
    'Withdraw…');
  button.addEventListener('click', async () => {
    // a plain confirmation: withdrawing evicts the node for good
    if (!window.confirm(`Withdraw the credential of ${nodeId}? The node is evicted and cannot`
      + ' register again until it gets a new one.')) {
      return;
    }
    try {
      await call('DELETE', `registry/admin/credentials/${encodeURIComponent(nodeId)}`);
      reload();
    } catch (e) {
      showProblem(e);
    }
  });
  return button;
}
