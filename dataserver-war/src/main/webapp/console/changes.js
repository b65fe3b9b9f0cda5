// The change log: the latest changes from the feed, newest first, and compaction (dropping log
// entries below a version; agents further behind then get a snapshot) after a confirmation.
import { call } from './api.js';
import { el, lifetime, time } from './dom.js';

const SHOWN = 50;

export function render(container, params, showProblem) {
  container.append(el('h1', {}, 'Change log'));
  const summary = el('p', { id: 'changes-summary' });
  const table = el('table', { id: 'changes-table' });
  const compaction = el('div', {});
  container.append(summary, el('div', { class: 'scroll' }, table), compaction);
  const life = lifetime(showProblem);
  const reload = () => life.run(load);

  async function load() {
    const head = await call('GET', 'book/head');
    const since = Math.max(head.logFloor - 1, head.version - SHOWN);
    const feed = await call('GET', `changes?since=${since}&limit=${SHOWN}`);
    if (life.left) {
      return;
    }
    const entries = feed.changes.slice().reverse();
    summary.textContent = `Head version ${head.version}; the log keeps versions from`
      + ` ${head.logFloor}. The latest ${entries.length} changes:`;
    table.replaceChildren(
      el('thead', {}, el('tr', {}, ['Version', 'Operation', 'Contact', 'Name', 'When'].map(
        (label) => el('th', { scope: 'col' }, label)))),
      el('tbody', {}, entries.map((change) => el('tr', {},
        el('td', { class: 'n' }, change.version),
        el('td', {}, change.operation),
        el('td', { dir: 'auto' }, change.contactId),
        el('td', { dir: 'auto' }, change.contact?.displayName ?? ''),
        el('td', {}, time(change.time))))));
    compaction.replaceChildren(compactForm(head, showProblem, reload));
    showProblem(null);
  }

  reload();
  return () => life.leave();
}

function compactForm(head, showProblem, reload) {
  const floor = el('input', { id: 'compaction-floor', type: 'number', min: 1, max: head.version,
    value: head.version, required: true });
  const submit = el('button', { type: 'submit', id: 'compaction-submit', class: 'danger' },
    'Compact…');
  const confirm = el('button', { type: 'button', class: 'danger', id: 'compaction-confirm' },
    'Compact');
  const cancel = el('button', { type: 'button' }, 'Cancel');
  const message = el('p', {});
  const dialog = el('dialog', { id: 'compaction-dialog', 'aria-labelledby': 'compaction-title' },
    el('h2', { id: 'compaction-title' }, 'Compact the change log?'), message,
    el('div', { class: 'actions' }, cancel, confirm));
  const form = el('form', { class: 'import' },
    el('h2', {}, 'Compaction'),
    el('p', { class: 'note' }, 'Drops the log entries below a version. Agents older than that get a'
      + ' snapshot of the whole book instead of the changes they missed.'),
    el('div', { class: 'toolbar' },
      el('label', { for: 'compaction-floor' }, 'Keep versions from'), floor, submit),
    dialog);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    message.textContent = `Entries below version ${floor.value} are removed for good.`;
    dialog.showModal();
  });
  cancel.addEventListener('click', () => dialog.close());
  confirm.addEventListener('click', async () => {
    try {
      const done = await call('POST', 'book/compaction', { floor: Number(floor.value) });
      dialog.close();
      showProblem(null);
      reload();
      form.append(el('p', { class: 'ok' },
        `Removed ${done.removedEntries} entries; the log keeps versions from ${done.logFloor}.`));
    } catch (e) {
      dialog.close();
      showProblem(e);
    }
  });
  return form;
}
