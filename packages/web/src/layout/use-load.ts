import { type DependencyList, useCallback, useEffect, useState } from 'react';

/** A read in progress, done, or failed (the error is shown with a retry). */
export type Load<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'error'; readonly error: unknown };

/**
 * Runs `read` when `deps` change (and on `retry`), aborting the previous read so a late answer
 * never overwrites a newer one. With `keepWhileReloading`, a value already shown stays until the
 * new one arrives (what depends on it, such as a half-filled form, is not torn down meanwhile).
 */
export function useLoad<T>(
  read: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  options: { readonly keepWhileReloading?: boolean } = {},
): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to read again.
  useEffect(() => {
    const controller = new AbortController();
    if (options.keepWhileReloading !== true) setState({ kind: 'loading' });
    read(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ kind: 'ok', value });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', error });
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);
  return [state, retry];
}
