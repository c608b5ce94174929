// The jobs table: filters in the address (so a filtered view can be shared), counts per
// status, cursor paging, and every active row's bar, stage and message moving live from
// the one stream of all the user's jobs.
import { api } from '../api.js';
import { onJobEvent, onStreamStart } from '../live.js';
import { cursorPager, h, link, statusBadge, problem } from '../ui.js';
import { jobHead, jobRow, newer } from './job-rows.js';

const STATUSES = ['queued', 'processing', 'retrying', 'completed', 'failed', 'cancelled'];
const SORTS = ['created_at', 'updated_at', 'completed_at', 'status', 'type'];
const FILTERS = ['status', 'type', 'batch_id', 'created_from', 'created_to', 'sort', 'order', 'owner'];

export async function render(view, { query, user, navigate }) {
  const filters = Object.fromEntries(FILTERS.filter(name => query.get(name)).map(name => [name, query.get(name)]));
  if (user.admin && !query.has('everyone') && !filters.owner) {
    filters.owner = user.subject; // an admin starts with their own jobs, and may switch to everyone's
  }
  const rows = new Map(); // job id -> row with update()
  const latest = new Map(); // job id -> its latest event seen, for rows read while it arrived
  let reloadTimer = null;
  let countTimer = null;

  const counts = h('ul', { class: 'counts', 'aria-label': 'Jobs per status' });
  const body = h('tbody');
  const table = h('table', { class: 'jobs' },
    h('caption', { class: 'visually-hidden' }, 'Your jobs'),
    jobHead(user),
    body);
  const pager = cursorPager('job', () => loadPage());
  const message = h('div', { class: 'list-message' });

  view.append(
    h('div', { class: 'view-head' }, h('h1', {}, 'Jobs'),
      user.canWrite ? link('/ui/submit', 'Submit a job') : null),
    await filterForm(filters, user, query, navigate),
    counts,
    message,
    h('div', { class: 'table-wrap' }, table),
    pager.element);

  async function loadPage() {
    const params = new URLSearchParams({ ...filters, limit: '50' });
    if (pager.cursor) {
      params.set('cursor', pager.cursor);
      params.delete('sort');
      params.delete('order');
    }
    try {
      const page = await api(`/api/jobs?${params}`);
      rows.clear();
      body.replaceChildren(...page.jobs.map(job => {
        const row = jobRow(job, user);
        const seen = latest.get(job.id);
        if (seen && newer(seen, job)) {
          row.update(seen); // the page was read before this event: do not step back
        }
        rows.set(job.id, row);
        return row;
      }));
      message.replaceChildren(page.jobs.length ? '' : h('p', {}, 'No jobs match.'));
      pager.show(page);
    } catch (error) {
      message.replaceChildren(problem(error));
    }
  }


  async function loadCounts() {
    const params = new URLSearchParams();
    for (const name of ['type', 'batch_id', 'created_from', 'created_to', 'owner']) {
      if (filters[name]) {
        params.set(name, filters[name]);
      }
    }
    try {
      const answer = await api(`/api/jobs/counts?${params}`);
      counts.replaceChildren(...STATUSES.map(status => h('li', {},
        link(withStatus(query, status), statusBadge(status), ' ', h('span', { class: 'count', 'data-status': status }, answer.counts[status])))));
    } catch (error) {
      counts.replaceChildren(h('li', {}, problem(error)));
    }
  }

  function later(timer, action, delay) {
    clearTimeout(timer);
    return setTimeout(action, delay);
  }

  const stop = onJobEvent(event => {
    latest.delete(event.job_id);
    latest.set(event.job_id, event);
    if (latest.size > 1000) {
      latest.delete(latest.keys().next().value);
    }
    const row = rows.get(event.job_id);
    if (row) {
      row.update(event);
    } else if (event.kind === 'queued' && !pager.cursor) {
      reloadTimer = later(reloadTimer, loadPage, 1000); // a new job: show it (at most once a second)
    }
    if (event.kind !== 'progress') {
      countTimer = later(countTimer, loadCounts, 1000);
    }
  });

  const stopResync = onStreamStart(() => {
    loadPage();
    loadCounts();
  });
  await Promise.all([loadPage(), loadCounts()]);
  return () => {
    stop();
    stopResync();
    clearTimeout(reloadTimer);
    clearTimeout(countTimer);
  };
}

function withStatus(query, status) {
  const params = new URLSearchParams(query);
  params.set('status', status);
  return `/ui/?${params}`;
}

async function filterForm(filters, user, query, navigate) {
  let types = [];
  try {
    types = (await api('/api/job-types')).job_types ?? [];
  } catch {
    // the filter still takes a typed name
  }
  const field = (label, control) => h('label', {}, h('span', {}, label), control);
  const select = (name, options, value) => h('select', { name },
    options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === (value ?? '') }, text)));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter jobs' },
    field('Status', select('status', [['', 'any'], ...STATUSES.map(s => [s, s])], filters.status)),
    field('Type', select('type', [['', 'any'], ...types.map(t => [t.name, t.name])], filters.type)),
    field('Batch', h('input', { name: 'batch_id', value: filters.batch_id ?? '', placeholder: 'batch id', size: 12 })),
    field('Created from', h('input', { type: 'datetime-local', name: 'created_from', value: local(filters.created_from) })),
    field('Created before', h('input', { type: 'datetime-local', name: 'created_to', value: local(filters.created_to) })),
    field('Sort by', select('sort', SORTS.map(s => [s, s.replace('_', ' ')]), filters.sort ?? 'created_at')),
    field('Order', select('order', [['desc', 'newest first'], ['asc', 'oldest first']], filters.order ?? 'desc')),
    user.admin ? field('Whose', select('whose', [['mine', 'my jobs'], ['everyone', "every user's"]],
      query.has('everyone') ? 'everyone' : 'mine')) : null,
    h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const [name, value] of data) {
      if (!value || name === 'whose' || (name === 'sort' && value === 'created_at') || (name === 'order' && value === 'desc')) {
        continue;
      }
      params.set(name, name.startsWith('created_') ? new Date(value).toISOString() : value);
    }
    if (data.get('whose') === 'everyone') {
      params.set('everyone', '1');
    }
    navigate(`/ui/${params.size ? `?${params}` : ''}`);
  });
  form.addEventListener('change', event => {
    if (event.target.tagName === 'SELECT') {
      form.requestSubmit();
    }
  });
  return form;
}

function local(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
