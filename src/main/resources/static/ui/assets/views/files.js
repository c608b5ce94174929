// The user's files: upload several at once (a bar each), list them page by page, download,
// delete (after asking), and start a parse job on one.
import { api, download, upload } from '../api.js';
import { bytes, confirm, cursorPager, h, notify, problem, progressBar, time } from '../ui.js';

const PAGE = 50;

export async function render(view, { user }) {
  const body = h('tbody');
  const message = h('div', { class: 'list-message' });
  const pager = cursorPager('file', () => loadPage());
  const uploads = h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
  const input = h('input', { type: 'file', multiple: true, id: 'files-upload' });

  view.append(
    h('div', { class: 'view-head' }, h('h1', {}, 'Files')),
    user.canWrite
      ? h('section', { class: 'upload-panel' },
        h('label', { for: 'files-upload' }, 'Upload files'), input,
        h('p', { class: 'hint' }, 'Jobs such as parse, extract, split and import read files you uploaded.'),
        uploads)
      : null,
    message,
    h('div', { class: 'table-wrap' }, h('table', { class: 'files' },
      h('caption', { class: 'visually-hidden' }, 'Your files'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col' }, 'Type'),
        h('th', { scope: 'col' }, 'Size'),
        h('th', { scope: 'col' }, 'Created'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      body)),
    pager.element);

  input.addEventListener('change', async () => {
    const files = [...input.files];
    input.value = '';
    await Promise.all(files.map(send));
    pager.reset();
    await loadPage();
  });

  async function send(file) {
    const bar = progressBar(0, `Uploading ${file.name}`);
    const row = h('li', { class: 'upload' }, h('span', { class: 'name' }, file.name), ' ', bar);
    uploads.append(row);
    try {
      await upload(file, percent => bar.update(percent));
      row.classList.add('done');
      row.append(' ', h('span', { class: 'uploaded' }, 'uploaded'));
      setTimeout(() => row.remove(), 10_000);
    } catch (error) {
      row.append(problem(error));
    }
  }

  async function loadPage() {
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (pager.cursor) {
      params.set('cursor', pager.cursor);
    }
    try {
      const page = await api(`/api/files?${params}`);
      body.replaceChildren(...page.files.map(fileRow));
      message.replaceChildren(page.files.length ? '' : h('p', {}, 'No files yet.'));
      pager.show(page);
    } catch (error) {
      message.replaceChildren(problem(error));
    }
  }


  function fileRow(file) {
    const actions = h('td', { class: 'file-actions' });
    const row = h('tr', { dataset: { fileId: file.id } },
      h('th', { scope: 'row', class: 'name' }, file.filename),
      h('td', {}, h('code', {}, file.content_type)),
      h('td', { class: 'size' }, bytes(file.bytes)),
      h('td', {}, time(file.created_at)),
      actions);
    actions.append(
      h('button', { type: 'button', class: 'secondary small', 'aria-label': `Download ${file.filename}`,
        onclick: () => download(`/api/files/${file.id}/content`, file.filename)
          .catch(error => notify(error.message, 'error')) }, 'Download'));
    if (user.canWrite) {
      actions.append(' ',
        h('a', { href: `/ui/submit?type=parse&file=${encodeURIComponent(file.id)}`, 'data-link': true,
          class: 'button secondary small', 'aria-label': `Parse ${file.filename}` }, 'Parse'),
        ' ',
        h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete ${file.filename}`,
          onclick: () => remove(file, actions) }, 'Delete'));
    }
    return row;
  }

  async function remove(file, place) {
    const sure = await confirm(`${file.filename} will be deleted with its bytes. Jobs that name it can no longer read it.`,
      'Delete file');
    if (!sure) {
      return;
    }
    try {
      await api(`/api/files/${file.id}`, { method: 'DELETE' });
      notify(`Deleted ${file.filename}`);
      await loadPage();
    } catch (error) {
      place.append(problem(error));
    }
  }

  await loadPage();
}
