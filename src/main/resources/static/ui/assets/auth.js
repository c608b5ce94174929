// Login by OpenID Connect authorization code with PKCE, as a public client: no secret in the
// page. Tokens live in this module's memory only, never in storage; what survives the
// redirect to the issuer (sessionStorage) is the PKCE verifier, the state and the path to
// return to, none of which is a credential once the code is used.

const PENDING = 'jobstream.login';
const RENEW_AHEAD = 0.8; // renew at 80 % of a token's lifetime

let config;
let endpoints;
let session = null; // { accessToken, refreshToken, expiresAt, claims }
let renewal = null; // the renewal in flight, shared by every caller
let timer = null;

/** Signs in: finishes a login that came back from the issuer, or goes to the issuer. Resolves once signed in. */
export async function signIn(settings) {
  config = settings;
  endpoints = await discover(config.issuer);
  const query = new URLSearchParams(location.search);
  if (query.has('error') && query.has('state')) {
    sessionStorage.removeItem(PENDING);
    throw new Error(`The login was refused: ${query.get('error_description') || query.get('error')}`);
  }
  if (query.has('code') && query.has('state')) {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    if (!pending || pending.state !== query.get('state')) {
      return redirectToLogin(location.pathname);
    }
    await exchange({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    });
    history.replaceState(null, '', pending.returnTo || '/ui/');
    return;
  }
  return redirectToLogin(location.pathname + location.search + location.hash);
}

/** A valid access token, renewed first when it is about to expire. */
export async function accessToken() {
  if (!session) {
    throw new Error('Not signed in');
  }
  if (Date.now() >= session.expiresAt - 5000) {
    await renew();
  }
  return session.accessToken;
}

/** Renews the tokens (a refresh token if the issuer gave one), else sends the user to log in again. */
export function renew() {
  if (!renewal) {
    renewal = doRenew().finally(() => { renewal = null; });
  }
  return renewal;
}

async function doRenew() {
  if (session?.refreshToken) {
    try {
      await exchange({ grant_type: 'refresh_token', refresh_token: session.refreshToken });
      return;
    } catch (error) {
      console.warn('Renewing the token failed; logging in again', error);
    }
  }
  await redirectToLogin(location.pathname + location.search + location.hash);
}

/** Who is signed in: subject and scopes, from the access token. */
export function user() {
  const claims = session?.claims || {};
  const scopes = new Set(
    (typeof claims.scope === 'string' ? claims.scope.split(' ') : Array.isArray(claims.scp) ? claims.scp : [])
      .filter(Boolean));
  const admin = scopes.has('jobs:admin');
  return {
    subject: claims.sub || '',
    name: claims.preferred_username || claims.name || claims.sub || '',
    admin,
    canRead: admin || scopes.has('jobs:read'),
    canWrite: admin || scopes.has('jobs:write'),
  };
}

/** Forgets the tokens and goes to the issuer's logout if it has one, else back to the login. */
export function signOut() {
  session = null;
  clearTimeout(timer);
  if (endpoints.end_session_endpoint) {
    const url = new URL(endpoints.end_session_endpoint);
    url.searchParams.set('client_id', config.client_id);
    url.searchParams.set('post_logout_redirect_uri', redirectUri());
    location.assign(url);
  } else {
    redirectToLogin('/ui/');
  }
}

async function discover(issuer) {
  const answer = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
  if (!answer.ok) {
    throw new Error(`The issuer ${issuer} did not answer its discovery document (${answer.status})`);
  }
  return answer.json();
}

function redirectUri() {
  return location.origin + '/ui/';
}

async function redirectToLogin(returnTo) {
  const verifier = randomText(48);
  const state = randomText(24);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(endpoints.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.client_id);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('scope', config.scope);
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', randomText(24));
  url.searchParams.set('code_challenge', await challenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url);
  return new Promise(() => {}); // the page is leaving
}

async function exchange(grant) {
  const body = new URLSearchParams({ client_id: config.client_id, ...grant });
  const answer = await fetch(endpoints.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  if (!answer.ok) {
    throw new Error(`The token endpoint answered ${answer.status}`);
  }
  const tokens = await answer.json();
  const claims = decode(tokens.access_token);
  const lifetime = (tokens.expires_in || (claims.exp ? claims.exp - Date.now() / 1000 : 300)) * 1000;
  session = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token || session?.refreshToken || null,
    expiresAt: Date.now() + lifetime,
    claims,
  };
  clearTimeout(timer);
  timer = setTimeout(() => renew().catch(() => {}), Math.max(1000, lifetime * RENEW_AHEAD));
}

function decode(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), c => c.charCodeAt(0))));
  } catch {
    return {};
  }
}

function randomText(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challenge(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
