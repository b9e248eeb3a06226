/**
 * The trust list every verifier scene checks codes against, with the network state: loaded
 * on mount, again when the network returns, and on demand (the refresh button).
 */
import type { Language } from '@hutong/core';
import { useEffect, useState } from 'react';
import { httpTrustSource, loadTrust, type TrustSource, type TrustState } from './trust-store.js';
import { loadTypeLabels, type TypeLabelIndex } from './type-labels.js';

/** What the browser knows has no network: the stored list is used without a failing request (and its console error). */
const NO_NETWORK: TrustSource = {
  anchor: () => Promise.reject(new Error('offline')),
  list: () => Promise.reject(new Error('offline')),
};

export type TrustLoad =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly trust: TrustState }
  | { readonly kind: 'error'; readonly error: unknown };

/** Whether the browser has a network (`navigator.onLine`, following its events). */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export interface Trust {
  readonly load: TrustLoad;
  readonly labels: TypeLabelIndex;
  readonly online: boolean;
  readonly refresh: () => void;
}

/** The trust list (fetched, else cached) and the catalogue's labels, for `language`. */
export function useTrust(language: Language): Trust {
  const online = useOnline();
  const [load, setLoad] = useState<TrustLoad>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [labels, setLabels] = useState<TypeLabelIndex>({});

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the refresh button; `online` reloads when the network returns.
  useEffect(() => {
    let current = true;
    setLoad({ kind: 'loading' });
    loadTrust(navigator.onLine ? httpTrustSource() : NO_NETWORK, window.localStorage, new Date()).then(
      (trust) => current && setLoad({ kind: 'ok', trust }),
      (error: unknown) => current && setLoad({ kind: 'error', error }),
    );
    void loadTypeLabels(language, window.localStorage, navigator.onLine).then((index) => current && setLabels(index));
    return () => {
      current = false;
    };
  }, [attempt, online, language]);

  return { load, labels, online, refresh: () => setAttempt((n) => n + 1) };
}
