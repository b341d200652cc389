import { actFor, actingFor, onActingRefused } from './acting.js';
import { organizationsApi } from './api.js';
import { $, h } from './dom.js';
import { currentRoute } from './router.js';

// The header's owner switcher: "Me" or one of the person's organizations, with their role there. Switching reloads
// the page, so every list, form and the hub connection start over as the new owner.
const noticeKey = 'platform.notice';

let organizations = [];
let chosen = null;

/** Reads the person's organizations and offers them; a remembered one they no longer belong to is forgotten quietly. */
export async function loadOwners() {
  try {
    organizations = await organizationsApi.mine();
  } catch {
    organizations = [];
  }
  const remembered = actingFor();
  chosen = organizations.find((organization) => organization.id === remembered?.id) ?? null;
  if (remembered && !chosen) actFor(null);
  else if (chosen) actFor(chosen);
  showSwitcher();
  showNotice();
}

/** Offers the person's organizations as read again (one made, joined or left on the Organizations page). */
export function offerOwners(mine) {
  organizations = mine;
  chosen = organizations.find((organization) => organization.id === chosen?.id) ?? chosen;
  showSwitcher();
}

/** The organization the page acts for, with the person's role there, or null for their own things. */
export function chosenOrganization() {
  return chosen;
}

/** Whether the person may change what is shown: always for their own things, not as a viewer of an organization. */
export function mayWrite() {
  return chosen?.role !== 'viewer';
}

/** Where a form to change things would be, for a viewer of the organization. */
export function viewerWords() {
  return `You are a viewer in ${chosen?.name}: you see its things but cannot change them.`;
}

/** A card saying so in place of a form a viewer may not use. */
export function viewerCard(heading) {
  return h('section', { className: 'card viewer-note' }, h('h3', {}, heading), h('p', {}, viewerWords()));
}

/** "My" or the organization's name as a possessive, for headings of owned things. */
export function whose() {
  return chosen ? `${chosen.name}'s` : 'My';
}

/**
 * Acts for the organization (null: for the person) from now on, reloading the page's data at path, or where the page
 * is; a job's detail is the previous owner's, so the jobs list is shown instead.
 */
export function switchTo(organization, path = null) {
  actFor(organization);
  const now = currentRoute().path;
  const target = path ?? (now.startsWith('/jobs/') ? '/jobs' : null);
  if (target !== null) history.replaceState(null, '', `#${target}`);
  location.reload();
}

/** Forgets the chosen organization at signing out: the next person to sign in here starts as themselves. */
export function forgetOwner() {
  actFor(null);
  chosen = null;
  organizations = [];
}

/**
 * While an organization is chosen and the hub connection is lost, asks again whether the person still belongs with the
 * same role: a removed member is told so, a changed role reloads the page with what it now allows.
 */
export async function recheckOwner() {
  if (!chosen) return;
  let mine;
  try {
    mine = await organizationsApi.mine();
  } catch {
    return;
  }
  const now = mine.find((organization) => organization.id === chosen.id);
  if (!now) refused(chosen);
  else if (now.role !== chosen.role) location.reload();
}

onActingRefused(refused);

let leaving = false;
function refused(organization) {
  if (leaving) return;
  leaving = true;
  sessionStorage.setItem(noticeKey, `You are no longer a member of ${organization.name}. Showing your own things again.`);
  switchTo(null);
}

function showSwitcher() {
  const select = $('#owner-select');
  select.replaceChildren(
    h('option', { value: '' }, 'Me'),
    ...organizations.map((organization) => h('option', { value: organization.id, selected: organization.id === chosen?.id }, `${organization.name} (${organization.role})`)));
  select.onchange = () => switchTo(organizations.find((organization) => organization.id === select.value) ?? null);
  $('#owner').hidden = false;
  document.body.classList.toggle('acting-for-organization', chosen !== null);
}

// Told once, after the reload that took the page back to the person's own things.
function showNotice() {
  const text = sessionStorage.getItem(noticeKey);
  sessionStorage.removeItem(noticeKey);
  const notice = $('#owner-notice');
  notice.hidden = !text;
  if (!text) return;
  notice.replaceChildren(h('span', {}, text), h('button', { type: 'button', className: 'close', ariaLabel: 'Dismiss', title: 'Dismiss', onclick: () => (notice.hidden = true) }, '×'));
}
