import type { Language } from '@hutong/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import { checkPublicly } from '../api/verify-api.js';
import type { CodeVerdict } from './describe-verdict.js';
import type { OnlineCheckState } from './verdict-view.js';

/** True when the code is genuine: readable, signed by a showing key of the trusted node. */
export function isGenuine(verdict: CodeVerdict): boolean {
  return ['format', 'signature', 'node-trusted'].every(
    (name) => verdict.checks.find((check) => check.name === name)?.ok === true,
  );
}

/**
 * The node's anonymous answer for a verified code (`POST /api/v1/verify/public`): asked only
 * for a genuine code (a forgery is not worth the node's time), and only with a network
 * (offline, the state says so). Returns the state and a function that asks again.
 */
export function useOnlineStatus(
  code: string | undefined,
  verdict: CodeVerdict | undefined,
  online: boolean,
  language: Language,
): [OnlineCheckState | undefined, () => void] {
  const { t } = useTranslation();
  const [status, setStatus] = useState<OnlineCheckState | undefined>();
  const [asked, setAsked] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `asked` is the button that asks again; `t` follows `language`.
  useEffect(() => {
    if (code === undefined || verdict === undefined || !isGenuine(verdict)) {
      setStatus(undefined);
      return;
    }
    if (!online) {
      setStatus({ kind: 'unavailable', message: t('verifier.online.offline') });
      return;
    }
    let current = true;
    setStatus({ kind: 'checking' });
    checkPublicly(code, language).then(
      (answer) => current && setStatus({ kind: 'done', status: answer }),
      (error: unknown) => current && setStatus({ kind: 'unavailable', message: describeApiError(error, t) }),
    );
    return () => {
      current = false;
    };
  }, [verdict, online, asked, code, language]);

  return [status, () => setAsked((n) => n + 1)];
}
