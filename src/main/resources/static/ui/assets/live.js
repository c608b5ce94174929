// One stream of every job the user may see (GET /api/jobs/events), shared by every view:
// a table of fifty running jobs opens one connection, not fifty. An EventSource cannot send
// a bearer token, so the stream opens with a short-lived stream token; when the stream
// breaks (a network change, a restart, the stream token expired), it is opened again with a
// fresh stream token, got with a fresh access token, after the last event seen.
import { api } from './api.js';

const KINDS = ['queued', 'started', 'progress', 'retrying', 'completed', 'failed', 'cancelled'];
const listeners = new Set();
const resyncs = new Set();
let source = null;
let lastId = null;
let opening = null;
let retryDelay = 1000;
let reopenTimer = null;

/** Calls {@code listener(event)} for every job event from now on; answers the function that stops it. */
export function onJobEvent(listener) {
  listeners.add(listener);
  ensureOpen();
  return () => listeners.delete(listener);
}

/**
 * Calls {@code listener()} each time the stream has (re)started: what happened before it is
 * not on the stream, so a view reads again what it shows (a job queued between the view's
 * first read and the stream's start would be missing). Answers the function that stops it.
 */
export function onStreamStart(listener) {
  resyncs.add(listener);
  return () => resyncs.delete(listener);
}

/** Whether the stream is open now (for the status light). */
export function connected() {
  return source?.readyState === EventSource.OPEN;
}

// A connection that lived through a network change may be dead without knowing it: drop it
// when the browser goes offline, and open a fresh one as soon as it is back.
window.addEventListener('offline', () => {
  if (source) {
    source.close();
    source = null;
    announce();
  }
});
window.addEventListener('online', () => {
  clearTimeout(reopenTimer);
  reopenTimer = null;
  retryDelay = 1000;
  if (listeners.size) {
    ensureOpen();
  }
});

function ensureOpen() {
  if (!source && !opening && !reopenTimer) {
    opening = open().finally(() => { opening = null; });
  }
}

async function open() {
  try {
    const { token } = await api('/api/stream-tokens', { method: 'POST' });
    const url = new URL('/api/jobs/events', location.origin);
    url.searchParams.set('stream_token', token);
    if (lastId) {
      url.searchParams.set('after', lastId);
    }
    source = new EventSource(url);
    source.addEventListener('ready', message => {
      lastId = message.lastEventId || lastId;
      retryDelay = 1000;
      announce();
      for (const resync of resyncs) {
        resync();
      }
    });
    for (const kind of KINDS) {
      source.addEventListener(kind, message => {
        lastId = message.lastEventId || lastId;
        retryDelay = 1000;
        const event = JSON.parse(message.data);
        for (const listener of listeners) {
          listener(event);
        }
      });
    }
    source.addEventListener('open', announce);
    source.addEventListener('error', () => {
      // the browser's own reconnect reuses the stream token, which may have expired: reopen ourselves
      source.close();
      source = null;
      announce();
      scheduleReopen();
    });
  } catch (error) {
    console.warn('Opening the live stream failed', error);
    scheduleReopen();
  }
}

function scheduleReopen() {
  if (!navigator.onLine) {
    return; // the online event opens it again
  }
  clearTimeout(reopenTimer);
  reopenTimer = setTimeout(() => {
    reopenTimer = null;
    ensureOpen();
  }, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 15_000);
}

function announce() {
  document.dispatchEvent(new CustomEvent('jobstream:live', { detail: { connected: connected() } }));
}
