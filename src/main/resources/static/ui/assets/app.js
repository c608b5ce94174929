// The dashboard: signs in, then shows the view the address names, without reloading the
// page between views. Each view is a module with render(main, context) that may answer a
// function to call when the view is left (to stop following the live stream).
import { signIn, signOut, user } from './auth.js';
import { h, notFound } from './ui.js';

const ROUTES = [
  { pattern: /^\/ui\/?$/, nav: 'jobs', view: () => import('./views/jobs.js') },
  { pattern: /^\/ui\/jobs\/([^/]+)$/, nav: 'jobs', view: () => import('./views/job.js') },
  { pattern: /^\/ui\/batches\/([^/]+)$/, nav: 'jobs', view: () => import('./views/batch.js') },
  { pattern: /^\/ui\/submit$/, nav: 'submit', view: () => import('./views/submit.js') },
  { pattern: /^\/ui\/files$/, nav: 'files', view: () => import('./views/files.js') },
  { pattern: /^\/ui\/job-types$/, nav: 'job-types', view: () => import('./views/types.js') },
];

const main = document.getElementById('main');
let leave = null;
let shown = 0; // the render that owns the page: a slower earlier one must not take it back

async function start() {
  try {
    const config = await (await fetch('/ui/config.json')).json();
    await signIn(config);
  } catch (error) {
    main.replaceChildren(h('section', { class: 'problem', role: 'alert' },
      h('h1', {}, 'Cannot sign in'), h('p', {}, error.message)));
    return;
  }
  showUser();
  document.addEventListener('click', follow);
  window.addEventListener('popstate', () => render());
  await render();
}

function showUser() {
  const who = user();
  document.body.dataset.canWrite = who.canWrite;
  document.body.dataset.admin = who.admin;
  for (const item of document.querySelectorAll('[data-needs="write"]')) {
    item.closest('li').hidden = !who.canWrite;
  }
  const light = h('span', { class: 'live-light', title: 'Live updates', 'aria-label': 'Live updates off' });
  document.addEventListener('jobstream:live', event => {
    light.classList.toggle('on', event.detail.connected);
    light.setAttribute('aria-label', event.detail.connected ? 'Live updates on' : 'Live updates off');
  });
  document.getElementById('who').replaceChildren(
    light,
    h('span', { class: 'user', 'data-testid': 'user' }, who.name, who.admin ? ' (admin)' : who.canWrite ? '' : ' (read-only)'),
    h('button', { type: 'button', class: 'secondary small', onclick: signOut }, 'Sign out'));
}

/** Same-page navigation for links marked data-link (plain clicks only: a new tab stays a new tab). */
function follow(event) {
  const anchor = event.target.closest('a[data-link]');
  if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
    return;
  }
  event.preventDefault();
  navigate(anchor.getAttribute('href'));
}

/** Shows another view, with its own address in the history. */
export function navigate(path, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', path);
  } else {
    history.pushState(null, '', path);
  }
  return render();
}

async function render() {
  leave?.();
  leave = null;
  const mine = ++shown;
  const path = location.pathname;
  const route = ROUTES.find(candidate => candidate.pattern.test(path));
  for (const item of document.querySelectorAll('[data-nav]')) {
    if (route?.nav === item.dataset.nav) {
      item.setAttribute('aria-current', 'page');
    } else {
      item.removeAttribute('aria-current');
    }
  }
  if (!route) {
    main.replaceChildren(notFound('Page'));
    return;
  }
  const params = path.match(route.pattern).slice(1).map(decodeURIComponent);
  const module = await route.view();
  if (mine !== shown) {
    return;
  }
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  const stop = await module.render(view, { params, query: new URLSearchParams(location.search), user: user(), navigate });
  if (mine !== shown) {
    stop?.();
    return;
  }
  leave = stop || null;
  main.focus({ preventScroll: true });
}

start();
