// The signed-in user's jobs as last seen, kept current by hub events.
const jobs = new Map();
const listeners = new Set();

export const finished = (status) => status === 'succeeded' || status === 'failed' || status === 'cancelled';

export function onJobChanged(listener) {
  listeners.add(listener);
}

export function getJob(id) {
  return jobs.get(id);
}

/** Newest first, as the list shows them. */
export function allJobs() {
  return [...jobs.values()].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
}

export function clearJobs() {
  jobs.clear();
}

/** Takes a job read over REST unless what is held is newer. */
export function putJob(job) {
  const held = jobs.get(job.id);
  if (held && held.version > job.version) return held;
  jobs.set(job.id, { ...job, metrics: { ...job.metrics } });
  notify(jobs.get(job.id), held?.status);
  return jobs.get(job.id);
}

/** Folds a hub event into its job; false when the job is not held yet. */
export function applyEvent(event) {
  const job = jobs.get(event.jobId);
  if (!job) return false;
  // A stored event at or below the held version is already reflected; a live tick older than it is stale.
  if (event.transient ? event.version < job.version : event.version <= job.version) return true;

  const before = job.status;
  // A live tick has no status of its own: the job's is the one its stored events gave it.
  if (event.status) job.status = event.status;
  if (!event.transient) job.version = event.version;
  if (event.progress !== undefined) job.progress = event.progress;
  if (event.metrics) Object.assign(job.metrics, event.metrics);
  if (event.attempt) job.attempt = event.attempt;
  switch (event.kind) {
    case 'progressed':
      if (event.message) job.message = event.message;
      break;
    case 'succeeded':
      Object.assign(job, { message: 'succeeded', output: event.output, artifacts: event.artifacts ?? [], finishedAt: event.at });
      break;
    case 'failed':
      Object.assign(job, { message: 'failed', error: event.error, finishedAt: event.at });
      break;
    case 'cancelled':
      Object.assign(job, { message: event.message, finishedAt: event.at });
      break;
    case 'retried':
      Object.assign(job, { message: event.message, progress: 0, error: null, output: null, artifacts: [], finishedAt: null });
      break;
    case 'artifactsExpired':
      job.artifacts = [];
      break;
    case 'leftProject':
      job.project = null;
      break;
    case 'cancelRequested':
      job.message = 'cancelling';
      break;
    case 'logged':
      break;
    default:
      if (event.message) job.message = event.message;
      if (event.kind === 'retryScheduled') job.error = event.error;
  }
  notify(job, before);
  return true;
}

function notify(job, statusBefore) {
  for (const listener of listeners) listener(job, statusBefore);
}
