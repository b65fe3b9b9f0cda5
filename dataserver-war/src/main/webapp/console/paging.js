// A searchable, paged list's controls: a search box (read a quarter second after the last key),
// previous and next buttons, and the query they make. The list itself is the view's.
import { el } from './dom.js';

const TYPING_MILLIS = 250;

/**
 * @param id the prefix of the controls' ids (`<id>-search`, `<id>s-previous`, `<id>s-next`)
 * @param reload called whenever the search or the page changes
 */
export function pagedSearch({ id, size, placeholder, label, reload }) {
  const state = { q: '', offset: 0 };
  const search = el('input', { id: `${id}-search`, type: 'search', placeholder, 'aria-label': label });
  const previous = el('button', { type: 'button', id: `${id}s-previous` }, '← Previous');
  const next = el('button', { type: 'button', id: `${id}s-next` }, 'Next →');
  let typing = null;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.q = search.value.trim();
      state.offset = 0;
      reload();
    }, TYPING_MILLIS);
  });
  previous.addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - size);
    reload();
  });
  next.addEventListener('click', () => {
    state.offset += size;
    reload();
  });
  return {
    state,
    search,
    pager: el('div', { class: 'pager' }, previous, next),
    /** Enables the buttons for a page of `shown` rows out of `total`. */
    paged(shown, total) {
      previous.disabled = state.offset === 0;
      next.disabled = state.offset + shown >= total;
    },
    stop() {
      clearTimeout(typing);
    },
  };
}
