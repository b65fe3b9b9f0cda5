// Administrators: who they are, add one, remove one, change your own password. The server hashes
// each password and rewrites its administrators file; the page never keeps a password.
import { call } from './api.js';
import { el, lifetime } from './dom.js';

export function render(container, params, showProblem) {
  const life = lifetime(showProblem);
  const reload = () => life.run(load);
  const list = el('div', { id: 'administrator-list' }, el('p', {}, 'Loading…'));
  const status = el('div', { id: 'administrator-status', 'aria-live': 'polite' });
  container.append(el('h1', {}, 'Administrators'), list, status,
    addForm(showProblem, status, reload), ownPasswordForm(showProblem, status));

  async function load() {
    const answer = await call('GET', 'administrators');
    if (life.left) {
      return;
    }
    list.replaceChildren(answer.directoryGroup
      ? el('p', { class: 'note', id: 'directory-group' }, 'Members of the directory group'
        + ` ${answer.directoryGroup} are administrators too; they are managed in the directory.`
        + ' The names below are the users file\'s, the break-glass way in.')
      : '', el('table', { id: 'administrator-table' },
      el('tbody', {}, answer.administrators.map((admin) => el('tr', { 'data-admin': admin.name },
        el('td', {}, admin.name, admin.you ? ' (you)' : ''),
        el('td', {}, admin.you ? '' : removeButton(admin.name, showProblem, status, reload)))))));
  }

  reload();
  return () => life.leave();
}

function passwordInput(id, autocomplete) {
  return el('input', { id, type: 'password', autocomplete, required: true, minlength: 12 });
}

function addForm(showProblem, status, reload) {
  const name = el('input', { id: 'new-admin-name', autocomplete: 'off', required: true,
    pattern: '[A-Za-z0-9._@-]{1,64}' });
  const password = passwordInput('new-admin-password', 'new-password');
  const form = el('form', { class: 'editor import', id: 'add-admin' },
    el('h2', {}, 'Add an administrator'),
    el('label', { for: 'new-admin-name' }, 'Name (letters, digits, ._@-)'), name,
    el('label', { for: 'new-admin-password' }, 'Password (at least 12 characters)'), password,
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'add-admin-submit' }, 'Add')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const done = await call('PUT', `administrators/${encodeURIComponent(name.value)}`,
        { password: password.value });
      status.replaceChildren(el('p', { class: 'ok' }, done.added
        ? `${done.name} is an administrator now.` : `${done.name}'s password is changed.`));
      name.value = '';
      password.value = '';
      showProblem(null);
      reload();
    } catch (e) {
      showProblem(e);
    }
  });
  return form;
}

function ownPasswordForm(showProblem, status) {
  const current = passwordInput('own-current-password', 'current-password');
  const fresh = passwordInput('own-new-password', 'new-password');
  const form = el('form', { class: 'editor import', id: 'own-password' },
    el('h2', {}, 'Change your password'),
    el('label', { for: 'own-current-password' }, 'Current password'), current,
    el('label', { for: 'own-new-password' }, 'New password (at least 12 characters)'), fresh,
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'own-password-submit' }, 'Change password')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const me = (await call('GET', 'session')).name;
      await call('PUT', `administrators/${encodeURIComponent(me)}`,
        { password: fresh.value, currentPassword: current.value });
      status.replaceChildren(el('p', { class: 'ok' }, 'Your password is changed.'));
      showProblem(null);
    } catch (e) {
      showProblem(e);
    } finally {
      current.value = '';
      fresh.value = '';
    }
  });
  return form;
}

function removeButton(name, showProblem, status, reload) {
  const button = el('button', { type: 'button', class: 'danger', 'data-remove': name }, 'Remove…');
  button.addEventListener('click', async () => {
    if (!window.confirm(`Remove the administrator ${name}?`)) {
      return;
    }
    try {
      await call('DELETE', `administrators/${encodeURIComponent(name)}`);
      status.replaceChildren(el('p', { class: 'ok' }, `${name} is no longer an administrator.`));
      reload();
    } catch (e) {
      showProblem(e);
    }
  });
  return button;
}
