// Whose things the page shows: the person's own ("Me") or an organization's they belong to, remembered across reloads.
// Owned things (jobs, files, schedules…) are asked for with ?actAs=<organization id>; the person's own account,
// rooms, notifications and organizations never are.
const storageKey = 'platform.actingFor';
const ownedPaths = ['/api/v1/jobs', '/api/v1/job-types', '/api/v1/files', '/api/v1/uploads', '/api/v1/schedules', '/api/v1/webhooks', '/api/v1/links', '/api/v1/projects', '/api/v1/metrics', '/api/v1/credits', '/api/v1/usage', '/hubs/jobs'];

const lostListeners = new Set();

/** The organization chosen ({ id, name }), or null for the person's own things. */
export function actingFor() {
  try {
    return JSON.parse(localStorage.getItem(storageKey)) ?? null;
  } catch {
    return null;
  }
}

export function actFor(organization) {
  if (organization) localStorage.setItem(storageKey, JSON.stringify({ id: organization.id, name: organization.name }));
  else localStorage.removeItem(storageKey);
}

/** The path as it is asked for: an owned thing's carries actAs while an organization is chosen. */
export function asActing(path) {
  const organization = actingFor();
  if (!organization || !ownedPaths.some((owned) => path === owned || path.startsWith(`${owned}/`) || path.startsWith(`${owned}?`))) return path;
  return `${path}${path.includes('?') ? '&' : '?'}actAs=${encodeURIComponent(organization.id)}`;
}

/** listener(organization) is told once the server no longer lets the page act for the chosen organization. */
export function onActingRefused(listener) {
  lostListeners.add(listener);
}

/** Tells the listeners when an answer to a path asked for as the organization says it is not (or no longer) the person's. */
export function checkActing(path, status, problem) {
  const organization = actingFor();
  if (organization && status === 404 && problem?.code === 'organization_not_found' && asActing(path) !== path)
    for (const listener of lostListeners) listener(organization);
}
