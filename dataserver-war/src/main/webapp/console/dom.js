// Small helpers to build the page from data. Text always goes in as text (never as markup), so a
// name or address from the API cannot inject anything.

/** An element: `el('td', { class: 'n' }, 'text', childElement)`. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  element.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined)
    .map((child) => (child instanceof Node ? child : String(child))));
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/**
 * A view's life: `run(load)` runs `load` and shows what the API refused, unless the view was left
 * meanwhile (`left`), as every answer that arrives late is dropped; `leave()` ends it.
 */
export function lifetime(showProblem) {
  let left = false;
  return {
    get left() {
      return left;
    },
    async run(load) {
      try {
        await load();
      } catch (e) {
        if (!left) {
          showProblem(e);
        }
      }
    },
    leave() {
      left = true;
    },
  };
}

/**
 * Calls `load` now and then every `millis` after the last call ended, until the returned function
 * is called; an answer that arrives after that is dropped.
 */
export function every(millis, load) {
  let stopped = false;
  let timer = null;
  const next = async () => {
    try {
      await load(() => stopped);
    } finally {
      if (!stopped) {
        timer = setTimeout(next, millis);
      }
    }
  };
  next();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export function bytes(count) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function seconds(value) {
  return value === null || value === undefined ? '—' : `${value.toFixed(value < 10 ? 2 : 1)} s`;
}

export function percent(share) {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)} %`;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}
