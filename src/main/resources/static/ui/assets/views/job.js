// One job: its status, bar, stage and message moving live from the one stream, its facts,
// payload and result, log, documents, artifacts, webhook deliveries and lineage, and what a
// writer may do with it. The address is the job's, so the page can be shared and reloaded.
import { api, download } from '../api.js';
import { onJobEvent, onStreamStart } from '../live.js';
import { h, link, progressBar, statusBadge, time, json, confirm, notify, problem, notFound } from '../ui.js';
import { newer, stageText } from './job-rows.js';
import { logPanel, documentsPanel, artifactsPanel, deliveriesPanel, lineagePanel } from './job-parts.js';

const ACTIVE = ['queued', 'processing', 'retrying'];

export async function render(view, { params, user, navigate }) {
  const id = params[0];
  let latest = null; // the newest event of this job seen, also while the job is read
  let job;
  let page = null; // the page's live parts, once shown
  const stop = onJobEvent(event => {
    if (event.job_id !== id || (latest && Date.parse(event.created_at) < Date.parse(latest.created_at))) {
      return;
    }
    latest = event;
    page?.apply(event);
  });
  try {
    job = await api(`/api/jobs/${encodeURIComponent(id)}`);
  } catch (error) {
    view.append(error.status === 404 || error.status === 400 ? notFound('Job') : problem(error));
    return stop;
  }
  page = await jobPage(view, job, { user, navigate, latest: () => latest });
  if (latest && newer(latest, job)) {
    page.apply(latest); // it arrived while the job was read
  }
  const stopResync = onStreamStart(() => page.resync());
  return () => {
    stop();
    stopResync();
    page.leave();
  };
}

async function jobPage(view, first, { user, navigate, latest }) {
  let job = first;
  let status = job.status;
  let reloadTimer = null;
  let panelTimer = null;
  const statusBox = h('span', { 'data-testid': 'job-status' }, statusBadge(status));
  const bar = progressBar(job.progress.percent, 'Progress of this job');
  const stage = h('p', { class: 'stage', 'data-testid': 'job-stage' }, stageText(job.progress));
  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': 'Job actions' });
  const actionMessage = h('div');
  const facts = h('dl', { class: 'facts' });
  const data = h('div');
  const log = logPanel(job.id, job.logs.at(-1)?.seq ?? 0);
  let documents = null; // once the job counts documents (a parse job, from its uploading stage on)
  const documentsSlot = h('div');
  const artifacts = artifactsPanel(job.id);
  const deliveries = job.webhook ? deliveriesPanel(job.id, user) : null;
  const lineage = h('div');

  document.title = `${job.type} job ${job.id.slice(0, 8)} · jobstream`;
  view.append(...[
    h('div', { class: 'view-head' },
      h('h1', {}, h('span', { class: 'type' }, job.type), ' job ', h('code', { class: 'id' }, job.id)),
      link('/ui/', 'All jobs')),
    h('section', { class: 'job-summary', 'aria-label': 'Status' },
      h('p', { class: 'job-state' }, statusBox, ' ', h('span', { 'data-testid': 'job-progress', class: 'job-bar' }, bar)),
      stage,
      actions,
      actionMessage),
    h('section', { 'aria-labelledby': 'facts-title' }, h('h2', { id: 'facts-title' }, 'Details'), facts),
    data,
    lineage,
    log,
    documentsSlot,
    artifacts,
    deliveries].filter(Boolean)); // the DOM writes a null as "null"

  function showStatus(value) {
    if (value !== status) {
      status = value;
      statusBox.replaceChildren(statusBadge(value));
      showActions();
    }
  }

  /** The documents panel, shown from the moment the job counts documents. */
  function showDocuments(count) {
    if (!documents && count != null) {
      documents = documentsPanel(job.id);
      documentsSlot.replaceChildren(documents);
      documents.refresh();
    }
  }

  function showJob() {
    showDocuments(job.total_documents);
    showStatus(job.status);
    bar.update(job.progress.percent);
    stage.textContent = stageText(job.progress);
    facts.replaceChildren(...jobFacts(job, user));
    data.replaceChildren(...[
      h('section', { 'aria-labelledby': 'payload-title' }, h('h2', { id: 'payload-title' }, 'Payload'), json(job.payload)),
      job.result != null
        ? h('section', { 'aria-labelledby': 'result-title', 'data-testid': 'result' }, h('h2', { id: 'result-title' }, 'Result'), json(job.result))
        : null,
      job.error
        ? h('section', { class: 'problem', role: 'alert', 'data-testid': 'job-error' },
          h('h2', {}, 'Error', job.error_code ? ` (${job.error_code})` : ''), h('p', {}, job.error))
        : null].filter(Boolean));
    showActions();
  }

  async function reload() {
    try {
      const fresh = await api(`/api/jobs/${job.id}`);
      const seen = latest();
      job = fresh;
      showJob();
      if (seen && !newer(seen, fresh)) {
        show(seen); // the answer is older than an event already shown: keep the event's state
        if (!ACTIVE.includes(seen.status) && ACTIVE.includes(fresh.status)) {
          clearTimeout(reloadTimer);
          reloadTimer = setTimeout(() => reload().then(refreshPanels), 1000); // its end was not yet committed
        }
      }
    } catch (error) {
      actionMessage.replaceChildren(problem(error));
    }
  }

  function refreshPanels() {
    artifacts.refresh();
    documents?.refresh();
    deliveries?.refresh();
  }

  function showActions() {
    const active = ACTIVE.includes(status);
    const button = (label, action, className) => h('button', { type: 'button', class: className, onclick: () => act(action) }, label);
    actions.replaceChildren(...[
      user.canWrite && active ? button('Cancel job', cancel, 'danger') : null,
      user.canWrite && !active ? button('Rerun job', rerun) : null,
      !active ? button('Download ZIP', archive, 'secondary') : null,
      user.canWrite && !active ? button('Delete job', remove, 'danger') : null].filter(Boolean));
  }

  async function act(action) {
    actionMessage.replaceChildren();
    try {
      await action();
    } catch (error) {
      actionMessage.replaceChildren(problem(error));
    }
  }

  async function cancel() {
    if (await confirm('The job stops and is marked cancelled.', 'Cancel job')) {
      await api(`/api/jobs/${job.id}`, { method: 'DELETE' });
      notify('Job cancelled');
      await reload();
    }
  }

  async function rerun() {
    if (await confirm('A new job runs with the same type and payload.', 'Rerun job')) {
      const fresh = await api(`/api/jobs/${job.id}/rerun`, { method: 'POST' });
      notify('Job submitted again');
      await navigate(`/ui/jobs/${fresh.id}`);
    }
  }

  async function remove() {
    if (await confirm('The job, its log, documents and artifacts are deleted for good.', 'Delete job')) {
      await api(`/api/history/jobs/${job.id}`, { method: 'DELETE' });
      notify('Job deleted');
      await navigate('/ui/');
    }
  }

  function archive() {
    return download(`/api/jobs/${job.id}/download-archive`, `job-${job.id}.zip`);
  }

  function show(event) {
    showDocuments(event.total_documents);
    bar.update(event.progress.percent);
    stage.textContent = stageText(event.progress);
    showStatus(event.status);
  }

  const page = {
    apply(event) {
      const ended = !ACTIVE.includes(event.status) && ACTIVE.includes(status);
      show(event);
      log.more();
      if (ended) {
        reload().then(refreshPanels); // the result, error and what the job kept
      } else if (event.kind !== 'progress' || documents) {
        panelTimer ??= setTimeout(() => { // a stage's artifact, a document's end: at most once a second
          panelTimer = null;
          refreshPanels();
        }, 1000);
      }
    },
    /** The stream (re)started: what happened before it is read again. */
    resync() {
      reload().then(refreshPanels);
      log.more();
    },
    leave() {
      clearTimeout(reloadTimer);
      clearTimeout(panelTimer);
      deliveries?.stop();
      document.title = 'jobstream';
    },
  };

  showJob();
  await Promise.all([log.more(), artifacts.refresh(), deliveries?.refresh(),
    lineagePanel(job).then(panel => lineage.replaceChildren(panel ?? ''))]);
  return page;
}

function jobFacts(job, user) {
  const fact = (term, ...value) => [h('dt', {}, term), h('dd', {}, ...value)];
  return [
    fact('Id', h('code', {}, job.id)),
    user.admin ? fact('Owner', job.owner) : null,
    fact('Type', job.type),
    job.batch_id ? fact('Batch', link(`/ui/batches/${job.batch_id}`, h('code', {}, job.batch_id))) : null,
    job.original_job_id ? fact('Rerun of', link(`/ui/jobs/${job.original_job_id}`, h('code', {}, job.original_job_id))) : null,
    fact('Created', time(job.created_at)),
    // a delayed job (run_at or delay at submit), or a retry waiting for its backoff
    ['queued', 'retrying'].includes(job.status) && Date.parse(job.run_at) > Date.parse(job.created_at) + 1000
      ? fact('Runs at', time(job.run_at))
      : null,
    fact('Started', time(job.started_at)),
    fact('Completed', time(job.completed_at)),
    fact('Updated', time(job.updated_at)),
    fact('Attempts', String(job.attempts), job.retry_count ? ` (${job.retry_count} ${job.retry_count === 1 ? 'retry' : 'retries'})` : ''),
    job.total_documents != null
      ? fact('Documents', `${job.processed_count} of ${job.total_documents} read`, job.failed_count ? `, ${job.failed_count} failed` : '')
      : null,
    job.error_code ? fact('Error code', h('code', {}, job.error_code)) : null,
    job.webhook ? fact('Webhook', job.webhook.url, ' (', job.webhook.events.join(', '), ')') : null,
  ].filter(Boolean).flat();
}
