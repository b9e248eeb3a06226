import { App as AntApp } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffSession } from '../api/session-api.js';
import { useSession } from '../session/session-context.js';
import { describeProblem } from './describe-problem.js';

/** The signed-in staff member, or null; and whether they hold a role. */
export function useStaff(): { readonly staff: StaffSession | null; readonly has: (role: string) => boolean } {
  const { state } = useSession();
  const staff = state.kind === 'signed-in' ? state.session : null;
  return { staff, has: (role: string) => staff?.roles.includes(role) === true };
}

/**
 * Runs a change on the server: busy while it runs, a success message after, the server's
 * explanation (with the field at fault) on failure. Answers the result, or undefined on failure.
 */
export function useAction(): {
  readonly busy: boolean;
  readonly run: <T>(action: () => Promise<T>, success: string) => Promise<T | undefined>;
} {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(action: () => Promise<T>, success: string): Promise<T | undefined> => {
      setBusy(true);
      try {
        const result = await action();
        void message.success(success);
        return result;
      } catch (error) {
        void message.error({ content: describeProblem(error, t), duration: 8 });
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [message, t],
  );
  return { busy, run };
}
