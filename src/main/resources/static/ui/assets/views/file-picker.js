// Choosing the files a document job reads: upload new ones (each with its progress bar) or
// pick ones uploaded before; the payload then names them by file_id.
import { api, upload } from '../api.js';
import { bytes, h, problem, progressBar } from '../ui.js';

/**
 * How a payload property names uploaded files, or null when it names none: a {@code file_id}
 * string (import), one document that may be {@code {file_id}} (split), or a list of them
 * (parse, extract). {wrap(ids) -> value, unwrap(value) -> ids or null if it holds more than files}.
 */
export function fileReference(name, property) {
  if (name === 'file_id' && typeof property?.type === 'string' && property.type === 'string') {
    return {
      multiple: false,
      wrap: ids => ids[0],
      unwrap: value => value === undefined || value === null ? [] : typeof value === 'string' ? [value] : null,
    };
  }
  if (takesFileId(property)) {
    return {
      multiple: false,
      wrap: ids => ids.length ? { file_id: ids[0] } : undefined,
      unwrap: value => value === undefined || value === null ? [] : onlyFileId(value) ? [value.file_id] : null,
    };
  }
  if (property?.type === 'array' && takesFileId(property.items)) {
    return {
      multiple: true,
      wrap: ids => ids.length ? ids.map(id => ({ file_id: id })) : undefined,
      unwrap: value => value === undefined || value === null ? []
        : Array.isArray(value) && value.every(onlyFileId) ? value.map(entry => entry.file_id) : null,
    };
  }
  return null;
}

function takesFileId(schema) {
  if (!schema || typeof schema !== 'object') {
    return false;
  }
  const branches = [schema, ...(schema.oneOf || []), ...(schema.anyOf || [])];
  return branches.some(branch => branch?.properties?.file_id);
}

function onlyFileId(value) {
  return value && typeof value === 'object' && !Array.isArray(value)
    && typeof value.file_id === 'string' && Object.keys(value).length === 1;
}

/**
 * A picker: {element, control (the upload input, for the field's label), ids(), set(ids),
 * add(file), settled()}.
 */
export function filePicker({ multiple, name }) {
  let chosen = []; // {id, filename, bytes}
  const known = new Map(); // id -> file
  const pending = new Set();
  const list = h('ul', { class: 'chosen-files', 'aria-label': `Files for ${name}` });
  const uploads = h('ul', { class: 'uploads' });
  const input = h('input', {
    type: 'file', multiple, 'aria-label': multiple ? `Upload files for ${name}` : `Upload a file for ${name}`,
  });
  const existing = h('select', { 'aria-label': `Choose an uploaded file for ${name}` },
    h('option', { value: '' }, 'or choose one you uploaded…'));
  const element = h('div', { class: 'file-picker' }, list,
    h('div', { class: 'picker-controls' }, input, existing), uploads);

  input.addEventListener('change', () => {
    for (const file of input.files) {
      const done = send(file).finally(() => pending.delete(done));
      pending.add(done);
    }
    input.value = '';
  });
  existing.addEventListener('change', () => {
    const file = known.get(existing.value);
    existing.value = '';
    if (file) {
      add(file);
    }
  });
  loadExisting();

  async function send(file) {
    const bar = progressBar(0, `Uploading ${file.name}`);
    const row = h('li', { class: 'upload' }, h('span', { class: 'name' }, file.name), ' ', bar);
    uploads.append(row);
    try {
      const stored = (await upload(file, percent => bar.update(percent))).files[0];
      known.set(stored.id, stored);
      add(stored);
      row.remove();
    } catch (error) {
      row.append(problem(error));
    }
  }

  async function loadExisting() {
    try {
      const page = await api('/api/files?limit=100');
      for (const file of page.files) {
        known.set(file.id, file);
        existing.append(h('option', { value: file.id }, `${file.filename} (${bytes(file.bytes)})`));
      }
    } catch {
      existing.hidden = true; // uploading still works
    }
  }

  function add(file) {
    known.set(file.id, file);
    chosen = multiple ? [...chosen.filter(entry => entry.id !== file.id), file] : [file];
    show();
  }

  function set(ids) {
    chosen = ids.map(id => known.get(id) || { id });
    show();
    for (const entry of chosen.filter(entry => !entry.filename)) {
      api(`/api/files/${encodeURIComponent(entry.id)}`)
        .then(file => {
          known.set(file.id, file);
          chosen = chosen.map(item => item.id === file.id ? file : item);
          show();
        })
        .catch(() => {}); // the id stays shown; the submit names what is wrong with it
    }
  }

  function show() {
    list.replaceChildren(...chosen.map(file => h('li', { dataset: { fileId: file.id } },
      h('span', { class: 'name' }, file.filename || file.id),
      file.bytes !== undefined ? h('span', { class: 'size' }, ` ${bytes(file.bytes)} `) : ' ',
      h('button', {
        type: 'button', class: 'secondary small', 'aria-label': `Remove ${file.filename || file.id}`,
        onclick: () => {
          chosen = chosen.filter(entry => entry.id !== file.id);
          show();
        },
      }, 'Remove'))));
  }

  return {
    element,
    control: input,
    ids: () => chosen.map(file => file.id),
    set,
    add,
    settled: () => Promise.all([...pending]),
  };
}
