// Small helpers to build the page with the DOM (no innerHTML of data: nothing a job carries
// can become markup), and the pieces every view shows the same way.

/** An element: {@code h('a', {href, class, onclick, 'aria-label'}, children…)}. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name in element && typeof value !== 'string') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An in-app link: navigates without reloading. */
export function link(href, ...children) {
  return h('a', { href, 'data-link': true }, ...children);
}

/** A progress bar with its percentage as text beside it, for screen readers and eyes alike. */
export function progressBar(percent, label) {
  const bar = h('progress', { max: 100, value: percent, 'aria-label': label });
  const text = h('span', { class: 'percent' }, `${percent} %`);
  const wrap = h('span', { class: 'bar' }, bar, text);
  wrap.update = value => {
    bar.value = value;
    text.textContent = `${value} %`;
  };
  return wrap;
}

export function statusBadge(status) {
  return h('span', { class: `status status-${status}` }, status);
}

export function time(value) {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  return h('time', { datetime: value, title: date.toISOString() }, date.toLocaleString());
}

export function bytes(count) {
  if (count === null || count === undefined) {
    return '—';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** JSON, formatted, in a block that keeps its layout. */
export function json(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

/** Asks before something that cannot be undone; resolves true when confirmed. */
export function confirm(question, action) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = `${action}?`;
  document.getElementById('confirm-text').textContent = question;
  document.getElementById('confirm-ok').textContent = action;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
  });
}

/** A short message that announces itself to screen readers and goes away. */
export function notify(message, kind = 'info') {
  const notice = h('p', { class: `notice notice-${kind}` }, message);
  document.getElementById('notices').append(notice);
  setTimeout(() => notice.remove(), kind === 'error' ? 10_000 : 5000);
}

/** A failed call shown where it happened: the problem's message and each field's. */
export function problem(error) {
  return h('div', { class: 'problem', role: 'alert' },
    h('p', {}, error.message),
    error.fields?.length
      ? h('ul', {}, error.fields.map(field => h('li', {}, h('code', {}, field.field), ': ', field.message)))
      : null);
}

/** Shows "not found" for a job, batch or file that does not exist or is someone else's. */
export function notFound(what) {
  return h('section', { class: 'not-found' },
    h('h1', {}, `${what} not found`),
    h('p', {}, `There is no ${what.toLowerCase()} with this id that you can see.`),
    link('/ui/', 'Back to your jobs'));
}

/**
 * Cursor paging: Previous and Next around the total of {@code noun}s. {@code load} reads the
 * page at {@code pager.cursor} and hands the answer to {@code pager.show}.
 */
export function cursorPager(noun, load) {
  const before = []; // the cursors of the pages before this one
  const element = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const pager = {
    element,
    cursor: null,
    reset() {
      before.length = 0;
      pager.cursor = null;
    },
    show(page) {
      element.replaceChildren(
        h('button', { type: 'button', class: 'secondary', disabled: before.length === 0, onclick: () => {
          pager.cursor = before.pop() ?? null;
          load();
        } }, 'Previous page'),
        h('span', { class: 'total' }, `${page.total} ${noun}${page.total === 1 ? '' : 's'}`),
        h('button', { type: 'button', class: 'secondary', disabled: !page.has_more, onclick: () => {
          before.push(pager.cursor);
          pager.cursor = page.next_cursor;
          load();
        } }, 'Next page'));
    },
  };
  return pager;
}
