import { anonymous, api, jobsApi } from './api.js';
import { $, h, shortId } from './dom.js';
import { closeJob, jobChangedForDetail, jobEventForDetail, openJob, shownJobId } from './job-detail.js';
import { clearJobList, currentFilter, jobChanged, offerTypes, reloadList, selectJob, setUpJobList, showFilter } from './job-list.js';
import { allJobs, applyEvent, clearJobs, finished, getJob, onJobChanged, putJob } from './jobs.js';
import { LiveConnection } from './live.js';
import { pageFor } from './pages.js';
import { isPasswordResetPath, setUpPasswordReset, showSignedOutForm } from './password-reset.js';
import { presenceChanged, showOnline } from './presence.js';
import { forgetOwner, loadOwners, mayWrite, recheckOwner, viewerWords, whose } from './owner.js';
import { currentRoute, linkTo } from './router.js';
import { isSignedIn, onSignedOut, scheduleRefresh, signOut, store } from './session.js';
import { loadJobTypes, setUpSubmitForm } from './submit-form.js';
import { clearToasts, toast } from './toasts.js';

let live = null;
let profile = null;
let shownPage = null;
let shownSection = null;

onJobChanged((job, statusBefore) => {
  jobChanged(job.id);
  jobChangedForDetail(job.id);
  // Succeeded and failed jobs are told by the server's notifications; a cancel is the user's own doing.
  if (statusBefore && statusBefore !== job.status && job.status === 'cancelled')
    toast('Job cancelled', `${job.type} job ${shortId(job.id)} was cancelled.`, 'info', jobLink(job.id));
});

setUpSignIn();
setUpPasswordReset();
setUpSubmitForm((job) => {
  watch(putJob(job));
  location.hash = linkTo(`/jobs/${job.id}`, currentFilter());
});
setUpJobList(watch);
$('#sign-out').addEventListener('click', signOut);
onSignedOut(showSignedOut);
window.addEventListener('hashchange', route);

// A mailed reset link is for someone signed out; the reset ends every session anyway.
if (isSignedIn() && isPasswordResetPath(currentRoute().path)) signOut();
if (isSignedIn()) showSignedIn();
else showSignedOut();

function setUpSignIn() {
  const form = $('#sign-in-form');
  const errors = $('#sign-in-errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const registering = event.submitter?.value === 'register';
    const { email, password, displayName } = form;
    errors.replaceChildren();
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    try {
      if (registering) await anonymous('/api/v1/auth/register', { email: email.value, password: password.value, displayName: displayName.value || undefined });
      store(await anonymous('/api/v1/auth/login', { email: email.value, password: password.value, device: browserName() }));
      form.reset();
      $('#sign-in-status').textContent = '';
      showSignedIn();
    } catch (error) {
      const lines = error.fieldErrors?.length ? error.fieldErrors : [error.message];
      errors.replaceChildren(...lines.map((line) => h('li', {}, line)));
    } finally {
      for (const button of form.querySelectorAll('button')) button.disabled = false;
    }
  });
}

function browserName() {
  return `dashboard (${navigator.userAgentData?.brands?.at(-1)?.brand ?? 'browser'})`;
}

async function showSignedIn() {
  $('#signed-out').hidden = true;
  $('#account').hidden = false;
  $('#nav').hidden = false;
  scheduleRefresh();
  // Whose things are shown decides every owned call that follows, so it is known first.
  await loadOwners();
  showWhose();
  loadJobTypes().then(offerTypes);

  const connection = new LiveConnection({
    jobEvent: onJobEvent,
    notification: onNotification,
    presence: showOnline,
    presenceChanged,
    // A connection stopped by signing out may still tell of its last attempt: the page is no longer its to mark.
    connectionChanged: (state) => {
      if (live !== connection) return;
      $('#reconnecting').hidden = state === 'connected';
      // The server closes an organization's connection when the person's membership ends or their role changes.
      if (state === 'reconnecting') recheckOwner();
    },
    // Every unfinished job held, and the one shown, resume from the version the page has.
    watchedJobs: () => allJobs().filter((job) => !finished(job.status) || job.id === shownJobId()).map((job) => [job.id, job.version]),
    resubscribed: reloadList,
  });
  live = connection;
  try {
    profile = await api('/api/v1/users/me');
  } catch {
    profile = null;
  }
  $('#display-name').textContent = profile?.displayName ?? '';
  $('#admin-nav').hidden = profile?.role !== 'admin';
  await route();
  // Signed out (or in again) while the profile was read: that connection is no longer the page's to start.
  if (live === connection) await connection.start();
}

async function onNotification(notification) {
  const kind = notification.kind === 'jobFailed' ? 'error' : notification.kind === 'jobSucceeded' ? 'success' : 'info';
  if (!notification.jobId) {
    toast(notification.title, notification.message, kind);
    return;
  }
  // Named by the job's type and short id, as the list shows it, with a link that opens it; a job not held yet is read first.
  const job = getJob(notification.jobId) ?? (await jobsApi.get(notification.jobId).then(putJob, () => null));
  const name = `${job?.type ?? 'A'} job ${shortId(notification.jobId)}`;
  const outcome = notification.kind === 'jobFailed' ? `${name} failed` : notification.kind === 'jobSucceeded' ? `${name} succeeded` : notification.title;
  toast(outcome, notification.kind === 'jobFailed' ? job?.error ?? notification.message : '', kind, jobLink(notification.jobId));
}

// The jobs view says whose jobs it lists; a viewer of an organization is told why there is no form to submit.
function showWhose() {
  $('#jobs-owner').textContent = whose();
  $('#submit-form').hidden = !mayWrite();
  $('#viewer-note').hidden = mayWrite();
  $('#viewer-words').textContent = mayWrite() ? '' : viewerWords();
}

function jobLink(id) {
  return { href: linkTo(`/jobs/${id}`, currentFilter()), text: 'Open the job' };
}

function onJobEvent(event) {
  if (!applyEvent(event)) adoptJob(event.jobId);
  jobEventForDetail(event);
}

// A job first heard of through an event (submitted elsewhere): read it, then watch it from that version.
const adopting = new Set();
async function adoptJob(id) {
  if (adopting.has(id)) return;
  adopting.add(id);
  try {
    watch(putJob(await jobsApi.get(id)));
  } catch {
    // Gone or not ours: nothing to show.
  } finally {
    adopting.delete(id);
  }
}

function watch(job) {
  live?.watch(job.id, job.version);
}

async function route() {
  const { path, params } = currentRoute();
  if (!isSignedIn()) {
    showSignedOutForm(path);
    return;
  }
  if (isPasswordResetPath(path)) {
    signOut();
    return;
  }
  const section = sectionOf(path);
  markSection(section);
  // A toast tells of what happened on the page it appeared on; moving to another section leaves it behind.
  if (shownSection !== null && section !== shownSection) clearToasts();
  shownSection = section;
  const job = /^\/jobs(?:\/([0-9a-f-]{36}))?$/.exec(path);
  if (job || path === '/') await showJobs(params, job?.[1] ?? null);
  else showPage(path, params);
}

async function showJobs(params, id) {
  leavePage();
  $('#page').hidden = true;
  $('#signed-in').hidden = false;
  document.title = 'Jobs · Platform';
  const filtering = showFilter({ status: params.get('status') ?? '', type: params.get('type') ?? '', project: params.get('project') ?? '' });
  selectJob(id);
  if (id !== shownJobId()) {
    if (id) {
      openJob(id, { watch, closeHref: linkTo('/jobs', currentFilter()) });
      watch({ id, version: allJobs().find((held) => held.id === id)?.version ?? 0 });
    } else closeJob();
  }
  await filtering;
}

function showPage(path, params) {
  const page = pageFor(path);
  const container = $('#page');
  $('#signed-in').hidden = true;
  container.hidden = false;
  if (page && shownPage === page && page.update) {
    page.update(params, path);
    return;
  }
  leavePage();
  // A user never sees an admin page: to them it does not exist.
  if (!page || (page.admin && profile?.role !== 'admin')) {
    document.title = 'Not found · Platform';
    container.replaceChildren(h('section', { className: 'card' }, h('h2', {}, 'Not found'), h('p', {}, 'There is no such page. ', h('a', { href: '#/jobs' }, 'Back to your jobs'))));
    return;
  }
  document.title = `${page.title} · Platform`;
  shownPage = page;
  page.show(container, { path, params, live });
}

function leavePage() {
  shownPage?.leave?.();
  shownPage = null;
}

function sectionOf(path) {
  if (path.startsWith('/jobs') || path === '/') return '/jobs';
  return ['/rooms', '/projects', '/organizations'].find((nested) => path.startsWith(nested)) ?? path;
}

function markSection(section) {
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function showSignedOut() {
  leavePage();
  shownSection = null;
  live?.stop();
  live = null;
  profile = null;
  forgetOwner();
  clearJobs();
  clearJobList();
  closeJob();
  $('#signed-in').hidden = true;
  $('#page').hidden = true;
  $('#page').replaceChildren();
  $('#account').hidden = true;
  $('#owner').hidden = true;
  $('#nav').hidden = true;
  $('#reconnecting').hidden = true;
  $('#signed-out').hidden = false;
  showSignedOutForm(currentRoute().path);
}
