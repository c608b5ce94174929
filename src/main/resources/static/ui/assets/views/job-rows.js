// A job as a table row whose bar, stage, status and time move with the job's events: shared
// by the jobs table and the batch page, so both show a job the same way.
import { h, link, progressBar, statusBadge, time } from '../ui.js';

/** A row of {@code job} (a summary); {@code row.update(event)} shows a later event of it. */
export function jobRow(job, user) {
  const bar = progressBar(job.progress.percent, `Progress of ${job.type} job ${job.id}`);
  const status = h('td', {}, statusBadge(job.status));
  const detail = h('span', { class: 'stage' }, stageText(job.progress));
  const row = h('tr', { dataset: { jobId: job.id, status: job.status } },
    h('th', { scope: 'row' }, link(`/ui/jobs/${job.id}`, h('span', { class: 'type' }, job.type), ' ',
      h('code', { class: 'id' }, job.id.slice(0, 8)))),
    user.admin ? h('td', {}, job.owner) : null,
    status,
    h('td', { class: 'progress-col' }, bar, detail),
    h('td', {}, time(job.created_at)),
    h('td', { class: 'updated' }, time(job.updated_at)));
  row.update = event => {
    bar.update(event.progress.percent);
    detail.textContent = stageText(event.progress);
    if (event.status !== row.dataset.status) {
      row.dataset.status = event.status;
      status.replaceChildren(statusBadge(event.status));
    }
    row.querySelector('.updated').replaceChildren(time(event.created_at));
  };
  return row;
}

/** The head of a table of such rows. */
export function jobHead(user) {
  return h('thead', {}, h('tr', {},
    h('th', { scope: 'col' }, 'Job'),
    user.admin ? h('th', { scope: 'col' }, 'Owner') : null,
    h('th', { scope: 'col' }, 'Status'),
    h('th', { scope: 'col', class: 'progress-col' }, 'Progress'),
    h('th', { scope: 'col' }, 'Created'),
    h('th', { scope: 'col' }, 'Updated')));
}

/** "stage · message", whichever of the two there is. */
export function stageText(progress) {
  return [progress.stage, progress.message].filter(Boolean).join(' · ');
}

/** Whether an event is news for a job read at {@code job.updated_at}: a fetch may answer older state than a live event. */
export function newer(event, job) {
  return Date.parse(event.created_at) >= Date.parse(job.updated_at);
}
