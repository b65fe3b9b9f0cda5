// How the registry picks sources: the strategy chain, k, the data-server slots and whether peers
// help at all. The server validates; its words are shown when it refuses.
import { call } from './api.js';
import { el, lifetime } from './dom.js';

const STRATEGIES = 'network, least-loaded, shallow, random (comma-separated, tried in that order)';

export function render(container, params, showProblem) {
  container.append(el('h1', {}, 'Allocation'));
  const body = el('div', {}, el('p', {}, 'Loading…'));
  container.append(body);
  const life = lifetime(showProblem);
  life.run(async () => {
    const settings = await call('GET', 'registry/admin/allocation');
    if (!life.left) {
      body.replaceChildren(form(settings, showProblem));
    }
  });
  return () => life.leave();
}

function form(settings, showProblem) {
  const chain = el('input', { id: 'allocation-chain', value: settings.chain, required: true,
    'aria-describedby': 'chain-help' });
  const k = el('input', { id: 'allocation-k', type: 'number', min: 1, max: settings.maxK,
    value: settings.k, required: true });
  const slots = el('input', { id: 'allocation-slots', type: 'number', min: 1,
    value: settings.dataServerSlots, required: true });
  const peers = el('input', { id: 'allocation-peers', type: 'checkbox',
    checked: settings.peerAssisted });
  const status = el('div', { id: 'allocation-status', 'aria-live': 'polite' });
  const save = el('button', { type: 'submit', id: 'allocation-save' }, 'Save');
  const form = el('form', { class: 'editor', id: 'allocation-form', novalidate: true },
    el('label', { for: 'allocation-chain' }, 'Strategy chain'), chain,
    el('p', { class: 'note', id: 'chain-help' }, STRATEGIES),
    el('label', { for: 'allocation-k' }, `Sources per request (k, at most ${settings.maxK})`), k,
    el('label', { for: 'allocation-slots' }, 'Data-server slots (nodes copying from it at once)'),
    slots,
    el('label', { class: 'check' }, peers, ' Peers help (off: every node copies from the data server)'),
    el('div', { class: 'actions' }, save),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    status.replaceChildren();
    try {
      // numbers as typed: the server says what is wrong with a bad one
      const changed = await call('PUT', 'registry/admin/allocation', {
        chain: chain.value.trim(),
        k: Number(k.value),
        dataServerSlots: Number(slots.value),
        peerAssisted: peers.checked,
      });
      chain.value = changed.chain;
      k.value = changed.k;
      slots.value = changed.dataServerSlots;
      peers.checked = changed.peerAssisted;
      status.replaceChildren(el('p', { class: 'ok' }, 'Saved: every cluster member uses it now.'));
      showProblem(null);
    } catch (e) {
      showProblem(e);
    } finally {
      save.disabled = false;
    }
  });
  return form;
}
