import type { Language } from '@hutong/core';

/**
 * Why a call gave no usable answer: a problem the server described (RFC 9457, already in the
 * language asked for), no connection, or an answer of an unexpected shape.
 */
export type ApiFailure =
  | {
      readonly kind: 'problem';
      readonly status: number;
      readonly detail: string;
      readonly code: string;
      /** The input field at fault, when the server named one (a form shows the message beside it). */
      readonly field?: string;
    }
  | { readonly kind: 'network' }
  | { readonly kind: 'unexpected'; readonly status: number };

export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.kind === 'problem' ? failure.code : failure.kind);
    this.name = 'ApiError';
  }
}

/** The methods that change state: the server wants the session's CSRF token with them. */
const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ApiRequest<T> {
  readonly language: Language;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  /** A body sent as it is (a file the user chose), with its media type, instead of JSON `body`. */
  readonly raw?: { readonly body: Blob; readonly contentType: string };
  /** A form body (`application/x-www-form-urlencoded`, e.g. OAuth's token endpoint) instead of JSON. */
  readonly form?: Readonly<Record<string, string>>;
  /** Echoed in `X-CSRF-Token` on state-changing calls (double-submit, see the server's cookies.ts). */
  readonly csrfToken?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Checks the answer's shape: the page never renders what it did not expect. */
  readonly accept: (body: unknown) => body is T;
  /** Further request headers (e.g. `Idempotency-Key`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Statuses that carry no body (204). */
  readonly empty?: boolean;
  /** The browser cache mode (`no-cache`: revalidate an answer the server lets caches keep, after a change). */
  readonly cache?: RequestCache;
}

/** True for an RFC 9457 problem as the Hutong server writes it (`detail` and `code`). */
export function isProblem(value: unknown): value is { detail: string; code: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.detail === 'string' && typeof v.code === 'string';
}

/** `path?query` with empty members left out, each name and value percent-encoded. */
export function withQuery(path: string, query: Readonly<Record<string, string | undefined>> | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, value);
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** Sends the request: the interface's language, JSON/raw/form body, CSRF token on changes, the session cookie. */
async function send(path: string, request: Omit<ApiRequest<unknown>, 'accept'>, accept: string): Promise<Response> {
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = {
    ...request.headers,
    accept,
    'accept-language': request.language,
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.raw !== undefined) headers['content-type'] = request.raw.contentType;
  if (request.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (CHANGING.has(method) && request.csrfToken !== undefined) headers['x-csrf-token'] = request.csrfToken;
  try {
    return await fetch(withQuery(path, request.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      ...(request.raw === undefined ? {} : { body: request.raw.body }),
      ...(request.form === undefined ? {} : { body: new URLSearchParams({ ...request.form }).toString() }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      ...(request.cache === undefined ? {} : { cache: request.cache }),
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    throw new ApiError({ kind: 'network' });
  }
}

/** The error of a refused or unexpected answer: the server's problem when it sent one. */
function failureOf(response: Response, body: unknown): ApiError {
  if (!response.ok && isProblem(body)) {
    const field = (body as { field?: unknown }).field;
    return new ApiError({
      kind: 'problem',
      status: response.status,
      detail: body.detail,
      code: body.code,
      ...(typeof field === 'string' ? { field } : {}),
    });
  }
  return new ApiError({ kind: 'unexpected', status: response.status });
}

/**
 * Calls the node's API with the interface's language in `Accept-Language`, so that problems
 * come back in the user's language, and with the session cookie (same origin).
 *
 * @example const types = await apiRequest('/api/v1/catalogue/types', { language: 'zh-CN', accept: isTypePage });
 */
export async function apiRequest<T>(path: string, request: ApiRequest<T>): Promise<T> {
  const response = await send(path, request, 'application/json');
  if (response.ok && request.empty === true) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok && request.accept(body)) return body;
  throw failureOf(response, body);
}

/** A file the API answered with, and the name it gave it (`Content-Disposition`, RFC 6266). */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly fileName: string;
}

/**
 * Fetches a file from the API (for a caller whose credentials are a header, where a plain link
 * cannot carry them); a refusal is the server's problem, as with `apiRequest`.
 */
export async function apiDownload(
  path: string,
  request: Omit<ApiRequest<unknown>, 'accept' | 'empty'> & {
    readonly mediaType: string;
    readonly fallbackName: string;
  },
): Promise<DownloadedFile> {
  const response = await send(path, request, `${request.mediaType}, application/problem+json`);
  if (!response.ok) throw failureOf(response, await response.json().catch(() => undefined));
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  return { blob: await response.blob(), fileName: named ?? request.fallbackName };
}

/** Hands a downloaded file to the browser's downloads, as a link with `download` would. */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the object URL can go once the event loop turns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Shape checks shared by the API modules. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const isString = (value: unknown): value is string => typeof value === 'string';
export const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
export const isLabel = (value: unknown): value is { zh: string; en: string } =>
  isObject(value) && isString(value.zh) && isString(value.en);
