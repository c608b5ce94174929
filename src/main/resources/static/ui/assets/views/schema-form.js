// A form built from a job type's payload schema (JSON Schema 2020-12): one control per
// top-level property that a person can fill in without knowing JSON, and a JSON textarea for
// the rest (nested objects, oneOf, arrays of objects). Values the form has no field for (a
// raw JSON payload's unknown keys) are kept and sent back, so switching modes loses nothing.
import { h } from '../ui.js';
import { filePicker, fileReference } from './file-picker.js';

let fieldCount = 0;

/**
 * The form of {@code schema}: {element, read() -> {payload, errors}, fill(payload),
 * showErrors([{field, message}]) -> the errors it could not place, clearErrors(), settled()}.
 * {@code read} answers errors (by field) for what cannot be read, such as bad JSON.
 */
export function schemaForm(schema) {
  const properties = schema?.properties && typeof schema.properties === 'object' ? schema.properties : {};
  const required = new Set(Array.isArray(schema?.required) ? schema.required : []);
  const fields = new Map(); // property name -> field
  let extras = {}; // the payload's keys the form has no field for
  const element = h('div', { class: 'schema-form' });

  for (const [name, property] of Object.entries(properties)) {
    const field = makeField(name, property || {}, required.has(name));
    fields.set(name, field);
    element.append(field.element);
  }
  if (!fields.size) {
    element.append(h('p', { class: 'hint' }, 'This type names no payload fields: use Raw JSON for anything it takes.'));
  }

  function read() {
    const payload = { ...extras };
    const errors = [];
    for (const [name, field] of fields) {
      try {
        const value = field.read();
        if (value === undefined) {
          delete payload[name];
        } else {
          payload[name] = value;
        }
      } catch (error) {
        errors.push({ field: `payload.${name}`, message: error.message });
      }
    }
    return { payload, errors };
  }

  function fill(payload) {
    extras = {};
    for (const [name, value] of Object.entries(payload || {})) {
      if (!fields.has(name)) {
        extras[name] = value;
      }
    }
    for (const [name, field] of fields) {
      const value = payload?.[name];
      if (!field.fill(value)) {
        // a value this control cannot show (a URL among file references): edit it as JSON
        const replacement = jsonField(name, properties[name] || {}, required.has(name));
        replacement.fill(value);
        field.element.replaceWith(replacement.element);
        fields.set(name, replacement);
      }
    }
  }

  function clearErrors() {
    for (const field of fields.values()) {
      field.error('');
    }
  }

  function showErrors(errors) {
    const unplaced = [];
    for (const error of errors) {
      const name = /^payload\.([^.[]+)/.exec(error.field || '')?.[1];
      const field = name && fields.get(name);
      if (field) {
        field.error(error.message, error.field);
      } else {
        unplaced.push(error);
      }
    }
    return unplaced;
  }

  /** The first field that takes uploaded files, for a file chosen elsewhere (the files view's "Parse"). */
  function picker() {
    return [...fields.values()].find(field => field.picker)?.picker ?? null;
  }

  /** Waits for uploads still running in the form's file pickers. */
  function settled() {
    return Promise.all([...fields.values()].map(field => field.settled?.()));
  }

  fill(defaults(properties));
  return { element, read, fill, showErrors, clearErrors, settled, picker };
}

function defaults(properties) {
  const values = {};
  for (const [name, property] of Object.entries(properties)) {
    if (property && property.default !== undefined) {
      values[name] = property.default;
    }
  }
  return values;
}

function makeField(name, property, isRequired) {
  const reference = fileReference(name, property);
  if (reference) {
    return pickerField(name, property, isRequired, reference);
  }
  const type = Array.isArray(property.type) ? property.type.find(t => t !== 'null') : property.type;
  if (Array.isArray(property.enum) && property.enum.every(value => typeof value === 'string')) {
    return enumField(name, property, isRequired);
  }
  if (type === 'string') {
    return stringField(name, property, isRequired);
  }
  if (type === 'integer' || type === 'number') {
    return numberField(name, property, isRequired, type);
  }
  if (type === 'boolean') {
    return booleanField(name, property, isRequired);
  }
  if (type === 'array' && property.items?.type === 'string') {
    return linesField(name, property, isRequired);
  }
  return jsonField(name, property, isRequired);
}

/** The frame every field shares: label, control, the description as a hint, and a place for its error. */
function frame(name, property, isRequired, control, { inline = false, body = control } = {}) {
  const id = `field-${++fieldCount}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  control.id = id;
  control.setAttribute('aria-describedby', `${hintId} ${errorId}`);
  if (isRequired) {
    control.setAttribute('aria-required', 'true');
  }
  const label = h('label', { for: id }, h('code', {}, name),
    isRequired ? h('span', { class: 'required', 'aria-hidden': 'true', title: 'required' }, ' *') : null);
  const message = h('p', { class: 'field-error', id: errorId, role: 'alert' });
  message.hidden = true;
  const element = h('div', { class: inline ? 'field field-inline' : 'field', dataset: { field: `payload.${name}` } },
    inline ? [body, label] : [label, body],
    h('p', { class: 'hint', id: hintId }, property.description || ''),
    message);
  const error = (text, path) => {
    message.hidden = !text;
    const detail = path && path !== `payload.${name}` ? `${path.replace(/^payload\./, '')}: ` : '';
    message.textContent = text ? `${detail}${text}` : '';
    element.classList.toggle('invalid', Boolean(text));
    if (text) {
      control.setAttribute('aria-invalid', 'true');
    } else {
      control.removeAttribute('aria-invalid');
    }
  };
  return { element, error };
}

function enumField(name, property, isRequired) {
  const select = h('select', { name },
    h('option', { value: '' }, isRequired ? 'choose…' : '(default)'),
    property.enum.map(value => h('option', { value }, value)));
  const { element, error } = frame(name, property, isRequired, select);
  return {
    element, error,
    read: () => select.value === '' ? undefined : select.value,
    fill: value => {
      if (value !== undefined && value !== null && !property.enum.includes(value)) {
        return false;
      }
      select.value = value ?? '';
      return true;
    },
  };
}

function stringField(name, property, isRequired) {
  const input = h('input', {
    name,
    type: property.format === 'uri' ? 'url' : 'text',
    maxlength: property.maxLength,
    placeholder: property.format === 'uuid' ? 'a UUID' : property.format === 'date-time' ? '2026-01-31T12:00:00Z' : undefined,
  });
  const { element, error } = frame(name, property, isRequired, input);
  return {
    element, error,
    read: () => input.value === '' ? undefined : input.value,
    fill: value => {
      if (value !== undefined && value !== null && typeof value !== 'string') {
        return false;
      }
      input.value = value ?? '';
      return true;
    },
  };
}

function numberField(name, property, isRequired, type) {
  // a text box, not type=number: a browser empties a number box that holds no number, and the
  // server should say what is wrong with what was typed rather than find the field missing
  const input = h('input', { name, type: 'text', inputmode: type === 'integer' ? 'numeric' : 'decimal', size: 12 });
  const limits = [
    property.minimum !== undefined ? `from ${property.minimum}` : null,
    property.maximum !== undefined ? `to ${property.maximum}` : null,
  ].filter(Boolean).join(' ');
  const described = { ...property, description: [property.description, limits && `(${limits})`].filter(Boolean).join(' ') };
  const { element, error } = frame(name, described, isRequired, input);
  return {
    element, error,
    read: () => {
      const text = input.value.trim();
      if (text === '') {
        return undefined;
      }
      const number = Number(text);
      return Number.isFinite(number) ? number : text; // the server names what is not a number
    },
    fill: value => {
      if (value !== undefined && value !== null && typeof value !== 'number') {
        return false;
      }
      input.value = value ?? '';
      return true;
    },
  };
}

function booleanField(name, property, isRequired) {
  const box = h('input', { name, type: 'checkbox' });
  const { element, error } = frame(name, property, isRequired, box, { inline: true });
  let explicitFalse = false; // a false the payload said, kept as false rather than left out
  box.addEventListener('change', () => { explicitFalse = !box.checked; });
  return {
    element, error,
    read: () => box.checked ? true : (explicitFalse || property.default === true || isRequired ? false : undefined),
    fill: value => {
      if (value !== undefined && value !== null && typeof value !== 'boolean') {
        return false;
      }
      box.checked = value === true;
      explicitFalse = value === false;
      return true;
    },
  };
}

function linesField(name, property, isRequired) {
  const area = h('textarea', { name, rows: 3 });
  const described = { ...property, description: [property.description, '(one per line)'].filter(Boolean).join(' ') };
  const { element, error } = frame(name, described, isRequired, area);
  return {
    element, error,
    read: () => {
      const lines = area.value.split('\n').map(line => line.trim()).filter(Boolean);
      return lines.length ? lines : undefined;
    },
    fill: value => {
      if (value !== undefined && value !== null
          && !(Array.isArray(value) && value.every(item => typeof item === 'string' && !item.includes('\n')))) {
        return false;
      }
      area.value = (value || []).join('\n');
      return true;
    },
  };
}

function jsonField(name, property, isRequired) {
  const area = h('textarea', { name, rows: 4, spellcheck: 'false', class: 'json-input' });
  const described = { ...property, description: [property.description, '(JSON)'].filter(Boolean).join(' ') };
  const { element, error } = frame(name, described, isRequired, area);
  return {
    element, error,
    read: () => {
      const text = area.value.trim();
      if (text === '') {
        return undefined;
      }
      try {
        return JSON.parse(text);
      } catch {
        throw new Error('is not valid JSON');
      }
    },
    fill: value => {
      area.value = value === undefined ? '' : JSON.stringify(value, null, 2);
      return true;
    },
  };
}

function pickerField(name, property, isRequired, reference) {
  const picker = filePicker({ multiple: reference.multiple, name });
  const { element, error } = frame(name, property, isRequired, picker.control, { body: picker.element });
  return {
    element, error,
    read: () => reference.wrap(picker.ids()),
    fill: value => {
      const ids = reference.unwrap(value);
      if (ids === null) {
        return false;
      }
      picker.set(ids);
      return true;
    },
    settled: () => picker.settled(),
    picker,
  };
}
