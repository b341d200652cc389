import { withQuery } from './api.js';

// The address says what is shown: #/jobs?status=failed, #/jobs/{id}, #/schedules, #/admin/hosts… so a view survives a
// reload and can be shared.

/** The current route: its path ('/jobs/…') and its query parameters. */
export function currentRoute() {
  const hash = location.hash.replace(/^#/, '') || '/jobs';
  const [path, query = ''] = hash.split('?');
  return { path: path || '/jobs', params: new URLSearchParams(query) };
}

/** The address of a path with parameters, leaving out empty ones. */
export function linkTo(path, params = {}) {
  return `#${withQuery(path, params)}`;
}

/** Moves to a path; replace keeps the history from growing with every filter change. */
export function navigate(path, params = {}, { replace = false } = {}) {
  const target = linkTo(path, params);
  if (target === location.hash) return;
  if (replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else location.hash = target;
}
