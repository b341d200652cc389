import { forget, freshAccessToken, refresh } from './session.js';

/** A refused call, with the problem response (RFC 7807) the API answered. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `The server answered ${status}.`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** Field errors as "field: message" lines, for showing under a form. */
  get fieldErrors() {
    return Object.entries(this.problem.errors ?? {}).flatMap(([field, messages]) => messages.map((m) => `${field}: ${m}`));
  }
}

/** Calls the API as the signed-in user, refreshing the access token once if it was refused. */
export async function api(path, { method = 'GET', body, asResponse = false } = {}) {
  let response = await send(path, method, body, await freshAccessToken());
  if (response.status === 401 && (await refresh())) response = await send(path, method, body, await freshAccessToken());
  if (response.status === 401) forget();
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (asResponse) return response;
  return response.status === 204 ? null : response.json();
}

/** Calls an open endpoint (register, sign in). */
export async function anonymous(path, body) {
  const response = await send(path, 'POST', body);
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response.status === 204 ? null : response.json();
}

function send(path, method, body, token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

export const jobsApi = {
  list: () => api('/api/v1/jobs?pageSize=50'),
  get: (id) => api(`/api/v1/jobs/${id}`),
  events: (id, afterVersion) => api(`/api/v1/jobs/${id}/events?afterVersion=${afterVersion}`),
  submit: (request) => api('/api/v1/jobs', { method: 'POST', body: request }),
  cancel: (id) => api(`/api/v1/jobs/${id}/cancel`, { method: 'POST' }),
  retry: (id) => api(`/api/v1/jobs/${id}/retry`, { method: 'POST' }),
  async artifact(id, name) {
    const response = await api(`/api/v1/jobs/${id}/artifacts/${encodeURIComponent(name)}`, { asResponse: true });
    return response.blob();
  },
};
