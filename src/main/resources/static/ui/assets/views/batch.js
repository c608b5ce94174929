// One batch: its status, aggregate bar and counts per status, and its jobs as rows whose bars
// move live from the one stream; the bar and counts follow from the rows as they move, and
// the batch is read again (at most once a second) when a job starts or ends.
import { api } from '../api.js';
import { onJobEvent, onStreamStart } from '../live.js';
import { h, link, progressBar, statusBadge, time, confirm, notify, problem, notFound } from '../ui.js';
import { jobHead, jobRow, newer } from './job-rows.js';

const STATUSES = ['queued', 'processing', 'retrying', 'completed', 'failed', 'cancelled'];
const ACTIVE = ['queued', 'processing', 'retrying'];

export async function render(view, { params, user }) {
  const id = params[0];
  const latest = new Map(); // job id -> its newest event, also while the batch is read
  let shown = null;
  const stop = onJobEvent(event => {
    const seen = latest.get(event.job_id);
    if (seen && Date.parse(event.created_at) < Date.parse(seen.created_at)) {
      return;
    }
    latest.set(event.job_id, event);
    shown?.apply(event);
  });
  let batch;
  try {
    batch = await api(`/api/jobs/batch/${encodeURIComponent(id)}`);
  } catch (error) {
    view.append(error.status === 404 || error.status === 400 ? notFound('Batch') : problem(error));
    return stop;
  }
  shown = batchPage(view, batch, user, latest);
  const stopResync = onStreamStart(() => shown.resync());
  return () => {
    stop();
    stopResync();
    shown.leave();
  };
}

function batchPage(view, first, user, latest) {
  const id = first.batch_id;
  const jobs = new Map(); // job id -> { status, percent } as shown
  const rows = new Map();
  let status = first.status;
  let reloadTimer = null;
  const statusBox = h('span', { 'data-testid': 'batch-status' }, statusBadge(status));
  const bar = progressBar(first.progress.percent, 'Progress of this batch');
  const counts = h('ul', { class: 'counts', 'aria-label': 'Jobs per status' });
  const actions = h('div', { class: 'actions' });
  const message = h('div');
  const body = h('tbody');

  view.append(
    h('div', { class: 'view-head' },
      h('h1', {}, first.batch_name ? `Batch ${first.batch_name}` : 'Batch', ' ', h('code', { class: 'id' }, id)),
      link(`/ui/?batch_id=${id}`, 'In the jobs table')),
    h('section', { 'aria-label': 'Status' },
      h('p', { class: 'job-state' }, statusBox, ' ', h('span', { 'data-testid': 'batch-progress', class: 'job-bar' }, bar)),
      counts,
      h('p', { class: 'stage' }, `${first.job_count} job${first.job_count === 1 ? '' : 's'}, created `, time(first.created_at)),
      actions,
      message),
    h('div', { class: 'table-wrap' }, h('table', { class: 'jobs' },
      h('caption', { class: 'visually-hidden' }, 'Jobs of this batch'), jobHead(user), body)));

  function show(batch) {
    rows.clear();
    jobs.clear();
    body.replaceChildren(...batch.jobs.map(job => {
      const row = jobRow(job, user);
      rows.set(job.id, row);
      jobs.set(job.id, { status: job.status, percent: job.progress.percent });
      const seen = latest.get(job.id);
      if (seen && newer(seen, job)) {
        follow(seen); // the batch was read before this event: do not step back
      }
      return row;
    }));
    tally();
  }

  function follow(event) {
    rows.get(event.job_id).update(event);
    jobs.set(event.job_id, { status: event.status, percent: event.progress.percent });
  }

  /** Status, bar and counts as the batch's own view derives them, from the rows shown. */
  function tally() {
    const all = [...jobs.values()];
    const by = Object.fromEntries(STATUSES.map(each => [each, all.filter(job => job.status === each).length]));
    const active = all.filter(job => ACTIVE.includes(job.status));
    const percent = all.length
      ? Math.floor(all.reduce((sum, job) => sum + (ACTIVE.includes(job.status) ? job.percent : 100), 0) / all.length)
      : 0;
    bar.update(percent);
    counts.replaceChildren(...STATUSES.map(each => h('li', {},
      statusBadge(each), ' ', h('span', { class: 'count', 'data-status': each }, by[each]))));
    let next = 'completed';
    if (active.length) {
      next = by.queued === all.length ? 'queued' : 'processing';
    } else if (by.failed) {
      next = 'failed';
    } else if (all.length && by.cancelled === all.length) {
      next = 'cancelled';
    }
    if (next !== status) {
      status = next;
      statusBox.replaceChildren(statusBadge(status));
    }
    showActions();
  }

  function showActions() {
    const active = ACTIVE.includes(status);
    actions.replaceChildren(user.canWrite && active
      ? h('button', { type: 'button', class: 'danger', onclick: cancel }, 'Cancel batch')
      : '');
  }

  async function cancel() {
    message.replaceChildren();
    if (!await confirm('Every job of this batch that has not finished is cancelled.', 'Cancel batch')) {
      return;
    }
    try {
      await api(`/api/jobs/batch/${id}`, { method: 'DELETE' });
      notify('Batch cancelled');
      await reload();
    } catch (error) {
      message.replaceChildren(problem(error));
    }
  }

  async function reload() {
    try {
      show(await api(`/api/jobs/batch/${id}`));
    } catch (error) {
      message.replaceChildren(problem(error));
    }
  }

  show(first);
  return {
    apply(event) {
      if (!rows.has(event.job_id)) {
        return;
      }
      follow(event);
      tally();
      if (event.kind !== 'progress') {
        reloadTimer ??= setTimeout(() => { // a job started or ended: read the batch again, at most once a second
          reloadTimer = null;
          reload();
        }, 1000);
      }
    },
    /** The stream (re)started: the batch is read again. */
    resync() {
      reload();
    },
    leave() {
      clearTimeout(reloadTimer);
    },
  };
}
