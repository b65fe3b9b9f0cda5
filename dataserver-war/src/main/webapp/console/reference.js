// The API reference, read from the server's own OpenAPI document (GET /openapi): every operation
// with its parameters and answers, filtered by a search. What the console does is one of these.
import { el } from './dom.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export function render(container, params, showProblem) {
  const search = el('input', { id: 'reference-search', type: 'search',
    placeholder: 'path or words…', 'aria-label': 'Filter the API operations' });
  const list = el('div', { id: 'reference' }, el('p', {}, 'Loading…'));
  container.append(el('h1', {}, 'API reference'),
    el('p', { class: 'note' }, 'From ', el('a', { href: 'openapi' }, '/openapi'),
      '. Administrators call the admin operations with HTTP Basic, or as this console does.'),
    el('div', { class: 'toolbar' }, search), list);
  let operations = [];
  let stopped = false;

  function show() {
    const words = search.value.trim().toLowerCase();
    const shown = operations.filter((op) => !words || op.text.includes(words));
    list.replaceChildren(...shown.map((op) => op.element));
  }
  search.addEventListener('input', show);

  (async () => {
    try {
      const response = await fetch('openapi', { headers: { Accept: 'application/json' },
        credentials: 'same-origin' });
      if (!response.ok) {
        throw new Error(`the server answered ${response.status} for /openapi`);
      }
      const document = await response.json();
      if (stopped) {
        return;
      }
      operations = operationsOf(document);
      show();
    } catch (e) {
      if (!stopped) {
        list.replaceChildren();
        showProblem({ title: 'API reference not loaded', message: e.message });
      }
    }
  })();
  return () => {
    stopped = true;
  };
}

function operationsOf(document) {
  const operations = [];
  for (const [path, item] of Object.entries(document.paths ?? {}).sort()) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) {
        continue;
      }
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      const answers = Object.entries(op.responses ?? {});
      const element = el('details', { class: 'operation', 'data-operation': `${method} ${path}` },
        el('summary', {}, el('span', { class: `method ${method}` }, method.toUpperCase()), ' ',
          el('code', {}, path), op.summary ? ` — ${op.summary}` : ''),
        op.description ? el('p', {}, op.description) : null,
        parameters.length ? el('table', {},
          el('thead', {}, el('tr', {}, el('th', {}, 'Parameter'), el('th', {}, 'In'),
            el('th', {}, 'Description'))),
          el('tbody', {}, parameters.map((p) => el('tr', {},
            el('td', {}, el('code', {}, p.name ?? p.$ref ?? '')), el('td', {}, p.in ?? ''),
            el('td', {}, p.description ?? ''))))) : null,
        op.requestBody ? el('p', {}, 'Body: ',
          Object.keys(op.requestBody.content ?? {}).join(', ') || 'any') : null,
        answers.length ? el('ul', {}, answers.map(([code, answer]) => el('li', {},
          el('code', {}, code), ` ${answer.description ?? ''}`))) : null);
      const text = `${method} ${path} ${op.summary ?? ''} ${op.description ?? ''}`.toLowerCase();
      operations.push({ element, text });
    }
  }
  return operations;
}
