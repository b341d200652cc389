import { roomsApi } from '../api.js';
import { actionButton, h } from '../dom.js';
import { formatDateTime, formatTime } from '../format.js';
import { linkTo } from '../router.js';
import { toast } from '../toasts.js';

const pageSize = 50;
const quickReactions = ['👍', '❤️', '😄', '🎉'];
const typingShownFor = 4_000;

let view = null;

/**
 * Stored rooms: the caller's rooms with unread counts, public rooms to join, a new room; and one room's history
 * (older pages load as it scrolls up), live messages, typing, and the composer.
 */
export const roomsPage = {
  path: '/rooms',
  nested: true,
  title: 'Rooms',
  admin: false,
  show(container, { path, params, live }) {
    const list = h('nav', { className: 'room-list', ariaLabel: 'My rooms' });
    const results = h('div', { className: 'search-results' });
    const discover = h('div', { className: 'discover' });
    const room = h('section', { className: 'card room', ariaLabel: 'Room' }, h('p', { className: 'muted' }, 'Pick a room, or create one.'));
    view = { live, list, discover, room, results, roomId: null, around: null, publicSearch: '' };
    container.replaceChildren(
      h('h2', { className: 'page-title' }, 'Rooms'),
      h('div', { className: 'rooms-layout' },
        h('div', { className: 'rooms-side' },
          h('section', { className: 'card', 'aria-labelledby': 'search-heading' }, h('h3', { id: 'search-heading' }, 'Search messages'), messageSearchForm(), results),
          h('section', { className: 'card', 'aria-labelledby': 'my-rooms-heading' }, h('h3', { id: 'my-rooms-heading' }, 'My rooms'), list),
          createForm(),
          h('section', { className: 'card', 'aria-labelledby': 'discover-heading' }, h('h3', { id: 'discover-heading' }, 'Public rooms'), searchForm(), discover)),
        room));
    loadMine();
    findPublic('');
    openRoom(roomIdOf(path), aroundOf(params));
  },
  update(params, path) {
    openRoom(roomIdOf(path), aroundOf(params));
  },
  leave() {
    if (view?.roomId) view.live?.unwatchRoom(view.roomId);
    clearTimeout(view?.typingTimer);
    view = null;
  },
};

function roomIdOf(path) {
  return /^\/rooms\/([0-9a-f-]{36})$/.exec(path)?.[1] ?? null;
}

// A search hit opens its room around the message: #/rooms/{id}?around={seq}.
function aroundOf(params) {
  const seq = Number(params.get('around'));
  return Number.isInteger(seq) && seq > 0 ? seq : null;
}

function messageSearchForm() {
  const q = h('input', { name: 'q', type: 'search', maxLength: 200, placeholder: 'words, "a phrase", -left out' });
  const form = h('form', { className: 'toolbar', role: 'search' }, h('label', {}, 'Search every room you can read ', q),
    h('button', { type: 'submit', className: 'secondary' }, 'Search'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const shown = view;
    if (!q.value.trim()) {
      shown.results.replaceChildren();
      return;
    }
    try {
      const page = await roomsApi.search(q.value.trim());
      if (view !== shown) return;
      const hits = page.items.length === 0
        ? h('p', { className: 'muted' }, 'Nothing found.')
        : h('ol', { className: 'hits' }, ...page.items.map((hit) => h('li', {},
          h('a', { href: linkTo(`/rooms/${hit.roomId}`, { around: hit.message.seq }) }, hit.roomName),
          h('span', { className: 'muted small' }, ` · ${hit.message.authorName ?? 'Platform'} · ${formatDateTime(hit.message.sentAt)}`),
          h('p', { className: 'snippet' }, ...highlighted(hit.snippet, hit.highlights)))));
      // replaceChildren writes a null out as the word "null": only what is there goes in.
      if (page.total > page.items.length) shown.results.replaceChildren(hits, h('p', { className: 'muted small' }, `${page.items.length} of ${page.total} shown`));
      else shown.results.replaceChildren(hits);
    } catch (error) {
      toast('Could not search', error.fieldErrors?.join(' ') || error.message, 'error');
    }
  });
  return form;
}

// The snippet as text, its matched words wrapped in <mark>: built from ranges, so nothing in a message becomes markup.
function highlighted(snippet, highlights) {
  const parts = [];
  let at = 0;
  for (const { start, length } of [...highlights].sort((a, b) => a.start - b.start)) {
    if (start < at) continue;
    parts.push(snippet.slice(at, start), h('mark', {}, snippet.slice(start, start + length)));
    at = start + length;
  }
  parts.push(snippet.slice(at));
  return parts.filter((part) => part !== '');
}

function createForm() {
  const name = h('input', { name: 'name', required: true, maxLength: 100 });
  const topic = h('input', { name: 'topic', maxLength: 500 });
  const visibility = h('select', { name: 'visibility' }, h('option', { value: 'private' }, 'private: members I add'), h('option', { value: 'public' }, 'public: anyone may join'));
  const form = h('form', { className: 'card', 'aria-labelledby': 'new-room-heading' },
    h('h3', { id: 'new-room-heading' }, 'New room'),
    h('label', {}, 'Room name ', name), h('label', {}, 'Topic ', topic), h('label', {}, 'Visibility ', visibility),
    h('div', { className: 'actions' }, h('button', { type: 'submit' }, 'Create room')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const room = await roomsApi.create({ name: name.value.trim(), topic: topic.value.trim() || undefined, visibility: visibility.value });
      form.reset();
      await loadMine();
      location.hash = linkTo(`/rooms/${room.id}`);
    } catch (error) {
      toast('Could not create the room', error.fieldErrors?.join(' ') || error.message, 'error');
    }
  });
  return form;
}

function searchForm() {
  const search = h('input', { name: 'search', type: 'search', placeholder: 'name' });
  const form = h('form', { className: 'toolbar', role: 'search' }, h('label', {}, 'Find a public room ', search), h('button', { type: 'submit', className: 'secondary' }, 'Find'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    view.publicSearch = search.value.trim();
    findPublic(view.publicSearch);
  });
  return form;
}

async function loadMine() {
  const shown = view;
  try {
    const rooms = await roomsApi.mine();
    if (view !== shown) return;
    shown.list.replaceChildren(rooms.length === 0
      ? h('p', { className: 'muted' }, 'No rooms yet.')
      : h('ul', {}, ...rooms.map((room) => h('li', { dataset: { roomId: room.id } },
        h('a', { href: linkTo(`/rooms/${room.id}`), ariaCurrent: room.id === shown.roomId ? 'page' : undefined },
          h('span', { className: 'room-name' }, room.name),
          room.unread > 0 ? h('span', { className: 'unread', ariaLabel: `${room.unread} unread` }, String(room.unread)) : null)))));
  } catch (error) {
    toast('Could not read your rooms', error.message, 'error');
  }
}

async function findPublic(search) {
  const shown = view;
  try {
    const page = await roomsApi.discover(search);
    if (view !== shown) return;
    shown.discover.replaceChildren(page.items.length === 0
      ? h('p', { className: 'muted' }, 'No public room matches.')
      : h('ul', {}, ...page.items.map((room) => h('li', {}, h('a', { href: linkTo(`/rooms/${room.id}`) }, room.name),
        h('span', { className: 'muted' }, ` · ${room.members} ${room.members === 1 ? 'member' : 'members'}`)))));
  } catch (error) {
    toast('Could not read the public rooms', error.message, 'error');
  }
}

async function openRoom(roomId, around = null) {
  if (view.roomId === roomId && view.around === around) return;
  if (view.roomId) view.live?.unwatchRoom(view.roomId);
  view.roomId = roomId;
  view.around = around;
  for (const link of view.list.querySelectorAll('a')) link.toggleAttribute('aria-current', link.closest('li').dataset.roomId === roomId);
  if (!roomId) {
    view.room.replaceChildren(h('p', { className: 'muted' }, 'Pick a room, or create one.'));
    return;
  }
  const shown = view;
  try {
    const history = around ? { after: Math.max(0, around - pageSize / 2), limit: pageSize } : { limit: pageSize };
    const [room, page] = await Promise.all([roomsApi.get(roomId), roomsApi.history(roomId, history)]);
    if (view !== shown || shown.roomId !== roomId) return;
    showRoom(room, page, around);
  } catch (error) {
    shown.room.replaceChildren(h('p', { className: 'error-text' }, error.status === 404 ? 'There is no such room, or it is not yours to see.' : error.message));
  }
}

function showRoom(room, page, around) {
  const state = { room, messages: new Map(), before: page.before, typing: new Map(), loadingOlder: false };
  view.state = state;
  const log = h('ol', { className: 'messages', ariaLabel: `Messages of ${room.name}`, tabIndex: 0 });
  const older = h('li', { className: 'older muted' }, page.before ? 'Scroll up for older messages' : 'The beginning of the room');
  log.append(older);
  const typing = h('p', { className: 'typing muted', 'aria-live': 'polite' });
  const composer = composerFor(room, typing);
  view.room.replaceChildren(
    h('header', { className: 'room-head' },
      h('h3', {}, room.name, room.visibility === 'public' ? h('span', { className: 'muted' }, ' · public') : null),
      room.topic ? h('p', { className: 'muted' }, room.topic) : null,
      h('p', { className: 'muted small' }, `${room.members} ${room.members === 1 ? 'member' : 'members'}${room.myRole ? ` · you are ${room.myRole === 'member' ? 'a member' : `an ${room.myRole}`}` : ''}${room.archivedAt ? ' · archived' : ''}`),
      room.myRole ? null : joinButton(room)),
    log, typing, composer);
  state.log = log;
  state.older = older;
  state.typingLine = typing;
  for (const message of page.messages) append(message);
  const found = around && state.messages.get(around);
  if (found) {
    found.classList.add('found');
    found.scrollIntoView({ block: 'center' });
  } else log.scrollTop = log.scrollHeight;
  // The sentinel at the top brings the page before when it comes into view.
  new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadOlder(state), { root: log }).observe(older);
  view.live?.watchRoom(room.id, page.messages.at(-1)?.seq ?? room.lastSeq, {
    message: (message) => message.roomId === room.id && view?.state === state && received(message),
    changed: (message) => message.roomId === room.id && view?.state === state && append(message),
    typing: (who) => who.roomId === room.id && view?.state === state && showTyping(who),
    left: (left) => {
      if (left.roomId !== room.id) return;
      toast('You left the room', leftRoomText(left.reason, room.name), 'info');
      location.hash = linkTo('/rooms');
    },
  }).catch((error) => toast('Could not watch the room', error.message, 'error'));
  markRead(room.id, page.messages.at(-1)?.seq);
}

// Why a watch ended, in the words of the RoomLeft reasons the hub sends.
function leftRoomText(reason, name) {
  if (reason === 'deleted') return `${name} was deleted.`;
  if (reason === 'private') return `${name} is now private to its members.`;
  return `You are no longer in ${name}.`;
}

function joinButton(room) {
  return actionButton('Join room', async () => {
    await roomsApi.join(room.id);
    view.roomId = null;
    // The public list counted the members before this one joined: read it again so it agrees with the room.
    await Promise.all([loadMine(), openRoom(room.id), findPublic(view.publicSearch)]);
  });
}

function composerFor(room, typing) {
  const text = h('textarea', { name: 'text', rows: 2, maxLength: 4000, placeholder: room.myRole ? 'Write a message; Enter sends, Shift+Enter a new line' : 'Join the room to write', disabled: !room.myRole || !!room.archivedAt });
  const send = h('button', { type: 'submit', disabled: !room.myRole || !!room.archivedAt }, 'Send');
  const form = h('form', { className: 'composer' }, h('label', { className: 'visually-hidden', htmlFor: 'composer-text' }, 'Message'), text, send);
  text.id = 'composer-text';
  let typedAt = 0;
  text.addEventListener('input', () => {
    if (Date.now() - typedAt > 2_000) view.live?.typingIn(room.id);
    typedAt = Date.now();
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    send.disabled = true;
    try {
      received(await roomsApi.post(room.id, body));
      text.value = '';
    } catch (error) {
      toast('Could not send', error.fieldErrors?.join(' ') || error.problem?.detail || error.message, 'error');
    } finally {
      send.disabled = false;
      text.focus();
    }
  });
  typing.textContent = '';
  return form;
}

// A message that arrived live or as the answer to a post: shown once, where its sequence number puts it.
function received(message) {
  const state = view.state;
  const atBottom = state.log.scrollHeight - state.log.scrollTop - state.log.clientHeight < 40;
  append(message);
  state.typing.delete(message.authorId);
  renderTyping(state);
  if (atBottom) state.log.scrollTop = state.log.scrollHeight;
  markRead(state.room.id, message.seq);
}

function append(message) {
  const state = view.state;
  const held = state.messages.get(message.seq);
  // A change someone else made says nothing of this viewer's own reactions: keep what was shown.
  const mineBefore = new Map((held?.reactions ?? []).map((r) => [r.emoji, r.mine]));
  const reactions = (message.reactions ?? []).map((r) => ({ ...r, mine: r.mine ?? mineBefore.get(r.emoji) ?? false }));
  const item = itemFor({ ...message, reactions }, state.room);
  item.reactions = reactions;
  state.messages.set(message.seq, item);
  if (held) {
    held.replaceWith(item);
    return;
  }
  const after = [...state.messages.keys()].filter((seq) => seq > message.seq).sort((a, b) => a - b)[0];
  if (after === undefined) state.log.append(item);
  else state.log.insertBefore(item, state.messages.get(after));
}

function itemFor(message, room) {
  const author = message.kind === 'system' ? 'Platform' : message.authorName ?? 'someone';
  const canReact = !message.deleted && room.myRole && !room.archivedAt;
  return h('li', { className: `message ${message.kind}${message.deleted ? ' deleted' : ''}`, dataset: { seq: String(message.seq), messageId: message.id } },
    h('div', { className: 'meta' },
      h('strong', {}, author), ' ',
      h('time', { dateTime: message.sentAt, title: formatDateTime(message.sentAt, { seconds: true }) }, formatTime(message.sentAt)),
      message.editedAt && !message.deleted ? h('span', { className: 'muted' }, ' (edited)') : null),
    h('p', { className: 'text' }, message.deleted ? 'message deleted' : readable(message.text),
      message.jobId ? h('a', { href: linkTo(`/jobs/${message.jobId}`), className: 'job-link' }, ' open the job') : null),
    message.deleted ? null : h('div', { className: 'reactions' },
      ...message.reactions.map((r) => reactionButton(message, r.emoji, `${r.emoji} ${r.count}`, r.mine, canReact)),
      canReact ? picker(message) : null));
}

// One small button a message; it opens the quick emojis not given yet.
function picker(message) {
  const choices = h('span', { className: 'picker', hidden: true },
    ...quickReactions.filter((emoji) => !message.reactions.some((r) => r.emoji === emoji)).map((emoji) => reactionButton(message, emoji, emoji, false, true, 'add')));
  const open = h('button', { type: 'button', className: 'reaction more', ariaExpanded: 'false', ariaLabel: 'Add a reaction' }, '+');
  open.addEventListener('click', () => {
    choices.hidden = !choices.hidden;
    open.ariaExpanded = String(!choices.hidden);
    choices.querySelector('button')?.focus();
  });
  return h('span', { className: 'react' }, open, choices);
}

// A mention is written @[name](userId); a person reads @name.
function readable(text) {
  return text.replace(/@\[([^\]]{1,100})\]\([0-9a-f-]{36}\)/g, '@$1');
}

// Pressed when it is the viewer's own reaction; pressing takes it back, or gives it.
function reactionButton(message, emoji, label, mine, enabled, kind = 'count') {
  const button = h('button', {
    type: 'button',
    className: `reaction ${kind}`,
    disabled: !enabled,
    ariaPressed: String(!!mine),
    ariaLabel: kind === 'add' ? `React with ${emoji}` : `${emoji} ${label.split(' ')[1]} ${mine ? ', yours: take it back' : ''}`.trim(),
  }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      append(await (mine ? roomsApi.unreact(message.id, emoji) : roomsApi.react(message.id, emoji)));
    } catch (error) {
      toast('Could not react', error.problem?.detail || error.message, 'error');
      button.disabled = false;
    }
  });
  return button;
}

async function loadOlder(state) {
  if (state.loadingOlder || !state.before || view?.state !== state) return;
  state.loadingOlder = true;
  try {
    const page = await roomsApi.history(state.room.id, { before: state.before, limit: pageSize });
    const height = state.log.scrollHeight;
    for (const message of page.messages) append(message);
    state.before = page.before;
    state.older.textContent = page.before ? 'Scroll up for older messages' : 'The beginning of the room';
    state.log.prepend(state.older);
    // Keep what the reader was looking at in place while older messages appear above it.
    state.log.scrollTop += state.log.scrollHeight - height;
  } catch (error) {
    toast('Could not read older messages', error.message, 'error');
  } finally {
    state.loadingOlder = false;
  }
}

function showTyping(who) {
  const state = view.state;
  state.typing.set(who.userId, { name: who.displayName, until: Date.now() + typingShownFor });
  renderTyping(state);
  clearTimeout(view.typingTimer);
  view.typingTimer = setTimeout(() => view?.state === state && renderTyping(state), typingShownFor);
}

function renderTyping(state) {
  const now = Date.now();
  const names = [...state.typing.values()].filter((t) => t.until > now).map((t) => t.name);
  state.typingLine.textContent = names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
}

let marking = null;
function markRead(roomId, seq) {
  if (!seq || !view?.state?.room.myRole) return;
  clearTimeout(marking);
  marking = setTimeout(() => roomsApi.markRead(roomId, seq).then(() => view && loadMine(), () => {}), 500);
}
