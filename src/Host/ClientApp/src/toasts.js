import { $, h } from './dom.js';

const shownFor = 8_000;

/** Shows a short message in the corner; kind is info, success or error; link ({ href, text }) opens what it is about. */
export function toast(title, message = '', kind = 'info', link = null) {
  const item = h('div', { className: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('strong', {}, title),
    message && h('p', {}, message),
    link && h('a', { href: link.href, className: 'toast-link', onclick: () => item.remove() }, link.text),
    h('button', { type: 'button', className: 'close', title: 'Dismiss', ariaLabel: 'Dismiss', onclick: () => item.remove() }, '×'));
  $('#toasts').append(item);
  setTimeout(() => item.remove(), shownFor);
}
