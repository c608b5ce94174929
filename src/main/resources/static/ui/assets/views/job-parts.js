// The job page's panels that read more than the job: its log, documents, artifacts, webhook
// deliveries and lineage. Each panel answers an element with refresh() (or more()), so the
// page can bring it up to date when the job moves.
import { api, download } from '../api.js';
import { h, link, statusBadge, time, bytes, confirm, notify, problem } from '../ui.js';

const LOG_TAIL = 200; // lines shown at first; earlier ones on request
const PAGE = 100;

/**
 * The log, newest lines appended live: {@code more()} reads the lines after the last one
 * shown. Calls overlap while events arrive quickly, so one read runs at a time and a call
 * during it makes it read once more.
 */
export function logPanel(jobId, newestSeq) {
  const lines = h('pre', { class: 'log', 'data-testid': 'log', tabindex: 0, 'aria-label': 'Log' });
  const earlier = h('button', { type: 'button', class: 'secondary small', hidden: true, onclick: showEarlier },
    'Show earlier lines');
  const message = h('div');
  const panel = h('section', { 'aria-labelledby': 'log-title' }, h('h2', { id: 'log-title' }, 'Log'), earlier, lines, message);
  let first = Math.max(0, newestSeq - LOG_TAIL); // lines before this offset are not shown
  let last = first; // the seq of the newest line shown
  let reading = null;
  let again = false;

  async function read() {
    do {
      again = false;
      const page = await api(`/api/jobs/${jobId}/logs?offset=${last}&limit=1000`);
      const atEnd = lines.scrollTop + lines.clientHeight >= lines.scrollHeight - 4;
      for (const line of page.logs.filter(each => each.seq > last)) {
        lines.append(logLine(line));
        last = line.seq;
      }
      if (atEnd) {
        lines.scrollTop = lines.scrollHeight;
      }
      again ||= page.has_more;
    } while (again);
  }

  async function showEarlier() {
    const from = Math.max(0, first - LOG_TAIL);
    try {
      const page = await api(`/api/jobs/${jobId}/logs?offset=${from}&limit=${first - from}`);
      lines.prepend(...page.logs.filter(line => line.seq <= first).map(logLine));
      first = from;
      earlier.hidden = first === 0;
    } catch (error) {
      message.replaceChildren(problem(error));
    }
  }

  panel.more = () => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = read()
      .then(() => message.replaceChildren())
      .catch(error => message.replaceChildren(problem(error)))
      .finally(() => { reading = null; });
    return reading;
  };
  earlier.hidden = first === 0;
  return panel;
}

function logLine(line) {
  return h('span', { class: `line level-${line.level}`, dataset: { seq: line.seq } },
    time(line.timestamp), ' ', h('span', { class: 'level' }, line.level), ' ', line.message, '\n');
}

/** The job's documents with their status, first {@code PAGE} then more on request. */
export function documentsPanel(jobId) {
  const list = h('ol', { class: 'documents', 'data-testid': 'documents' });
  const more = h('button', { type: 'button', class: 'secondary small', hidden: true }, 'Show more documents');
  const message = h('div');
  const panel = h('section', { 'aria-labelledby': 'documents-title' },
    h('h2', { id: 'documents-title' }, 'Documents'), list, more, message);
  let shown = PAGE;
  more.addEventListener('click', () => {
    shown += PAGE;
    panel.refresh();
  });
  panel.refresh = async () => {
    try {
      const page = await api(`/api/jobs/${jobId}/documents?limit=${Math.min(shown, 1000)}&offset=0`);
      list.replaceChildren(...page.documents.map(documentItem));
      if (!page.documents.length) {
        list.append(h('li', { class: 'empty' }, 'No documents yet.'));
      }
      more.hidden = !page.has_more || shown >= 1000;
      message.replaceChildren();
    } catch (error) {
      message.replaceChildren(problem(error));
    }
  };
  return panel;
}

function documentItem(document) {
  const name = document.metadata?.filename || document.filename || document.url || document.file_id || `document ${document.index + 1}`;
  return h('li', { dataset: { status: document.status } },
    h('span', { class: 'doc-name' }, name), ' ', statusBadge(document.status),
    document.metadata?.pages != null ? h('span', { class: 'doc-fact' }, `${document.metadata.pages} pages`) : null,
    document.chunk_count != null ? h('span', { class: 'doc-fact' }, `${document.chunk_count} chunks`) : null,
    document.error ? h('span', { class: 'doc-error' }, document.error_code ? `${document.error_code}: ` : '', document.error) : null);
}

/** The job's artifacts, each a link that downloads it (with the token, so through download()). */
export function artifactsPanel(jobId) {
  const list = h('ul', { class: 'artifacts', 'data-testid': 'artifacts' });
  const message = h('div');
  const panel = h('section', { 'aria-labelledby': 'artifacts-title' },
    h('h2', { id: 'artifacts-title' }, 'Artifacts'), list, message);
  panel.refresh = async () => {
    try {
      const { artifacts } = await api(`/api/jobs/${jobId}/artifacts`);
      list.replaceChildren(...artifacts.map(artifact => h('li', {},
        h('a', { href: `/api/jobs/${jobId}/artifacts/${encodeURIComponent(artifact.name)}`, onclick: event => {
          event.preventDefault();
          download(`/api/jobs/${jobId}/artifacts/${encodeURIComponent(artifact.name)}`, artifact.name)
            .catch(error => message.replaceChildren(problem(error)));
        } }, artifact.name),
        ' ', h('span', { class: 'doc-fact' }, artifact.content_type, ', ', bytes(artifact.bytes)))));
      if (!artifacts.length) {
        list.append(h('li', { class: 'empty' }, 'No artifacts.'));
      }
      message.replaceChildren();
    } catch (error) {
      message.replaceChildren(problem(error));
    }
  };
  return panel;
}

/** The job's webhook deliveries with every attempt; writers may send one again. */
export function deliveriesPanel(jobId, user) {
  const body = h('tbody');
  const table = h('table', { class: 'deliveries' },
    h('caption', { class: 'visually-hidden' }, 'Webhook deliveries'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Event'),
      h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col' }, 'Attempts'),
      h('th', { scope: 'col' }, 'Next attempt'),
      user.canWrite ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
    body);
  const message = h('div');
  const panel = h('section', { 'aria-labelledby': 'deliveries-title', 'data-testid': 'deliveries' },
    h('h2', { id: 'deliveries-title' }, 'Webhook deliveries'), h('div', { class: 'table-wrap' }, table), message);
  let pending = null; // the next look while a delivery is being sent: no job event tells of its attempts
  // delivery id -> { attempts, until }: sent again, its new attempt not seen yet (its status may
  // read 'succeeded' a moment before the attempt is recorded)
  const awaited = new Map();
  const redelivered = delivery => {
    awaited.set(delivery.id, { attempts: delivery.attempts.length + 1, until: Date.now() + 30_000 });
    return panel.refresh();
  };
  panel.stop = () => clearTimeout(pending);
  panel.refresh = async () => {
    clearTimeout(pending);
    try {
      const deliveries = [];
      let after = 0;
      for (let page = 0; page < 10; page++) {
        const answer = await api(`/api/jobs/${jobId}/webhook-deliveries?after=${after}&limit=100`);
        deliveries.push(...answer.deliveries);
        after = answer.last_seq;
        if (!answer.has_more) {
          break;
        }
      }
      body.replaceChildren(...deliveries.map(delivery => deliveryRow(jobId, delivery, user, message, redelivered)));
      if (!deliveries.length) {
        body.append(h('tr', {}, h('td', { colspan: 5 }, 'No deliveries yet.')));
      }
      const due = deliveries.filter(delivery => delivery.status === 'pending')
        .map(delivery => (delivery.next_attempt_at ? Date.parse(delivery.next_attempt_at) : Date.now()) - Date.now());
      for (const delivery of deliveries) {
        const wait = awaited.get(delivery.id);
        if (wait && (delivery.attempts.length >= wait.attempts || Date.now() > wait.until)) {
          awaited.delete(delivery.id);
        }
      }
      if (awaited.size) {
        pending = setTimeout(panel.refresh, 1000);
      } else if (due.length) {
        pending = setTimeout(panel.refresh, Math.min(Math.max(Math.min(...due) + 500, 2000), 30_000));
      }
    } catch (error) {
      message.replaceChildren(problem(error));
    }
  };
  return panel;
}

function deliveryRow(jobId, delivery, user, message, redelivered) {
  const redeliver = async () => {
    if (!await confirm(`The "${delivery.phase}" event is sent to the webhook again.`, 'Redeliver')) {
      return;
    }
    try {
      await api(`/api/jobs/${jobId}/webhook-deliveries/${delivery.id}/redeliver`, { method: 'POST' });
      notify('Delivery sent again');
      message.replaceChildren();
      await redelivered(delivery);
    } catch (error) {
      message.replaceChildren(problem(error));
    }
  };
  return h('tr', { dataset: { deliveryId: delivery.id, status: delivery.status } },
    h('th', { scope: 'row' }, delivery.phase, ' ', h('span', { class: 'doc-fact' }, `#${delivery.event_seq}`)),
    h('td', {}, h('span', { class: `delivery delivery-${delivery.status}` }, delivery.status)),
    h('td', {}, h('ol', { class: 'attempts' }, delivery.attempts.map(attempt => h('li', {},
      time(attempt.started_at), ' ',
      attempt.status_code != null ? `HTTP ${attempt.status_code}` : attempt.error || 'under way',
      attempt.duration_ms != null ? ` (${attempt.duration_ms} ms)` : '')))),
    h('td', {}, time(delivery.next_attempt_at)),
    user.canWrite ? h('td', {}, h('button', { type: 'button', class: 'secondary small', onclick: redeliver,
      'aria-label': `Redeliver the ${delivery.phase} event` }, 'Redeliver')) : null);
}

/** Where the job came from (the job it reruns) and its reruns; null when it has neither. */
export async function lineagePanel(job) {
  let reruns = [];
  try {
    reruns = (await api(`/api/jobs?original_job_id=${job.id}&limit=100`)).jobs;
  } catch (error) {
    return h('section', {}, h('h2', {}, 'Lineage'), problem(error));
  }
  if (!job.original_job_id && !reruns.length) {
    return null;
  }
  return h('section', { 'aria-labelledby': 'lineage-title', 'data-testid': 'lineage' },
    h('h2', { id: 'lineage-title' }, 'Lineage'),
    job.original_job_id
      ? h('p', { 'data-testid': 'original-job' }, 'A rerun of ', link(`/ui/jobs/${job.original_job_id}`, h('code', {}, job.original_job_id)))
      : null,
    reruns.length
      ? h('div', {}, h('p', {}, 'Reruns:'), h('ul', { 'data-testid': 'reruns' }, reruns.map(rerun => h('li', {},
        link(`/ui/jobs/${rerun.id}`, h('code', {}, rerun.id)), ' ', statusBadge(rerun.status), ' ', time(rerun.created_at)))))
      : null);
}
