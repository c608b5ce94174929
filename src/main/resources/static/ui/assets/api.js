// The one way the page calls jobstream: the bearer token on every request, one renewal and
// retry on a 401, and problem documents turned into errors that name the fields.
import { accessToken, renew } from './auth.js';

/** A failed call: the problem document's title, detail and field errors. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.fields = problem?.errors || [];
  }
}

/** Calls the API: JSON in and out by default; {@code raw} answers the Response. */
export async function api(path, { method = 'GET', body, headers = {}, raw = false, signal } = {}) {
  for (let attempt = 0; ; attempt++) {
    const init = { method, headers: { Authorization: `Bearer ${await accessToken()}`, ...headers }, signal };
    if (body instanceof FormData || body instanceof Blob) {
      init.body = body;
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    const answer = await fetch(path, init);
    if (answer.status === 401 && attempt === 0) {
      await renew();
      continue;
    }
    if (!answer.ok) {
      throw await failure(answer);
    }
    if (raw) {
      return answer;
    }
    if (answer.status === 204) {
      return null;
    }
    const type = answer.headers.get('Content-Type') || '';
    return type.includes('json') ? answer.json() : answer.text();
  }
}

/** Uploads a file with progress (fetch cannot report an upload's progress): the stored file. */
export async function upload(file, onProgress) {
  const token = await accessToken();
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/files');
    request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.responseType = 'json';
    request.upload.addEventListener('progress', event => {
      if (event.lengthComputable) {
        onProgress(Math.round((event.loaded / event.total) * 100));
      }
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(100);
        resolve(request.response);
      } else {
        reject(new ApiError(request.status, request.response));
      }
    });
    request.addEventListener('error', () => reject(new Error('The upload was interrupted')));
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}

/** Downloads an API resource that needs the token (an artifact, a ZIP) under its file name. */
export async function download(path, fallbackName) {
  const answer = await api(path, { raw: true });
  const disposition = answer.headers.get('Content-Disposition') || '';
  const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const blob = await answer.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = named ? decodeURIComponent(named[1]) : fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

async function failure(answer) {
  let problem = null;
  try {
    problem = await answer.json();
  } catch {
    // not a problem document
  }
  return new ApiError(answer.status, problem);
}
