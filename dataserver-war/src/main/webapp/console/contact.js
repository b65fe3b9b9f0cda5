// One contact: edit it (saved with If-Match, so an edit made meanwhile elsewhere is shown as a
// conflict, never overwritten), create one (#contacts/new), delete it after a confirmation.
import { call } from './api.js';
import { el } from './dom.js';

const TEXT_FIELDS = [
  ['displayName', 'Display name', true],
  ['givenName', 'Given name'],
  ['familyName', 'Family name'],
  ['organisation', 'Organisation'],
  ['department', 'Department'],
  ['title', 'Title'],
  ['manager', 'Manager'],
  ['officeLocation', 'Office'],
];

export function render(container, { id }, showProblem) {
  const creating = id === 'new';
  const path = `contacts/${encodeURIComponent(id)}`;
  const heading = el('h1', { dir: 'auto' }, creating ? 'New contact' : 'Contact');
  const body = el('div', { id: 'contact-editor' }, el('p', {}, 'Loading…'));
  container.append(el('p', {}, el('a', { href: '#contacts' }, '← All contacts')), heading, body);
  let stopped = false;
  const state = { etag: null, loaded: {} };

  const form = el('form', { id: 'contact-form', class: 'editor' });
  const status = el('div', { id: 'contact-status', 'aria-live': 'polite' });
  const inputs = {};
  for (const [name, label, required] of TEXT_FIELDS) {
    inputs[name] = el('input', { id: `contact-${name}`, name, dir: 'auto', required: !!required,
      maxlength: 256 });
    form.append(el('label', { for: `contact-${name}` }, label), inputs[name]);
  }
  inputs.emails = el('textarea', { id: 'contact-emails', rows: 2, dir: 'auto' });
  inputs.phones = el('textarea', { id: 'contact-phones', rows: 2, dir: 'auto',
    placeholder: 'work: +41 44 000 00 00' });
  form.append(
    el('label', { for: 'contact-emails' }, 'E-mail addresses (one a line)'), inputs.emails,
    el('label', { for: 'contact-phones' }, 'Phones (type: number, one a line)'), inputs.phones);
  const save = el('button', { type: 'submit', id: 'contact-save' }, creating ? 'Create' : 'Save');
  const actions = el('div', { class: 'actions' }, save);
  form.append(actions, status);

  function fill(contact) {
    state.loaded = contact;
    for (const [name] of TEXT_FIELDS) {
      inputs[name].value = contact[name] ?? '';
    }
    inputs.emails.value = (contact.emails ?? []).join('\n');
    inputs.phones.value = (contact.phones ?? []).map((p) => `${p.type}: ${p.number}`).join('\n');
    heading.textContent = contact.displayName ?? 'Contact';
  }

  function edited() {
    // fields the form does not show (attributes) go back as they came
    const contact = { ...state.loaded };
    delete contact.id;
    for (const [name] of TEXT_FIELDS) {
      const value = inputs[name].value.trim();
      if (value) {
        contact[name] = value;
      } else {
        delete contact[name];
      }
    }
    contact.emails = lines(inputs.emails.value);
    contact.phones = lines(inputs.phones.value).map((line) => {
      const colon = line.indexOf(':');
      return colon > 0
        ? { type: line.slice(0, colon).trim(), number: line.slice(colon + 1).trim() }
        : { type: 'work', number: line };
    });
    return contact;
  }

  async function load() {
    const { json, headers } = await call('GET', path, undefined, { withHeaders: true });
    state.etag = headers.get('ETag');
    fill(json);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    status.replaceChildren();
    try {
      if (creating) {
        const { json, headers } = await call('POST', 'contacts', edited(), { withHeaders: true });
        const created = json?.id ?? decodeURIComponent(headers.get('Location').split('/').pop());
        location.hash = `#contacts/${encodeURIComponent(created)}`;
        return;
      }
      const { headers } = await call('PUT', path, edited(),
        { withHeaders: true, headers: { 'If-Match': state.etag } });
      state.etag = headers.get('ETag');
      state.loaded = { ...state.loaded, ...edited() };
      status.replaceChildren(el('p', { class: 'ok' }, 'Saved.'));
      showProblem(null);
    } catch (e) {
      if (e.status === 412) {
        status.replaceChildren(conflict());
        status.scrollIntoView({ block: 'nearest' });
      } else {
        showProblem(e);
      }
    } finally {
      save.disabled = false;
    }
  });

  /** Another edit got in first: say so, keep this one in the form, offer theirs. */
  function conflict() {
    const theirs = el('button', { type: 'button', id: 'contact-reload' }, 'Show their version');
    theirs.addEventListener('click', async () => {
      try {
        await load();
        status.replaceChildren(el('p', { class: 'note' },
          'This is the saved version now. Make your change again and save.'));
      } catch (e) {
        showProblem(e);
      }
    });
    return el('div', { class: 'conflict', role: 'alert', id: 'contact-conflict' },
      el('p', {}, 'Conflict: someone changed this contact after you opened it, so your edit was not'
        + ' saved. Your edit is still in the form.'), theirs);
  }

  if (!creating) {
    actions.append(deleteButton(path, () => state.etag, showProblem));
  }
  (async () => {
    try {
      if (!creating) {
        await load();
      }
      if (!stopped) {
        body.replaceChildren(form);
        inputs.displayName.focus();
      }
    } catch (e) {
      if (!stopped) {
        body.replaceChildren(el('p', { class: 'empty' },
          e.status === 404 ? 'There is no such contact (any more).' : 'Not loaded.'));
        showProblem(e);
      }
    }
  })();
  return () => {
    stopped = true;
  };
}

function lines(text) {
  return text.split('\n').map((line) => line.trim()).filter((line) => line);
}

function deleteButton(path, etag, showProblem) {
  const confirm = el('button', { type: 'button', class: 'danger', id: 'delete-confirm' }, 'Delete');
  const cancel = el('button', { type: 'button' }, 'Cancel');
  const dialog = el('dialog', { id: 'delete-dialog', 'aria-labelledby': 'delete-title' },
    el('h2', { id: 'delete-title' }, 'Delete this contact?'),
    el('p', {}, 'Every agent removes it with its next sync.'),
    el('div', { class: 'actions' }, cancel, confirm));
  cancel.addEventListener('click', () => dialog.close());
  confirm.addEventListener('click', async () => {
    try {
      await call('DELETE', path, undefined, { headers: { 'If-Match': etag() } });
      dialog.close();
      location.hash = '#contacts';
    } catch (e) {
      dialog.close();
      showProblem(e);
    }
  });
  const open = el('button', { type: 'button', class: 'danger', id: 'contact-delete' }, 'Delete…');
  open.addEventListener('click', () => dialog.showModal());
  return el('span', {}, open, dialog);
}
