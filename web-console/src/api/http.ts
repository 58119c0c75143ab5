/**
 * The one way the console talks HTTP to the API (used only by the resource
 * modules of src/api, never by pages or components): same origin, cookie session,
 * JSON in and out. Failures become ApiError carrying the API's error envelope,
 * so forms can put each issue next to its field.
 */
import type { TIssue } from '@hotline/core';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: TIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** The network itself failed (offline, API down): status 0. */
  get offline(): boolean {
    return this.status === 0;
  }
}

/** Called when any request answers 401: the session ended elsewhere. */
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'offline', (err as Error).message || 'Network error');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const envelope = (data as { error?: { code?: string; message?: string; issues?: TIssue[] } } | null)?.error;
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') onUnauthenticated?.();
    throw new ApiError(res.status, envelope?.code ?? `http_${res.status}`, envelope?.message ?? res.statusText, envelope?.issues ?? []);
  }
  return data as T;
}

export const http = {
  get: <T>(path: string) => api<T>('GET', path),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>('POST', path, body ?? {}, headers),
  patch: <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>('PATCH', path, body ?? {}, headers),
  put: <T>(path: string, body: unknown) => api<T>('PUT', path, body),
};

/** `?a=1&b=2` from the defined values only. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** A 404 from an endpoint another issue has not shipped yet. */
export const isMissingEndpoint = (err: unknown) => err instanceof ApiError && err.status === 404 && err.code === 'not_found';
