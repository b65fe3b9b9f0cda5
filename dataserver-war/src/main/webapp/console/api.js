// The REST API as the console calls it: same origin, the session cookie, the CSRF token held in
// memory only (never in storage), and every refusal turned into an ApiError carrying the problem
// details' words.

const CSRF_HEADER = 'X-PeerBook-CSRF';
let csrfToken = null;
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, title, detail, problem = {}) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title || `HTTP ${status}`;
    // the whole problem details, with extension members such as an import's `errors`
    this.problem = problem;
  }
}

/** Called when the server says the session is gone, so the page can ask to sign in again. */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

/**
 * Calls the API at `path` (relative to /api/). `body` is sent as JSON, or as it is when it is a
 * file (with `contentType`); `headers` adds request headers (e.g. If-Match). Resolves to the parsed
 * JSON (or null for 204), as `{json, headers}` when `withHeaders` is set; rejects with an ApiError
 * saying what went wrong.
 */
export async function call(method, path, body,
  { withHeaders = false, headers: extra = {}, contentType = null } = {}) {
  const headers = { Accept: 'application/json, application/problem+json', ...extra };
  // sent on every call, also without a token: it marks the request as the console's, so that a
  // refusal does not make the browser pop up its own password dialog
  headers[CSRF_HEADER] = csrfToken ?? 'none';
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body instanceof Blob) {
    headers['Content-Type'] = contentType || body.type || 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`api/${path}`, init);
  } catch (e) {
    throw new ApiError(0, 'Server unreachable', `The server did not answer (${e.message}).`);
  }
  const text = await response.text();
  const json = text ? parse(text) : null;
  if (!response.ok) {
    const error = new ApiError(response.status, json?.title, json?.detail ?? text.slice(0, 300),
      json ?? {});
    if (response.status === 401 && path !== 'session') {
      csrfToken = null;
      onSignedOut(error);
    }
    throw error;
  }
  return withHeaders ? { json, headers: response.headers } : json;
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { title: 'Unreadable answer', detail: text.slice(0, 300) };
  }
}

/** The signed-in administrator, or null. */
export async function currentSession() {
  try {
    const session = await call('GET', 'session');
    csrfToken = session.csrfToken;
    return session;
  } catch (e) {
    if (e.status === 401) {
      return null;
    }
    throw e;
  }
}

export async function signIn(name, password) {
  const session = await call('POST', 'session', { name, password });
  csrfToken = session.csrfToken;
  return session;
}

export async function signOut() {
  try {
    await call('DELETE', 'session');
  } finally {
    csrfToken = null;
  }
}
