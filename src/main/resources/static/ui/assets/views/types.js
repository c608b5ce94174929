// The job types this service takes: what each does, its stages, retries, time limits and
// capabilities, its payload schema, and a link to submit one.
import { api } from '../api.js';
import { h, json, problem, time } from '../ui.js';

export async function render(view, { user }) {
  view.append(h('div', { class: 'view-head' }, h('h1', {}, 'Job types')));
  let types;
  try {
    // admins also see the retired external types (their jobs may still be running)
    types = (await api(`/api/job-types${user.admin ? '?retired=true' : ''}`)).job_types ?? [];
  } catch (error) {
    view.append(problem(error));
    return;
  }
  const shown = types.filter(type => !type.retired_at || user.admin);
  view.append(h('nav', { class: 'type-index', 'aria-label': 'Job types' },
    h('ul', {}, shown.map(type => h('li', {}, h('a', { href: `#type-${type.name}` }, type.name))))));
  for (const type of shown) {
    view.append(typeSection(type, user));
  }
}

function typeSection(type, user) {
  const headingId = `type-${type.name}-title`;
  const policy = type.retry_policy;
  const facts = [
    ['Aliases', type.aliases?.length ? type.aliases.map(alias => h('code', {}, alias)).flatMap((c, i) => i ? [', ', c] : [c]) : '—'],
    ['Stages', type.stages?.length ? h('ol', { class: 'stage-list' }, type.stages.map(stage => h('li', {}, stage))) : '—'],
    ['Retries', policy
      ? `${policy.max_attempts} attempt${policy.max_attempts === 1 ? '' : 's'}, backoff ${duration(policy.initial_backoff)} `
        + `up to ${duration(policy.max_backoff)}, jitter ±${Math.round(policy.jitter * 100)} %`
      : '—'],
    ['Time limits', `${duration(type.stage_timeout)} a stage, ${duration(type.job_timeout)} the job`],
    ['Result', type.result_type || '—'],
    ['Capabilities', capabilities(type.capabilities)],
  ];
  if (type.external) {
    facts.push(['Delivery', type.delivery || '—'], ['Heartbeat timeout', duration(type.heartbeat_timeout)]);
  }
  if (type.retired_at) {
    facts.push(['Retired', time(type.retired_at)]);
  }
  return h('section', { class: 'job-type', id: `type-${type.name}`, 'aria-labelledby': headingId, dataset: { type: type.name } },
    h('div', { class: 'view-head' },
      h('h2', { id: headingId }, type.name,
        type.external ? h('span', { class: 'tag' }, 'external') : null,
        type.retired_at ? h('span', { class: 'tag tag-retired' }, 'retired') : null),
      user.canWrite && !type.retired_at
        ? h('a', { href: `/ui/submit?type=${encodeURIComponent(type.name)}`, 'data-link': true, class: 'button secondary small',
          'aria-label': `Submit one ${type.name} job` }, 'Submit one')
        : null),
    h('p', { class: 'description' }, type.description || ''),
    h('dl', { class: 'facts' }, facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    h('details', { class: 'schema' }, h('summary', {}, 'Payload schema'), json(type.payload_schema)),
    type.result_schema ? h('details', { class: 'schema' }, h('summary', {}, 'Result schema'), json(type.result_schema)) : null);
}

function capabilities(value) {
  if (!value || typeof value !== 'object' || !Object.keys(value).length) {
    return '—';
  }
  return h('ul', { class: 'capabilities' }, Object.entries(value).map(([name, detail]) => {
    if (detail && typeof detail === 'object' && 'available' in detail) {
      const rest = Object.entries(detail).filter(([key]) => key !== 'available')
        .map(([key, item]) => `${key.replaceAll('_', ' ')}: ${Array.isArray(item) ? item.join(', ') : JSON.stringify(item)}`);
      return h('li', {}, h('strong', {}, name), ': ', detail.available ? 'available' : 'not available',
        rest.length ? ` (${rest.join('; ')})` : '');
    }
    return h('li', {}, h('strong', {}, name), ': ', JSON.stringify(detail));
  }));
}

/** An ISO-8601 duration (PT1H30M, PT0.2S) as people write it (1 h 30 min, 0.2 s). */
export function duration(iso) {
  if (!iso) {
    return '—';
  }
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso);
  if (!match) {
    return iso;
  }
  const [, days, hours, minutes, seconds] = match;
  const parts = [days && `${days} d`, hours && `${hours} h`, minutes && `${minutes} min`, seconds && `${Number(seconds)} s`]
    .filter(Boolean);
  return parts.length ? parts.join(' ') : '0 s';
}
