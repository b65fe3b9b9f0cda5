// The console's shell: sign-in, navigation by the URL's fragment (#overview, #nodes, #nodes/<id>),
// and one place that shows in words what the API refused.
import { currentSession, signIn, signOut, whenSignedOut } from './api.js';
import * as overview from './overview.js';
import * as nodes from './nodes.js';
import * as node from './node.js';
import * as contacts from './contacts.js';
import * as contact from './contact.js';
import * as allocation from './allocation.js';
import * as changes from './changes.js';
import * as enrollment from './enrollment.js';
import * as directories from './directories.js';
import * as administrators from './administrators.js';
import * as reference from './reference.js';

// a section's list, and the view of one of its items (#nodes/<id>, #contacts/<id>)
const views = {
  overview, nodes, contacts, enrollment, allocation, directories, changes, administrators, reference,
};
const items = { nodes: node, contacts: contact };
const $ = (id) => document.getElementById(id);
let leaveView = () => {};

function showProblem(error) {
  const box = $('problem');
  if (!error) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  box.textContent = error.title && error.message !== error.title
    ? `${error.title}: ${error.message}`
    : error.message;
  box.hidden = false;
}

function route() {
  const [name, ...rest] = location.hash.replace(/^#/, '').split('/');
  if (items[name] && rest.length) {
    return { view: items[name], section: name, params: { id: decodeURIComponent(rest.join('/')) } };
  }
  const section = views[name] ? name : 'overview';
  return { view: views[section], section, params: {} };
}

function render() {
  leaveView();
  showProblem(null);
  const { view, section, params } = route();
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.view === section) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const container = $('view');
  container.replaceChildren();
  leaveView = view.render(container, params, showProblem) || (() => {});
}

function signedIn(session) {
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('who').hidden = false;
  $('who-name').textContent = session.name;
  render();
}

function askToSignIn(message) {
  leaveView();
  leaveView = () => {};
  $('view').replaceChildren();
  $('nav').hidden = true;
  $('who').hidden = true;
  $('sign-in').hidden = false;
  showProblem(message ? { message } : null);
  $('sign-in-name').focus();
}

async function start() {
  whenSignedOut(() => askToSignIn('Your session ended: sign in again.'));
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('sign-in-submit');
    button.disabled = true;
    try {
      const session = await signIn($('sign-in-name').value, $('sign-in-password').value);
      $('sign-in-password').value = '';
      showProblem(null);
      signedIn(session);
    } catch (e) {
      showProblem(e);
      $('sign-in-password').select();
    } finally {
      button.disabled = false;
    }
  });
  $('sign-out').addEventListener('click', async () => {
    try {
      await signOut();
    } catch (e) {
      showProblem(e);
      return;
    }
    askToSignIn(null);
  });
  window.addEventListener('hashchange', () => {
    if ($('sign-in').hidden) {
      render();
    }
  });
  try {
    const session = await currentSession();
    if (session) {
      signedIn(session);
    } else {
      askToSignIn(null);
    }
  } catch (e) {
    askToSignIn(null);
    showProblem(e);
  }
}

start();
