// Submit a job: choose a type, fill in the form its payload schema makes (or the whole payload
// as raw JSON), optionally a webhook URL and a delay; a refused submit shows each field's error beside the
// field and keeps everything typed; an accepted one goes to the job's page.
import { api } from '../api.js';
import { h, link, problem } from '../ui.js';
import { schemaForm } from './schema-form.js';

export async function render(view, { query, user, navigate }) {
  view.append(h('div', { class: 'view-head' }, h('h1', {}, 'Submit a job')));
  if (!user.canWrite) {
    view.append(h('section', { class: 'read-only', 'data-testid': 'read-only' },
      h('p', {}, 'You can see jobs but not submit them: your sign-in grants read access only (jobs:read). ',
        'Ask an administrator for jobs:write to submit jobs.'),
      link('/ui/', 'Back to your jobs')));
    return;
  }
  let types;
  try {
    types = (await api('/api/job-types')).job_types ?? [];
  } catch (error) {
    view.append(problem(error));
    return;
  }
  types = types.filter(type => !type.retired_at);
  if (!types.length) {
    view.append(h('p', {}, 'There are no job types to submit.'));
    return;
  }
  const wanted = query.get('type');
  let type = types.find(t => t.name === wanted || t.aliases?.includes(wanted)) || types.find(t => t.name === 'demo') || types[0];

  let raw = false;
  let form = null;
  const typeSelect = h('select', { name: 'type', id: 'submit-type' },
    types.map(t => h('option', { value: t.name }, t.external ? `${t.name} (external)` : t.name)));
  const description = h('p', { class: 'hint type-description' });
  const typeError = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const formSlot = h('div', { class: 'payload-form' });
  const rawArea = h('textarea', { id: 'submit-raw', name: 'payload', rows: 14, spellcheck: 'false', class: 'json-input' });
  const rawError = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const rawSlot = h('div', { class: 'field raw-payload', hidden: true },
    h('label', { for: 'submit-raw' }, 'Payload (JSON)'), rawArea, rawError);
  const modeButton = h('button', { type: 'button', class: 'secondary small', 'aria-pressed': 'false' }, 'Raw JSON');
  const webhook = h('input', { type: 'url', id: 'submit-webhook', name: 'webhook_url', placeholder: 'https://example.com/hooks/jobstream' });
  const webhookError = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const delay = h('input', { type: 'text', id: 'submit-delay', name: 'delay', placeholder: '30s, 5m, 2h', autocomplete: 'off' });
  const delayError = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit' }, 'Submit job');
  const problems = h('div', { class: 'submit-problems' });

  const element = h('form', { class: 'submit-form', novalidate: true, 'aria-label': 'Submit a job' },
    h('div', { class: 'field' }, h('label', { for: 'submit-type' }, 'Job type'), typeSelect, description, typeError),
    h('fieldset', { class: 'payload' },
      h('legend', {}, 'Payload ', modeButton),
      formSlot, rawSlot),
    h('div', { class: 'field' },
      h('label', { for: 'submit-webhook' }, 'Webhook URL (optional)'), webhook,
      h('p', { class: 'hint' }, 'Where to POST the job\'s end (completed, failed or cancelled); see the webhooks docs.'),
      webhookError),
    h('div', { class: 'field' },
      h('label', { for: 'submit-delay' }, 'Start after (optional)'), delay,
      h('p', { class: 'hint' }, 'The job waits queued this long before it starts, such as 30s, 5m or 2h; empty: at once.'),
      delayError),
    problems,
    h('div', { class: 'actions' }, submit));
  view.append(element);

  function showType(keep) {
    typeSelect.value = type.name;
    description.textContent = [type.description, type.external ? '(runs in external workers)' : ''].filter(Boolean).join(' ');
    form = schemaForm(type.payload_schema);
    formSlot.replaceChildren(form.element);
    if (keep) {
      const known = new Set(Object.keys(type.payload_schema?.properties || {}));
      form.fill(Object.fromEntries(Object.entries(keep).filter(([name]) => known.has(name))));
    }
    if (raw) {
      rawArea.value = JSON.stringify(form.read().payload, null, 2);
    }
  }

  function setError(target, text) {
    target.hidden = !text;
    target.textContent = text || '';
  }

  function clearErrors() {
    form.clearErrors();
    problems.replaceChildren();
    for (const target of [typeError, rawError, webhookError, delayError]) {
      setError(target, '');
    }
  }

  /** The payload as the current mode holds it; throws with the errors that stop it being read. */
  function payload() {
    if (raw) {
      const text = rawArea.value.trim();
      try {
        return text === '' ? {} : JSON.parse(text);
      } catch {
        setError(rawError, 'The payload is not valid JSON.');
        throw new Error('invalid');
      }
    }
    const read = form.read();
    if (read.errors.length) {
      form.showErrors(read.errors);
      throw new Error('invalid');
    }
    return read.payload;
  }

  modeButton.addEventListener('click', () => {
    clearErrors();
    if (raw) {
      let value;
      try {
        value = payload();
      } catch {
        return; // stay in raw mode with the error shown
      }
      form.fill(value && typeof value === 'object' && !Array.isArray(value) ? value : {});
    } else {
      const read = form.read();
      if (read.errors.length) {
        form.showErrors(read.errors);
        return;
      }
      rawArea.value = JSON.stringify(read.payload, null, 2);
    }
    raw = !raw;
    rawSlot.hidden = !raw;
    formSlot.hidden = raw;
    modeButton.textContent = raw ? 'Form' : 'Raw JSON';
    modeButton.setAttribute('aria-pressed', String(raw));
  });

  typeSelect.addEventListener('change', () => {
    let keep = {};
    try {
      keep = payload();
    } catch {
      // what cannot be read is not carried over
    }
    clearErrors();
    type = types.find(t => t.name === typeSelect.value);
    const params = new URLSearchParams(location.search);
    params.set('type', type.name);
    params.delete('file');
    history.replaceState(null, '', `/ui/submit?${params}`);
    showType(keep);
  });

  element.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors();
    submit.disabled = true;
    try {
      await form.settled(); // uploads still running
      let body;
      try {
        body = { type: type.name, payload: payload() };
      } catch {
        return;
      }
      if (webhook.value.trim()) {
        body.webhook_url = webhook.value.trim();
      }
      if (delay.value.trim()) {
        body.delay = delay.value.trim();
      }
      const job = await api('/api/jobs', { method: 'POST', body });
      navigate(`/ui/jobs/${job.id}`);
    } catch (error) {
      showProblem(error);
    } finally {
      submit.disabled = false;
    }
  });

  function showProblem(error) {
    const unplaced = [];
    for (const field of error.fields || []) {
      const name = field.field || '';
      if (name === 'type') {
        setError(typeError, field.message);
      } else if (name.startsWith('webhook')) {
        setError(webhookError, field.message);
      } else if (name === 'delay' || name === 'run_at') {
        setError(delayError, field.message);
      } else if (raw && name.startsWith('payload')) {
        setError(rawError, [rawError.textContent, `${name.replace(/^payload\.?/, '') || 'payload'}: ${field.message}`]
          .filter(Boolean).join('\n'));
      } else {
        unplaced.push(field);
      }
    }
    const left = raw ? unplaced : form.showErrors(unplaced);
    const placed = (error.fields?.length ?? 0) - left.length;
    // the fields' own errors are beside them: the summary only counts them, lest it say them twice
    const message = placed && !left.length
      ? `The job was not submitted: ${placed === 1 ? 'a value needs' : `${placed} values need`} changing (marked above).`
      : error.message;
    const shown = problem({ message, fields: left });
    problems.replaceChildren(shown);
    (element.querySelector('.invalid [aria-invalid]') || shown).focus?.();
  }

  showType(null);
  const file = query.get('file');
  if (file) {
    form.picker()?.set([file]);
  }
}
