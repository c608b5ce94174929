// The controls of the schema form, one kind per kind of property: each answers {element,
// error(message, path), read() -> value or undefined when empty, fill(value) -> false when it
// cannot show the value}.
import { h } from '../ui.js';
import { filePicker } from './file-picker.js';

let fieldCount = 0;

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

export function enumField(name, property, isRequired) {
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

export function stringField(name, property, isRequired) {
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

export function numberField(name, property, isRequired, type) {
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

export function booleanField(name, property, isRequired) {
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

export function linesField(name, property, isRequired) {
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

export function jsonField(name, property, isRequired) {
  const area = h('textarea', { name, rows: 4, spellcheck: 'false', class: 'json-input' });
  // extract's template is a built-in template's name or an object: the name needs no quotes
  const takesText = acceptsString(property);
  const described = { ...property, description: [property.description, takesText ? '(JSON, or plain text)' : '(JSON)'].filter(Boolean).join(' ') };
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
        if (takesText && !/^[[{"]/.test(text)) {
          return text;
        }
        throw new Error('is not valid JSON');
      }
    },
    fill: value => {
      area.value = value === undefined ? '' : takesText && typeof value === 'string' ? value : JSON.stringify(value, null, 2);
      return true;
    },
  };
}

function acceptsString(property) {
  const branches = [property, ...(property.oneOf || []), ...(property.anyOf || [])];
  return branches.some(branch => branch?.type === 'string' || (Array.isArray(branch?.type) && branch.type.includes('string')));
}

export function pickerField(name, property, isRequired, reference) {
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
