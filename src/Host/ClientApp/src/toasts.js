import { $, h } from './dom.js';

const shownFor = 8_000;

/**
 * Shows a short message; kind is info, success or error; link ({ href, text }) opens what it is about. Title, message
 * and link are each a line of their own, so they never run into each other.
 */
export function toast(title, message = '', kind = 'info', link = null) {
  const item = h('div', { className: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('p', { className: 'toast-title' }, h('strong', {}, title)),
    message && h('p', {}, message),
    link && h('p', {}, h('a', { href: link.href, className: 'toast-link', onclick: () => item.remove() }, link.text)),
    h('button', { type: 'button', className: 'close', title: 'Dismiss', ariaLabel: 'Dismiss', onclick: () => item.remove() }, '×'));
  $('#toasts').append(item);
  setTimeout(() => item.remove(), shownFor);
}

/** Takes every toast away: what they said belonged to the page that is left. */
export function clearToasts() {
  $('#toasts').replaceChildren();
}
