/** Creates an element: h('li', { className: 'job', dataset: { jobId } }, 'text', child). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name in element) element[name] = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Runs render at most once per frame however often it is asked for. */
export function perFrame(render) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      render();
    });
  };
}

export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

// Job ids start with their creation time, so the end tells jobs apart.
export function shortId(id) {
  return id.slice(-8);
}
