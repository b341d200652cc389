// The signed-in session: tokens kept in localStorage so a reload or a second tab stays signed in.
const storageKey = 'platform.tokens';
const refreshAhead = 60_000;

let tokens = read();
let refreshTimer;
let refreshing;
const signedOutListeners = new Set();

function read() {
  try {
    return JSON.parse(localStorage.getItem(storageKey)) ?? null;
  } catch {
    return null;
  }
}

export function isSignedIn() {
  return tokens !== null;
}

export function accessToken() {
  return tokens?.accessToken ?? '';
}

export function onSignedOut(listener) {
  signedOutListeners.add(listener);
}

export function store(response) {
  tokens = {
    accessToken: response.accessToken,
    accessTokenExpiresAt: Date.parse(response.accessTokenExpiresAt),
    refreshToken: response.refreshToken,
  };
  localStorage.setItem(storageKey, JSON.stringify(tokens));
  scheduleRefresh();
}

export function forget() {
  clearTimeout(refreshTimer);
  const had = tokens !== null;
  tokens = null;
  localStorage.removeItem(storageKey);
  if (had) for (const listener of signedOutListeners) listener();
}

/** Ends the session on the server too, so its refresh token is of no more use to anyone. */
export function signOut() {
  const refreshToken = tokens?.refreshToken;
  forget();
  if (refreshToken) {
    fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => {});
  }
}

/** An access token that is good for at least another minute, refreshed first when it is not. */
export async function freshAccessToken() {
  if (tokens && tokens.accessTokenExpiresAt - Date.now() < refreshAhead) await refresh();
  return accessToken();
}

/** Trades the refresh token for a new pair; false (and signed out) when the session is over. */
export function refresh() {
  refreshing ??= locked(refreshOnce).finally(() => (refreshing = undefined));
  return refreshing;
}

async function refreshOnce() {
  // Another tab may have refreshed already: a spent refresh token presented again would end the session.
  const latest = read();
  if (!latest) {
    forget();
    return false;
  }
  if (latest.refreshToken !== tokens?.refreshToken && latest.accessTokenExpiresAt - Date.now() > refreshAhead) {
    tokens = latest;
    scheduleRefresh();
    return true;
  }
  const response = await fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken: latest.refreshToken }),
  }).catch(() => null);
  if (response === null) return false;
  if (!response.ok) {
    forget();
    return false;
  }
  store(await response.json());
  return true;
}

// Tabs share one refresh token, so they take turns refreshing it.
function locked(work) {
  return navigator.locks ? navigator.locks.request(storageKey, work) : work();
}

export function scheduleRefresh() {
  clearTimeout(refreshTimer);
  if (!tokens) return;
  const due = Math.max(tokens.accessTokenExpiresAt - Date.now() - refreshAhead, 5_000);
  refreshTimer = setTimeout(() => refresh(), due);
}

window.addEventListener('storage', (event) => {
  if (event.key !== storageKey) return;
  if (event.newValue === null) forget();
  else {
    tokens = read();
    scheduleRefresh();
  }
});
