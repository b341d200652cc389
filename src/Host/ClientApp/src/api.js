import { asActing, checkActing } from './acting.js';
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
  const response = await asSignedIn((token) => send(asActing(path), method, body, token));
  if (!response.ok) throw await refusal(path, response);
  if (asResponse) return response;
  return response.status === 204 ? null : response.json();
}

/** Uploads a file (POST /api/v1/files) with its own type, into a project if one is given, telling progress(fraction) as its bytes go out; answers the stored file. */
export async function upload(file, progress, project) {
  const response = await asSignedIn((token) => sendFile(file, progress, token, project));
  if (!response.ok) throw await refusal('/api/v1/files', response);
  return response.json();
}

// Sends with the access token, refreshing it once if it was refused.
async function asSignedIn(sendWith) {
  let response = await sendWith(await freshAccessToken());
  if (response.status === 401 && (await refresh())) response = await sendWith(await freshAccessToken());
  if (response.status === 401) forget();
  return response;
}

/** Calls an open endpoint (register, sign in, a forgotten password). */
export async function anonymous(path, body) {
  const response = await send(path, 'POST', body);
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response.status === 202 || response.status === 204 ? null : response.json();
}

function send(path, method, body, token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

// fetch cannot tell how much of a body has gone out; XMLHttpRequest can. Its answer is given back as a Response.
function sendFile(file, progress, token, project) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', asActing(withQuery('/api/v1/files', { name: file.name, project })));
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    request.upload.addEventListener('progress', (event) => event.lengthComputable && progress(event.loaded / event.total));
    request.addEventListener('load', () => resolve(new Response(request.status === 204 ? null : request.responseText, {
      status: request.status,
      headers: { 'Content-Type': request.getResponseHeader('Content-Type') ?? 'text/plain' },
    })));
    request.addEventListener('error', () => reject(new Error('The upload did not reach the server; check the connection and try again.')));
    request.send(file);
  });
}

// An owned thing's call refused because the page may no longer act for the organization is told to whoever listens.
async function refusal(path, response) {
  const problem = await problemOf(response);
  checkActing(path, response.status, problem);
  return new ApiError(response.status, problem);
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** A path with its query, leaving out empty parameters. */
export function withQuery(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== '')).toString();
  return query ? `${path}?${query}` : path;
}

export const jobsApi = {
  list: ({ status, type, project, page = 1, pageSize = 50 } = {}) => api(withQuery('/api/v1/jobs', { status, type, project, page, pageSize })),
  get: (id) => api(`/api/v1/jobs/${id}`),
  events: (id, afterVersion) => api(`/api/v1/jobs/${id}/events?afterVersion=${afterVersion}`),
  metrics: (id) => api(`/api/v1/jobs/${id}/metrics`),
  submit: (request) => api('/api/v1/jobs', { method: 'POST', body: request }),
  cancel: (id) => api(`/api/v1/jobs/${id}/cancel`, { method: 'POST' }),
  retry: (id) => api(`/api/v1/jobs/${id}/retry`, { method: 'POST' }),
  async artifact(id, name) {
    const response = await api(`/api/v1/jobs/${id}/artifacts/${encodeURIComponent(name)}`, { asResponse: true });
    return response.blob();
  },
};

export const schedulesApi = {
  list: (project) => api(withQuery('/api/v1/schedules', { project })),
  preview: (cron, timeZone) => api('/api/v1/schedules/preview', { method: 'POST', body: { cron, timeZone } }),
  create: (request) => api('/api/v1/schedules', { method: 'POST', body: request }),
  pause: (id) => api(`/api/v1/schedules/${id}/pause`, { method: 'POST' }),
  resume: (id) => api(`/api/v1/schedules/${id}/resume`, { method: 'POST' }),
  remove: (id) => api(`/api/v1/schedules/${id}`, { method: 'DELETE' }),
};

export const filesApi = {
  list: ({ project, page = 1, pageSize = 50 } = {}) => api(withQuery('/api/v1/files', { project, page, pageSize })),
  upload,
  remove: (id) => api(`/api/v1/files/${id}`, { method: 'DELETE' }),
  async content(id) {
    const response = await api(`/api/v1/files/${id}/content`, { asResponse: true });
    return response.blob();
  },
};

export const projectsApi = {
  list: () => api('/api/v1/projects'),
  get: (id) => api(`/api/v1/projects/${id}`),
  create: (request) => api('/api/v1/projects', { method: 'POST', body: request }),
  update: (id, request) => api(`/api/v1/projects/${id}`, { method: 'PATCH', body: request }),
  archive: (id) => api(`/api/v1/projects/${id}/archive`, { method: 'POST' }),
  unarchive: (id) => api(`/api/v1/projects/${id}/unarchive`, { method: 'POST' }),
  duplicate: (id, name) => api(`/api/v1/projects/${id}/duplicate`, { method: 'POST', body: { name } }),
  remove: (id) => api(`/api/v1/projects/${id}`, { method: 'DELETE' }),
};

export const keysApi = {
  list: () => api('/api/v1/users/me/api-keys'),
  create: (request) => api('/api/v1/users/me/api-keys', { method: 'POST', body: request }),
  revoke: (id) => api(`/api/v1/users/me/api-keys/${id}`, { method: 'DELETE' }),
};

export const adminApi = {
  overview: () => api('/api/v1/admin/overview'),
  hosts: () => api('/api/v1/admin/hosts'),
  jobs: ({ status, type, owner, page = 1, pageSize = 50 } = {}) => api(withQuery('/api/v1/admin/jobs', { status, type, owner, page, pageSize })),
  bulkJobs: (action, jobIds) => api('/api/v1/admin/jobs/bulk', { method: 'POST', body: { action, jobIds } }),
  schedules: ({ search, page = 1, pageSize = 50 } = {}) => api(withQuery('/api/v1/admin/schedules', { search, page, pageSize })),
  triggerSchedule: (id) => api(`/api/v1/admin/schedules/${id}/trigger`, { method: 'POST' }),
  pauseSchedule: (id) => api(`/api/v1/admin/schedules/${id}/pause`, { method: 'POST' }),
  resumeSchedule: (id) => api(`/api/v1/admin/schedules/${id}/resume`, { method: 'POST' }),
  deleteSchedule: (id) => api(`/api/v1/admin/schedules/${id}`, { method: 'DELETE' }),
  users: ({ search, page = 1, pageSize = 20 } = {}) => api(withQuery('/api/v1/admin/users', { search, page, pageSize })),
  disable: (id) => api(`/api/v1/admin/users/${id}/disable`, { method: 'POST' }),
  enable: (id) => api(`/api/v1/admin/users/${id}/enable`, { method: 'POST' }),
  changeRole: (id, role) => api(`/api/v1/admin/users/${id}/role`, { method: 'PUT', body: { role } }),
  audit: ({ action, userId, page = 1, pageSize = 50 } = {}) => api(withQuery('/api/v1/admin/audit', { action, userId, page, pageSize })),
  broadcast: (title, message) => api('/api/v1/admin/broadcasts', { method: 'POST', body: { title, message } }),
  credits: (ownerId) => api(`/api/v1/admin/credits/${ownerId}`),
  grantCredits: (ownerId, amount, reason) => api(`/api/v1/admin/credits/${ownerId}/grants`, { method: 'POST', body: { amount, reason } }),
};

export const creditsApi = {
  balance: () => api('/api/v1/credits'),
  ledger: ({ kind, endUser, page = 1, pageSize = 20 } = {}) => api(withQuery('/api/v1/credits/ledger', { kind, endUser, page, pageSize })),
  quote: (request) => api('/api/v1/credits/quote', { method: 'POST', body: request }),
  setSettings: (settings) => api('/api/v1/credits/settings', { method: 'PUT', body: settings }),
  usage: ({ from, to, groupBy, type }) => api(withQuery('/api/v1/usage', { from, to, groupBy, type })),
  async usageCsv({ from, to, groupBy }) {
    const response = await api(withQuery('/api/v1/usage', { from, to, groupBy, format: 'csv' }), { asResponse: true });
    return response.blob();
  },
};

export const roomsApi = {
  mine: () => api('/api/v1/rooms'),
  discover: (search) => api(withQuery('/api/v1/rooms/public', { search, pageSize: 50 })),
  get: (id) => api(`/api/v1/rooms/${id}`),
  create: (request) => api('/api/v1/rooms', { method: 'POST', body: request }),
  join: (id) => api(`/api/v1/rooms/${id}/join`, { method: 'POST' }),
  leave: (id) => api(`/api/v1/rooms/${id}/leave`, { method: 'POST' }),
  members: (id) => api(`/api/v1/rooms/${id}/members`),
  history: (id, { before, after, limit = 50 } = {}) => api(withQuery(`/api/v1/rooms/${id}/messages`, { before, after, limit })),
  post: (id, text) => api(`/api/v1/rooms/${id}/messages`, { method: 'POST', body: { text } }),
  markRead: (id, seq) => api(`/api/v1/rooms/${id}/read`, { method: 'POST', body: { seq } }),
  deleteMessage: (id) => api(`/api/v1/messages/${id}`, { method: 'DELETE' }),
  react: (id, emoji) => api(`/api/v1/messages/${id}/reactions/${encodeURIComponent(emoji)}`, { method: 'PUT' }),
  unreact: (id, emoji) => api(`/api/v1/messages/${id}/reactions/${encodeURIComponent(emoji)}`, { method: 'DELETE' }),
  search: (q, { roomId, page = 1, pageSize = 20 } = {}) => api(withQuery('/api/v1/messages/search', { q, roomId, page, pageSize })),
};

export const organizationsApi = {
  mine: () => api('/api/v1/organizations'),
  get: (id) => api(`/api/v1/organizations/${id}`),
  create: (name) => api('/api/v1/organizations', { method: 'POST', body: { name } }),
  rename: (id, name) => api(`/api/v1/organizations/${id}`, { method: 'PATCH', body: { name } }),
  remove: (id) => api(`/api/v1/organizations/${id}`, { method: 'DELETE' }),
  members: (id) => api(`/api/v1/organizations/${id}/members`),
  changeRole: (id, userId, role) => api(`/api/v1/organizations/${id}/members/${userId}/role`, { method: 'PUT', body: { role } }),
  removeMember: (id, userId) => api(`/api/v1/organizations/${id}/members/${userId}`, { method: 'DELETE' }),
  invitations: (id) => api(`/api/v1/organizations/${id}/invitations`),
  invite: (id, email, role) => api(`/api/v1/organizations/${id}/invitations`, { method: 'POST', body: { email, role } }),
  withdraw: (id, invitationId) => api(`/api/v1/organizations/${id}/invitations/${invitationId}`, { method: 'DELETE' }),
  accept: (token) => api('/api/v1/organizations/invitations/accept', { method: 'POST', body: { token } }),
};
