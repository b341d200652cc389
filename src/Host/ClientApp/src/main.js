import { anonymous, api, jobsApi } from './api.js';
import { $, h, shortId } from './dom.js';
import { closeJob, jobChangedForDetail, jobEventForDetail, openJob, shownJobId } from './job-detail.js';
import { clearJobList, jobChanged, selectJob } from './job-list.js';
import { allJobs, applyEvent, clearJobs, finished, onJobChanged, putJob } from './jobs.js';
import { LiveConnection } from './live.js';
import { presenceChanged, showOnline } from './presence.js';
import { isSignedIn, onSignedOut, scheduleRefresh, signOut, store } from './session.js';
import { loadJobTypes, setUpSubmitForm } from './submit-form.js';
import { toast } from './toasts.js';

let live = null;

onJobChanged((job, statusBefore) => {
  jobChanged(job.id);
  jobChangedForDetail(job.id);
  // Succeeded and failed jobs are told by the server's notifications; a cancel is the user's own doing.
  if (statusBefore && statusBefore !== job.status && job.status === 'cancelled') toast('Job cancelled', `${job.type} job ${shortId(job.id)} was cancelled.`);
});

setUpSignIn();
setUpSubmitForm((job) => {
  watch(putJob(job));
  location.hash = `#/jobs/${job.id}`;
});
$('#sign-out').addEventListener('click', signOut);
onSignedOut(showSignedOut);
window.addEventListener('hashchange', route);

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
  $('#signed-in').hidden = false;
  $('#account').hidden = false;
  scheduleRefresh();
  api('/api/v1/users/me').then((profile) => ($('#display-name').textContent = profile.displayName), () => {});
  loadJobTypes();

  live = new LiveConnection({
    jobEvent: onJobEvent,
    notification: (n) => toast(n.title, n.message, n.kind === 'jobFailed' ? 'error' : n.kind === 'jobSucceeded' ? 'success' : 'info'),
    presence: showOnline,
    presenceChanged,
    connectionChanged: (state) => ($('#reconnecting').hidden = state === 'connected'),
    // Every unfinished job in the list, and the one shown, resume from the version the page has.
    watchedJobs: () => allJobs().filter((job) => !finished(job.status) || job.id === shownJobId()).map((job) => [job.id, job.version]),
    resubscribed: loadJobs,
  });
  await loadJobs();
  route();
  await live.start();
}

/** Reads the newest jobs; those that appeared while the connection was down are watched from their version. */
async function loadJobs() {
  try {
    const page = await jobsApi.list();
    for (const job of page.items) {
      const known = allJobs().some((held) => held.id === job.id);
      const held = putJob(job);
      if (!known && !finished(held.status)) live?.watch(held.id, held.version);
    }
  } catch (error) {
    toast('Could not load your jobs', error.message, 'error');
  }
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

function route() {
  const match = /^#\/jobs\/([0-9a-f-]{36})$/.exec(location.hash);
  const id = match?.[1] ?? null;
  selectJob(id);
  if (id === shownJobId()) return;
  if (id) {
    openJob(id, { watch });
    watch({ id, version: allJobs().find((job) => job.id === id)?.version ?? 0 });
  } else closeJob();
}

function showSignedOut() {
  live?.stop();
  live = null;
  clearJobs();
  clearJobList();
  closeJob();
  $('#signed-in').hidden = true;
  $('#account').hidden = true;
  $('#reconnecting').hidden = true;
  $('#signed-out').hidden = false;
}
