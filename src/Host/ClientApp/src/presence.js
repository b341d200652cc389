import { $, h } from './dom.js';

// Who is connected right now, by user id.
const online = new Map();

export function showOnline(users) {
  online.clear();
  for (const user of users) online.set(user.userId, user.displayName);
  render();
}

export function presenceChanged(change) {
  if (change.online) online.set(change.userId, change.displayName);
  else online.delete(change.userId);
  render();
}

function render() {
  const names = [...online.values()].sort((a, b) => a.localeCompare(b));
  $('#online-count').textContent = String(names.length);
  $('#online').replaceChildren(...names.map((name) => h('li', {}, name)));
}
