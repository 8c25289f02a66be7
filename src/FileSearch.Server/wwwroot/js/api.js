// Calls to the FileSearch HTTP API (/api/v1). Errors become ApiError, built from RFC 9457 problem details when the
// server sends them. State-changing requests carry the antiforgery token header.

export class ApiError extends Error {
  constructor(status, title, detail, errors) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title || '';
    this.detail = detail || '';
    this.errors = errors || {};
  }
}

async function toError(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      const problem = await response.json();
      return new ApiError(response.status, problem.title, problem.detail, problem.errors);
    } catch {
      // fall through to a generic error
    }
  }
  return new ApiError(response.status, response.statusText, '', {});
}

async function send(url, init) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, '', '', {});
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : null;
}

/** GET a JSON resource; params (an object or URLSearchParams) become the query string, empty values left out. */
export function getJson(path, params, signal) {
  const query = new URLSearchParams();
  if (params) {
    const entries = params instanceof URLSearchParams ? params.entries() : Object.entries(params);
    for (const [key, value] of entries) {
      if (value !== undefined && value !== null && value !== '') query.append(key, String(value));
    }
  }
  const text = query.toString();
  return send(text ? `${path}?${text}` : path, { headers: { Accept: 'application/json' }, signal });
}

let antiforgery = null;

/** The antiforgery token of this page's session (GET /api/v1/antiforgery), fetched once. */
export function getAntiforgery() {
  if (!antiforgery) {
    antiforgery = getJson('/api/v1/antiforgery').catch((error) => {
      antiforgery = null;
      throw error;
    });
  }
  return antiforgery;
}

async function antiforgeryHeaders() {
  const { token, headerName } = await getAntiforgery();
  return { [headerName || 'X-CSRF-TOKEN']: token };
}

/** POST JSON with the antiforgery token header. */
export async function postJson(path, body) {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json', ...(await antiforgeryHeaders()) };
  return send(path, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
}

/** POST multipart/form-data with the antiforgery token header. */
export async function postForm(path, formData, signal) {
  const headers = { Accept: 'application/json', ...(await antiforgeryHeaders()) };
  return send(path, { method: 'POST', headers, body: formData, signal });
}

let me = null;

/** The signed-in user (GET /api/v1/me), fetched once per page. */
export function getMe() {
  if (!me) me = getJson('/api/v1/me').catch(() => null);
  return me;
}
