// A form built from a job type's payload schema (JSON Schema 2020-12): one control per
// top-level property that a person can fill in without knowing JSON, and a JSON textarea for
// the rest (nested objects, oneOf, arrays of objects). Values the form has no field for (a
// raw JSON payload's unknown keys) are kept and sent back, so switching modes loses nothing.
import { h } from '../ui.js';
import { fileReference } from './file-picker.js';
import { booleanField, enumField, jsonField, linesField, numberField, pickerField, stringField } from './schema-fields.js';

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
