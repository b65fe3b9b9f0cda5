// The book's contacts: search by name prefix, page through them, open one; import a file (CSV,
// vCard, JSON) with every refused row shown; export the book or the search result.
import { call } from './api.js';
import { el, lifetime } from './dom.js';
import { pagedSearch } from './paging.js';

const PAGE = 50;
const IMPORT_TYPES = { csv: 'text/csv', vcf: 'text/vcard', vcard: 'text/vcard', json: 'application/json' };

export function render(container, params, showProblem) {
  const life = lifetime(showProblem);
  const paging = pagedSearch({
    id: 'contact', size: PAGE, placeholder: 'name starts with…',
    label: 'Search contacts by the start of a name', reload: () => life.run(load),
  });
  const state = paging.state;
  const summary = el('p', { id: 'contact-count', 'aria-live': 'polite' });
  const table = el('table', { id: 'contact-table' });
  const exports = el('span', { class: 'exports' });
  container.append(
    el('h1', {}, 'Contacts'),
    el('div', { class: 'toolbar' }, paging.search,
      el('a', { href: '#contacts/new', class: 'button', id: 'new-contact' }, 'New contact'),
      exports),
    summary,
    el('div', { class: 'scroll' }, table),
    paging.pager,
    importForm(showProblem, () => life.run(load)));

  async function load() {
    const query = new URLSearchParams({ offset: state.offset, limit: PAGE });
    if (state.q) {
      query.set('q', state.q);
    }
    exports.replaceChildren(...exportLinks(state.q));
    const page = await call('GET', `contacts?${query}`);
    if (life.left) {
      return;
    }
    summary.textContent = page.total === 0
      ? 'No contact matches.'
      : `Contacts ${page.offset + 1}–${page.offset + page.items.length} of ${page.total}`;
    paging.paged(page.items.length, page.total);
    table.replaceChildren(
      el('thead', {}, el('tr', {}, ['Name', 'E-mail', 'Department', 'Phone'].map(
        (label) => el('th', { scope: 'col' }, label)))),
      el('tbody', {}, page.items.map((contact) => el('tr', { 'data-contact': contact.id },
        el('td', {}, el('a', { href: `#contacts/${encodeURIComponent(contact.id)}`, dir: 'auto' },
          contact.displayName)),
        el('td', { dir: 'auto' }, (contact.emails ?? [])[0] ?? ''),
        el('td', { dir: 'auto' }, contact.department ?? ''),
        el('td', { dir: 'auto' }, (contact.phones ?? [])[0]?.number ?? '')))));
    showProblem(null);
  }

  life.run(load);
  return () => {
    life.leave();
    paging.stop();
  };
}

/** Downloads go through the session cookie: a GET needs no CSRF token. */
function exportLinks(q) {
  const link = (label, format, extra = {}) => {
    const query = new URLSearchParams({ format, ...extra });
    if (q) {
      query.set('q', q);
    }
    return el('a', { href: `api/contacts/export?${query}`, download: '', class: 'button quiet-link' },
      label);
  };
  return [
    link('Export vCard', 'vcard'),
    link('Export CSV', 'csv'),
    link('Export CSV for Excel', 'csv', { separator: 'semicolon', bom: 'true' }),
  ];
}

function importForm(showProblem, reload) {
  const file = el('input', {
    id: 'import-file', type: 'file', accept: '.csv,.vcf,.vcard,.json,text/csv,text/vcard,application/json',
    'aria-label': 'File to import',
  });
  const submit = el('button', { type: 'submit', id: 'import-submit' }, 'Import');
  const outcome = el('div', { id: 'import-outcome', 'aria-live': 'polite' });
  const form = el('form', { class: 'import' },
    el('h2', {}, 'Import'),
    el('p', { class: 'note' }, 'A CSV (comma or semicolon, UTF-8 or Windows-1252), vCard (2.1, 3.0,'
      + ' 4.0) or JSON file. All or nothing: a file with a bad row changes nothing.'),
    el('div', { class: 'toolbar' }, file, submit),
    outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) {
      outcome.replaceChildren(el('p', { class: 'problem-inline' }, 'Choose a file first.'));
      return;
    }
    const extension = chosen.name.split('.').pop().toLowerCase();
    submit.disabled = true;
    try {
      const done = await call('POST', 'contacts/import', chosen,
        { contentType: IMPORT_TYPES[extension] || chosen.type });
      outcome.replaceChildren(el('p', { class: 'ok' },
        `Imported ${done.imported} contacts: the book is at version ${done.version}.`));
      showProblem(null);
      reload();
    } catch (e) {
      outcome.replaceChildren(...refusal(e));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function refusal(e) {
  const rows = e.problem.errors ?? [];
  const shown = [el('p', { class: 'problem-inline', role: 'alert' },
    `Nothing was imported: ${e.message}`)];
  if (rows.length) {
    shown.push(el('div', { class: 'scroll' }, el('table', { id: 'import-errors' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Line'), el('th', {}, 'Field'), el('th', {}, 'Why'))),
      el('tbody', {}, rows.map((row) => el('tr', {},
        el('td', { class: 'n' }, row.line), el('td', {}, row.field ?? '—'),
        el('td', { dir: 'auto' }, row.why)))))));
    if (e.problem.truncated) {
      shown.push(el('p', { class: 'note' }, 'Only the first refused rows are listed.'));
    }
  }
  return shown;
}
