import type { Language } from '@hutong/core';

/** `GET /api/health` (the server's `HealthResponse` schema). */
export interface Health {
  readonly status: 'ok';
  readonly version: string;
  readonly store: 'sqlite' | 'postgres';
  readonly nodeId: string;
  readonly time: string;
}

/** Why the status could not be shown: a problem the server described, or no usable answer. */
export type HealthFailure =
  | { readonly kind: 'problem'; readonly detail: string; readonly code: string }
  | { readonly kind: 'network' }
  | { readonly kind: 'unexpected'; readonly status: number };

export class HealthError extends Error {
  constructor(readonly failure: HealthFailure) {
    super(failure.kind);
    this.name = 'HealthError';
  }
}

function isHealth(value: unknown): value is Health {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.status === 'ok' &&
    typeof v.version === 'string' &&
    (v.store === 'sqlite' || v.store === 'postgres') &&
    typeof v.nodeId === 'string' &&
    typeof v.time === 'string'
  );
}

function isProblem(value: unknown): value is { detail: string; code: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.detail === 'string' && typeof v.code === 'string';
}

/**
 * Asks the node for its status. The server answers problems (RFC 9457) in the language
 * asked for, so the message shown is already in the interface's language.
 */
export async function fetchHealth(language: Language, signal?: AbortSignal): Promise<Health> {
  let response: Response;
  try {
    response = await fetch('/api/health', {
      headers: { accept: 'application/json', 'accept-language': language },
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new HealthError({ kind: 'network' });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok && isHealth(body)) return body;
  if (!response.ok && isProblem(body)) throw new HealthError({ kind: 'problem', detail: body.detail, code: body.code });
  throw new HealthError({ kind: 'unexpected', status: response.status });
}
