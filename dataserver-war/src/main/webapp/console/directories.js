// Directory sources (LDAP / Active Directory): each source's settings, whether it runs, its last
// run; run one now, or dry-run it to see what a run would change (nothing is written).
import { call } from './api.js';
import { el, every, lifetime, time } from './dom.js';

const REFRESH_MILLIS = 5000;

export function render(container, params, showProblem) {
  container.append(el('h1', {}, 'Directory sources'));
  const list = el('div', { id: 'directory-sources' }, el('p', {}, 'Loading…'));
  const outcome = el('div', { id: 'directory-outcome', 'aria-live': 'polite' });
  container.append(list, outcome);
  const life = lifetime(showProblem);
  const reload = () => life.run(load);
  // while a run is under way its report is what the page shows: refreshes wait
  let busy = false;

  async function load() {
    const answer = await call('GET', 'directory/sources');
    if (life.left || busy) {
      return;
    }
    list.replaceChildren(answer.sources.length === 0
      ? el('p', { class: 'empty' }, 'No directory source is configured'
        + ' (peerbook.directory.sources; see the README).')
      : el('div', { class: 'cards' }, answer.sources.map((source) => card(source))));
  }

  function card(source) {
    const run = el('button', { type: 'button', 'data-run': source.name, disabled: source.running },
      'Run now');
    const dry = el('button', { type: 'button', 'data-dry-run': source.name,
      disabled: source.running }, 'Dry run');
    run.addEventListener('click', () => start(source.name, false));
    dry.addEventListener('click', () => start(source.name, true));
    const last = source.lastRun;
    return el('div', { class: 'card wide', 'data-source': source.name },
      el('div', { class: 'label' }, `${source.flavour} · ${source.url}`),
      el('div', { class: 'value' }, source.name),
      el('div', { class: 'detail', dir: 'auto' }, `${source.baseDn} ${source.filter}`),
      el('div', { class: 'detail' }, source.running
        ? `running since ${time(source.runningSince)}, ${source.runningEntriesSeen} entries read`
        : last ? `last run ${last.status} at ${time(last.endedAt ?? last.startedAt)}:`
          + ` ${last.creates} created, ${last.updates} updated, ${last.deletes} deleted`
          + ` of ${last.entriesSeen} entries${last.errorCount ? `, ${last.errorCount} skipped` : ''}`
          : `never run; runs every ${source.interval}`),
      el('div', { class: 'actions' }, run, dry));
  }

  async function start(name, dryRun) {
    busy = true;
    outcome.replaceChildren(el('p', { class: 'note' },
      `${dryRun ? 'Dry-running' : 'Running'} ${name}…`));
    try {
      const run = await call('POST',
        `directory/sources/${encodeURIComponent(name)}/runs${dryRun ? '?dryRun=true' : ''}`);
      outcome.replaceChildren(...report(run));
      showProblem(null);
    } catch (e) {
      outcome.replaceChildren();
      showProblem(e);
    } finally {
      busy = false;
      reload();
    }
  }

  const stopRefreshing = every(REFRESH_MILLIS, reload);
  return () => {
    life.leave();
    stopRefreshing();
  };
}

function report(run) {
  const [created, updated, deleted] = run.dryRun
    ? ['to create', 'to update', 'to delete']
    : ['created', 'updated', 'deleted'];
  const shown = [
    el('h2', {}, run.dryRun ? `Dry run of ${run.source}: nothing was changed` : `Run of ${run.source}`),
    el('p', { id: 'directory-counts' }, `${run.status}: ${run.entriesSeen} entries read;`
      + ` ${run.creates} ${created}, ${run.updates} ${updated}, ${run.deletes} ${deleted},`
      + ` ${run.unchanged} unchanged${run.errorCount ? `; ${run.errorCount} entries skipped` : ''}.`),
  ];
  if (run.failure) {
    shown.push(el('p', { class: 'problem-inline' }, run.failure));
  }
  if (run.sample?.length) {
    shown.push(el('div', { class: 'scroll' }, el('table', { id: 'directory-sample' },
      el('caption', {}, 'The first changes a run would make'),
      el('thead', {}, el('tr', {}, el('th', {}, 'Operation'), el('th', {}, 'Contact'))),
      el('tbody', {}, run.sample.map((change) => el('tr', {},
        el('td', {}, change.operation), el('td', { dir: 'auto' }, change.displayName)))))));
  }
  if (run.errors?.length) {
    shown.push(el('div', { class: 'scroll' }, el('table', { id: 'directory-errors' },
      el('caption', {}, 'Entries skipped'),
      el('tbody', {}, run.errors.map((error) => el('tr', {},
        el('td', { dir: 'auto' }, error.dn), el('td', {}, error.reason)))))));
  }
  return shown;
}
