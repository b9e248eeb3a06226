import type { Language } from '@hutong/core';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { fetchSession, type SignInInput, type StaffSession, signIn, signOut } from '../api/session-api.js';
import { mayHaveSession } from '../layout/format.js';

/** The staff session of this browser: unknown while it is being checked, then present or not. */
export type SessionState =
  | { readonly kind: 'checking' }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'signed-in'; readonly session: StaffSession };

export interface SessionValue {
  readonly state: SessionState;
  /** Signs in; rejects with the server's `ApiError` (shown to the user in their language). */
  readonly signIn: (input: SignInInput) => Promise<StaffSession>;
  readonly signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ language, children }: { readonly language: Language; readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>(() =>
    mayHaveSession(document.cookie) ? { kind: 'checking' } : { kind: 'signed-out' },
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: checked once per page load; the language does not change the answer.
  useEffect(() => {
    if (state.kind !== 'checking') return;
    const controller = new AbortController();
    fetchSession(language, controller.signal).then(
      (session) => setState({ kind: 'signed-in', session }),
      () => {
        if (!controller.signal.aborted) setState({ kind: 'signed-out' });
      },
    );
    return () => controller.abort();
  }, []);

  const doSignIn = useCallback(
    async (input: SignInInput) => {
      const session = await signIn(language, input);
      setState({ kind: 'signed-in', session });
      return session;
    },
    [language],
  );

  const doSignOut = useCallback(async () => {
    if (state.kind === 'signed-in') await signOut(language, state.session.csrfToken);
    setState({ kind: 'signed-out' });
  }, [language, state]);

  const value = useMemo(() => ({ state, signIn: doSignIn, signOut: doSignOut }), [state, doSignIn, doSignOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session, inside `SessionProvider`. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}
